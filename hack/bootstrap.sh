#!/usr/bin/env bash
# Builds or installs every real server the tests and the local platform need, into one
# cache folder outside the work tree, so that a fresh clone on the same machine reuses it.
#
#   hack/bootstrap.sh            build what is missing (a second run takes seconds)
#   SUNDAE_TOOLS_DIR=/path ...   cache somewhere else (default: ~/.cache/sundae)
#
# This machine has no Docker and reaches only package registries, so nothing here
# downloads a prebuilt binary: Go servers are built from their official modules,
# Keycloak comes from Maven Central, PostgreSQL from Debian's packages.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=hack/versions.env
source "$ROOT/hack/versions.env"
TOOLS=${SUNDAE_TOOLS_DIR:-$HOME/.cache/sundae}
BIN=$TOOLS/bin
STAMPS=$TOOLS/stamps
mkdir -p "$BIN" "$STAMPS" "$TOOLS/src"

export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0

log() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] ERROR: %s\n' "$*" >&2; exit 1; }

# step NAME STAMP FUNCTION: runs FUNCTION unless STAMP exists, and prints how long it took.
step() {
  local name=$1 stamp=$STAMPS/$2 fn=$3 start
  if [[ -f $stamp ]]; then
    log "$name: cached ($2)"
    return
  fi
  log "$name: building ..."
  start=$(date +%s)
  "$fn"
  touch "$stamp"
  log "$name: done in $(($(date +%s) - start)) s"
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is missing: $2"
}

need go "install Go 1.24 or newer (https://go.dev/doc/install, or Debian's golang-go)"
need java "install a JDK 17 or newer"
need jar "install a full JDK 17 or newer (the jar tool is missing)"

build_kubernetes() {
  # k8s.io/kubernetes replaces its staging modules with local folders, which a module
  # download does not contain; so build from a wrapper module that pins the published
  # staging modules (k8s.io/api v0.X.Y, ...) at the same release.
  local dir=$TOOLS/src/kubernetes-$K8S_VERSION gomod minor
  minor=${K8S_VERSION#*.}
  rm -rf "$dir" && mkdir -p "$dir"
  gomod=$(go mod download -json "k8s.io/kubernetes@v$K8S_VERSION" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')
  sed -e 's#^module .*#module sundae.local/kubernetes-build#' \
    -e "s#=> ./staging/src/\(k8s.io/[a-z-]*\)#=> \1 v0.$minor#" "$gomod" >"$dir/go.mod"
  printf '\nrequire k8s.io/kubernetes v%s\n' "$K8S_VERSION" >>"$dir/go.mod"
  local pkg=k8s.io/component-base/version
  local ldflags="-s -w -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=${K8S_VERSION%%.*}"
  ldflags+=" -X $pkg.gitMinor=${minor%%.*} -X $pkg.gitTreeState=clean"
  ldflags+=" -X $pkg.buildDate=1970-01-01T00:00:00Z"
  (cd "$dir" && go build -mod=mod -trimpath -ldflags "$ldflags" -o "$BIN/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kubectl)
  "$BIN/kube-apiserver" --version
}

build_etcd() {
  # etcd's server module replaces its sibling modules with local folders too.
  local dir=$TOOLS/src/etcd-$ETCD_VERSION
  rm -rf "$dir" && mkdir -p "$dir"
  cat >"$dir/go.mod" <<EOF
module sundae.local/etcd-build

go 1.24.0

require (
	go.etcd.io/etcd/server/v3 v$ETCD_VERSION
	go.etcd.io/etcd/api/v3 v$ETCD_VERSION
	go.etcd.io/etcd/client/pkg/v3 v$ETCD_VERSION
	go.etcd.io/etcd/client/v3 v$ETCD_VERSION
	go.etcd.io/etcd/pkg/v3 v$ETCD_VERSION
)
EOF
  (cd "$dir" && go build -mod=mod -trimpath -ldflags "-s -w" -o "$BIN/etcd" go.etcd.io/etcd/server/v3)
  "$BIN/etcd" --version | head -1
}

build_minio() {
  GOBIN=$BIN go install -trimpath -ldflags "-s -w" "github.com/minio/minio@$MINIO_VERSION"
  "$BIN/minio" --version | head -1
}

# The JDK Keycloak runs on: $KEYCLOAK_JAVA_HOME, else the one of `java` on the PATH.
keycloak_java_home() {
  if [[ -n ${KEYCLOAK_JAVA_HOME:-} ]]; then
    echo "$KEYCLOAK_JAVA_HOME"
  else
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  fi
}

install_keycloak() {
  local dir=$TOOLS/keycloak-$KEYCLOAK_VERSION tmp
  tmp=$(mktemp -d)
  "$ROOT/mvnw" -q -B -N -f "$ROOT/pom.xml" dependency:copy \
    "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" "-DoutputDirectory=$tmp"
  rm -rf "$dir"
  # the JDK's jar tool unpacks zips everywhere; it drops the executable bits, so restore them
  (cd "$tmp" && jar xf "keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip")
  mv "$tmp/keycloak-$KEYCLOAK_VERSION" "$dir"
  chmod +x "$dir"/bin/*.sh
  rm -rf "$tmp"
  # Build the optimized server once (Quarkus augmentation takes most of a cold start),
  # so that every later start with --optimized takes seconds.
  JAVA_HOME=$(keycloak_java_home) "$dir/bin/kc.sh" build \
    --db=dev-file --health-enabled=true --cache=local >"$TOOLS/keycloak-build.log" 2>&1 ||
    die "Keycloak build failed, see $TOOLS/keycloak-build.log"
}

install_postgres() {
  if ! ls /usr/lib/postgresql/"$POSTGRES_MAJOR"/bin/postgres >/dev/null 2>&1; then
    [[ $(id -u) == 0 ]] || die "PostgreSQL $POSTGRES_MAJOR is missing: run 'sudo apt-get install postgresql-$POSTGRES_MAJOR'"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$POSTGRES_MAJOR" >/dev/null
  fi
}

layout_kube_api_test() {
  # fabric8 kube-api-test looks for <dir>/k8s/<version>-linux-amd64/{etcd,kube-apiserver,kubectl}
  # and downloads nothing when they are there.
  local dir=$TOOLS/kubeapitest/k8s/$K8S_VERSION-linux-amd64
  mkdir -p "$dir"
  for b in etcd kube-apiserver kubectl; do ln -f "$BIN/$b" "$dir/$b"; done
}

write_properties() {
  local pgbin
  pgbin=/usr/lib/postgresql/$POSTGRES_MAJOR/bin
  cat >"$TOOLS/tools.properties.tmp" <<EOF
# Written by hack/bootstrap.sh; read by the test support (sundae-testing) and hack/run-local.sh.
k8s.version=$K8S_VERSION
kube-api-test.dir=$TOOLS/kubeapitest
etcd=$BIN/etcd
kube-apiserver=$BIN/kube-apiserver
kube-controller-manager=$BIN/kube-controller-manager
kubectl=$BIN/kubectl
minio=$BIN/minio
keycloak.home=$TOOLS/keycloak-$KEYCLOAK_VERSION
keycloak.java.home=$(keycloak_java_home)
postgres.bin=$pgbin
EOF
  mv "$TOOLS/tools.properties.tmp" "$TOOLS/tools.properties"
}

total=$(date +%s)
log "tools folder: $TOOLS"
step "PostgreSQL $POSTGRES_MAJOR (Debian)" "postgres-$POSTGRES_MAJOR" install_postgres
step "etcd $ETCD_VERSION" "etcd-$ETCD_VERSION" build_etcd
step "Kubernetes $K8S_VERSION" "kubernetes-$K8S_VERSION" build_kubernetes
step "MinIO $MINIO_VERSION" "minio-$MINIO_VERSION" build_minio
step "Keycloak $KEYCLOAK_VERSION" "keycloak-$KEYCLOAK_VERSION" install_keycloak
layout_kube_api_test
write_properties
log "all tools ready in $(($(date +%s) - total)) s"
