#!/usr/bin/env bash
# Builds or installs every real server the tests and the local platform need, into one
# cache folder outside the work tree, so that a fresh clone on the same machine reuses it.
#
#   hack/bootstrap.sh            build what is missing (a second run takes seconds)
#   hack/bootstrap.sh --local    only the servers of the local platform (hack/run-local.sh): no
#                                test-only tools, no Docker engine, no images
#   SUNDAE_TOOLS_DIR=/path ...   cache somewhere else (default: ~/.cache/sundae)
#   SUNDAE_NO_DOCKER=1 ...       skip the Docker engine and its images (kind and compose runs)
#
# This machine reaches only package registries, so nothing here downloads a prebuilt binary or
# pulls an image: Go servers and tools are built from their official modules, Keycloak comes from
# Maven Central, PostgreSQL and the Docker engine from Debian's packages, and every container
# image is built here (hack/kind/node-image.sh, hack/images/build.sh).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=hack/versions.env
source "$ROOT/hack/versions.env"
TOOLS=${SUNDAE_TOOLS_DIR:-$HOME/.cache/sundae}
BIN=$TOOLS/bin
STAMPS=$TOOLS/stamps
mkdir -p "$BIN" "$STAMPS" "$TOOLS/src"

LOCAL_ONLY=0
case ${1:-} in
  --local) LOCAL_ONLY=1 ;;
  "") ;;
  *)
    echo "usage: hack/bootstrap.sh [--local]" >&2
    exit 2
    ;;
esac

export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0

log() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { printf '[bootstrap] ERROR: %s\n' "$*" >&2; exit 1; }

# One bootstrap at a time per tools folder: two (a test run and hack/run-local.sh, say) building
# the same image at once removed each other's intermediate images. The second waits.
exec 9>"$TOOLS/.bootstrap.lock"
if ! flock -n 9; then
  log "another hack/bootstrap.sh runs on $TOOLS: waiting for it"
  flock 9
fi

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

# shellcheck source=hack/lib/docker.sh
source "$ROOT/hack/lib/docker.sh"
# shellcheck source=hack/lib/go.sh
source "$ROOT/hack/lib/go.sh"

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is missing: $2"
}

need curl "install curl"
need go "install Go 1.24 or newer (https://go.dev/doc/install, or Debian's golang-go)"
need java "install a JDK 17 or newer"
need jar "install a full JDK 17 or newer (the jar tool is missing)"

# k8s.io/kubernetes replaces its staging modules with local folders, which a module download does
# not contain; so its commands are built from a wrapper module that pins the published staging
# modules (k8s.io/api v0.X.Y, ...) at the same release.
kubernetes_module() {
  local dir=$TOOLS/src/kubernetes-$K8S_VERSION gomod minor
  minor=${K8S_VERSION#*.}
  [[ -f $dir/go.mod ]] && return
  mkdir -p "$dir"
  gomod=$(go_module_field GoMod "k8s.io/kubernetes@v$K8S_VERSION")
  sed -e 's#^module .*#module sundae.local/kubernetes-build#' \
    -e "s#=> ./staging/src/\(k8s.io/[a-z-]*\)#=> \1 v0.$minor#" "$gomod" >"$dir/go.mod.tmp"
  printf '\nrequire k8s.io/kubernetes v%s\n' "$K8S_VERSION" >>"$dir/go.mod.tmp"
  mv "$dir/go.mod.tmp" "$dir/go.mod"
}

# build_kubernetes_commands CMD...: k8s.io/kubernetes/cmd/CMD into $BIN, with the version stamped
# as the release build does.
build_kubernetes_commands() {
  local dir=$TOOLS/src/kubernetes-$K8S_VERSION minor pkgs=() cmd
  minor=${K8S_VERSION#*.}
  kubernetes_module
  local pkg=k8s.io/component-base/version
  local ldflags="-s -w -X $pkg.gitVersion=v$K8S_VERSION -X $pkg.gitMajor=${K8S_VERSION%%.*}"
  ldflags+=" -X $pkg.gitMinor=${minor%%.*} -X $pkg.gitTreeState=clean"
  ldflags+=" -X $pkg.buildDate=1970-01-01T00:00:00Z"
  for cmd in "$@"; do pkgs+=("k8s.io/kubernetes/cmd/$cmd"); done
  (cd "$dir" && go build -mod=mod -trimpath -ldflags "$ldflags" -o "$BIN/" "${pkgs[@]}")
}

build_kubernetes() {
  build_kubernetes_commands kube-apiserver kube-controller-manager kubectl
  "$BIN/kube-apiserver" --version
}

# What a kind node runs besides: the kubelet, kubeadm, and the two control-plane components the
# tests' API server does not need.
build_kubernetes_node() {
  build_kubernetes_commands kubelet kubeadm kube-scheduler kube-proxy
  "$BIN/kubeadm" version -o short
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

# go_build_wrapped MODULE VERSION OUTPUT PACKAGE [LDFLAGS]: PACKAGE of MODULE@VERSION, built from
# a wrapper module that has MODULE's own go.mod under another name (so its requirements, excludes
# and replaces hold) and requires MODULE. `go install pkg@version` refuses a go.mod with exclude
# directives (Compose), and asks the proxy for the module's version list, which the proxy here
# refuses for some modules (KES).
go_build_wrapped() {
  local module=$1 version=$2 output=$3 package=$4 ldflags=${5:-}
  local dir=$TOOLS/src/$(basename "$output")-$version gomod
  rm -rf "$dir" && mkdir -p "$dir"
  gomod=$(go_module_field GoMod "$module@$version")
  sed -e "s#^module .*#module sundae.local/$(basename "$output")-build#" "$gomod" >"$dir/go.mod"
  printf '\nrequire %s %s\n' "$module" "$version" >>"$dir/go.mod"
  (cd "$dir" && go build -mod=mod -trimpath -ldflags "-s -w $ldflags" -o "$output" "$package")
}

build_kes() {
  go_build_wrapped github.com/minio/kes "$KES_VERSION" "$BIN/kes" github.com/minio/kes/cmd/kes
  "$BIN/kes" --version | head -1
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
  # so that every later start with --optimized takes seconds. (--cache is a start option in 26.x:
  # each start passes --cache=local.)
  JAVA_HOME=$(keycloak_java_home) "$dir/bin/kc.sh" build \
    --db=dev-file --health-enabled=true >"$TOOLS/keycloak-build.log" 2>&1 ||
    die "Keycloak build failed, see $TOOLS/keycloak-build.log"
}

install_postgres() {
  if ! ls /usr/lib/postgresql/"$POSTGRES_MAJOR"/bin/postgres >/dev/null 2>&1; then
    [[ $(id -u) == 0 ]] || die "PostgreSQL $POSTGRES_MAJOR is missing: run 'sudo apt-get install postgresql-$POSTGRES_MAJOR'"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-$POSTGRES_MAJOR" >/dev/null
  fi
}

# stunnel (Debian): the TLS front of ElasticMQ, which serves plain HTTP only (its maintainers'
# advice: put a proxy in front); hack/run-local.sh runs it, the kind image has it too.
install_stunnel() {
  if ! command -v stunnel4 >/dev/null 2>&1; then
    [[ $(id -u) == 0 ]] || die "stunnel is missing: run 'sudo apt-get install stunnel4'"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stunnel4 >/dev/null
  fi
}

# Chromium (Debian): the apps' browser tests (AppsE2E) drive it with playwright-core, whose own
# browser download does not work here (no download from the web, only registries)
# certutil (libnss3-tools) gives each test browser an NSS database that trusts the platform's CA.
install_chromium() {
  if ! command -v chromium >/dev/null 2>&1 || ! command -v certutil >/dev/null 2>&1; then
    [[ $(id -u) == 0 ]] || die "Chromium is missing: run 'sudo apt-get install chromium libnss3-tools'"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libnss3-tools >/dev/null
  fi
  chromium --version >/dev/null
  command -v certutil >/dev/null
}

# web-push-testing (npm) with the exact tree of hack/web-push-testing/package-lock.json, and
# serve.js, which starts it on loopback only.
install_web_push_testing() {
  local dir=$TOOLS/web-push-testing-$WEB_PUSH_TESTING_VERSION src=$ROOT/hack/web-push-testing
  need node "install Node.js 20 or newer (with npm)"
  need npm "install npm (it comes with Node.js)"
  node -e 'process.exit(parseInt(process.versions.node, 10) >= 20 ? 0 : 1)' ||
    die "web-push-testing needs Node.js 20 or newer, this is $(node --version)"
  grep -q "\"web-push-testing\": \"$WEB_PUSH_TESTING_VERSION\"" "$src/package.json" ||
    die "hack/web-push-testing/package.json does not pin web-push-testing $WEB_PUSH_TESTING_VERSION"
  rm -rf "$dir" && mkdir -p "$dir"
  cp "$src/package.json" "$src/package-lock.json" "$src/serve.js" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
  node -e "require('$dir/node_modules/web-push-testing/package.json').version === '$WEB_PUSH_TESTING_VERSION' || process.exit(1)" ||
    die "web-push-testing in $dir is not $WEB_PUSH_TESTING_VERSION"
}

# go_tool NAME MODULE VERSION: a command built from its official Go module into $BIN.
# schemathesis (ApiContractE2E) in a virtualenv of its own, from the pinned tree
install_schemathesis() {
  local venv=$TOOLS/python/schemathesis-$SCHEMATHESIS_VERSION
  need python3 "install Python 3.9 or newer"
  grep -qx "schemathesis==$SCHEMATHESIS_VERSION" "$ROOT/hack/schemathesis/requirements.txt" ||
    die "hack/schemathesis/requirements.txt does not pin schemathesis==$SCHEMATHESIS_VERSION"
  rm -rf "$venv" && python3 -m venv "$venv"
  "$venv/bin/pip" install -q --no-deps -r "$ROOT/hack/schemathesis/requirements.txt"
  "$venv/bin/st" --version >/dev/null
}

# pyarrow (AnalyticsExportIT reads the Parquet export back with it) in a virtualenv of its own
install_pyarrow() {
  local venv=$TOOLS/python/pyarrow-$PYARROW_VERSION
  need python3 "install Python 3.9 or newer"
  rm -rf "$venv" && python3 -m venv "$venv"
  "$venv/bin/pip" install -q --no-deps "pyarrow==$PYARROW_VERSION"
  "$venv/bin/python" -c "import pyarrow.parquet; assert pyarrow.__version__ == '$PYARROW_VERSION'"
}

go_tool() {
  GOBIN=$BIN go install -trimpath -ldflags "-s -w" "$2@$3"
}
build_helm() {
  # the ldflags of helm's Makefile: its version, and the Kubernetes version that `helm template`
  # and `helm lint` assume (that of the client-go it is built with), else v1.20
  local gomod k8s
  gomod=$(go_module_field GoMod "helm.sh/helm/v3@$HELM_VERSION")
  k8s=$(sed -n 's#^\s*k8s.io/client-go v0\.\([0-9]*\)\..*#\1#p' "$gomod")
  local ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$k8s"
  done
  GOBIN=$BIN go install -trimpath -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  "$BIN/helm" version --short
}
build_kubeconform() { go_tool kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM_VERSION"; }
build_crane() { go_tool crane github.com/google/go-containerregistry/cmd/crane "$CRANE_VERSION"; }
build_kind() {
  go_tool kind sigs.k8s.io/kind "$KIND_VERSION"
  "$BIN/kind" version
}
# metrics-server as its Makefile builds it: static (the image has no libc to spare), versioned.
build_metrics_server() {
  CGO_ENABLED=0 GOBIN=$BIN go install -trimpath \
    -ldflags "-s -w -X k8s.io/client-go/pkg/version.gitVersion=$METRICS_SERVER_VERSION" \
    "sigs.k8s.io/metrics-server/cmd/metrics-server@$METRICS_SERVER_VERSION"
  "$BIN/metrics-server" --version
  # its manifests too, from the same module: what e2e/kind/metrics-server applies
  local module
  module=$(go_module_field Dir "sigs.k8s.io/metrics-server@$METRICS_SERVER_VERSION")
  rm -rf "$TOOLS/metrics-server-manifests" && mkdir -p "$TOOLS/metrics-server-manifests"
  cp -r "$module/manifests/base" "$TOOLS/metrics-server-manifests/base"
  chmod -R u+w "$TOOLS/metrics-server-manifests"
}
# KEDA's operator and metrics adapter as its Makefile builds them (static, versioned), from a
# wrapper module: its go.mod replaces Kubernetes' modules, which `go install pkg@version` refuses.
# Its manifests too, from the same module: what e2e/kind/keda applies (config/minimal: no
# admission webhooks, whose binary is not built).
build_keda() {
  local ldflags="-X=github.com/kedacore/keda/v2/version.Version=$KEDA_VERSION" module
  CGO_ENABLED=0 go_build_wrapped github.com/kedacore/keda/v2 "$KEDA_VERSION" "$BIN/keda" \
    github.com/kedacore/keda/v2/cmd/operator "$ldflags"
  CGO_ENABLED=0 go_build_wrapped github.com/kedacore/keda/v2 "$KEDA_VERSION" "$BIN/keda-adapter" \
    github.com/kedacore/keda/v2/cmd/adapter "$ldflags"
  module=$(go_module_field Dir "github.com/kedacore/keda/v2@$KEDA_VERSION")
  rm -rf "$TOOLS/keda-manifests" && mkdir -p "$TOOLS/keda-manifests"
  cp -r "$module/config" "$TOOLS/keda-manifests/config"
  chmod -R u+w "$TOOLS/keda-manifests"
}
# The Compose CLI as its Makefile builds it (./cmd, the version stamped), installed both as a
# command and as the `docker compose` plugin, from a wrapper module (its go.mod has exclude
# directives, see go_build_wrapped).
build_compose() {
  go_build_wrapped github.com/docker/compose/v5 "$COMPOSE_VERSION" "$BIN/docker-compose" \
    github.com/docker/compose/v5/cmd "-X github.com/docker/compose/v5/internal.Version=$COMPOSE_VERSION"
  mkdir -p "$HOME/.docker/cli-plugins"
  ln -sf "$BIN/docker-compose" "$HOME/.docker/cli-plugins/docker-compose"
  "$BIN/docker-compose" version
}

# kubeconform validates against JSON schemas that it normally downloads from GitHub. Make them
# here the way the public sets are made: openapi2jsonschema over the OpenAPI spec that the
# k8s.io/kubernetes module of K8S_VERSION ships (api/openapi-spec/swagger.json). That spec has
# no apiextensions types: the tests validate the CRDs themselves with a server-side dry run.
build_kubeconform_schemas() {
  local venv=$TOOLS/python/openapi2jsonschema-$OPENAPI2JSONSCHEMA_VERSION k8s out
  rm -rf "$venv" && python3 -m venv "$venv"
  # its pins (PyYAML < 6, click < 8) no longer build on Python 3.11: install it without them and
  # give it the current releases of the same libraries, which it works with
  "$venv/bin/pip" install -q --no-deps "openapi2jsonschema==$OPENAPI2JSONSCHEMA_VERSION"
  "$venv/bin/pip" install -q --no-warn-conflicts "click==7.1.2" "colorama==0.4.6" "jsonref==0.2" "pyyaml==6.0.2"
  k8s=$(go_module_field Dir "k8s.io/kubernetes@v$K8S_VERSION")
  out=$TOOLS/kubeconform-schemas/v$K8S_VERSION-standalone-strict
  rm -rf "$out" && mkdir -p "$out"
  (cd "$out" && "$venv/bin/openapi2jsonschema" --kubernetes --stand-alone --strict --expanded \
    -o . "file://$k8s/api/openapi-spec/swagger.json" >/dev/null)
  log "$(find "$out" -name '*.json' | wc -l) schemas in $out"
}

# The base of the project's container images, built without a registry or a daemon: the shared
# libraries the JVM and PyTorch load (glibc, libstdc++, libgomp, zlib, libjpeg, lcms), CA
# certificates and time zones, from Debian's packages (apt-get download + dpkg-deb -x, nothing
# installed), a JRE jlinked from the local JDK, and a non-root user 65532. crane packs it as a
# one-layer linux/amd64 image tarball that Jib reads as tar://... (see the root pom, property
# sundae.base.image).
build_base_image() {
  local dir=$TOOLS/src/base-image jdk
  rm -rf "$dir" && mkdir -p "$dir/debs" "$dir/rootfs" "$TOOLS/images"
  need apt-get "the base image is made from Debian packages"
  # shellcheck disable=SC2086
  (cd "$dir/debs" && apt-get download $BASE_IMAGE_PACKAGES >/dev/null 2>&1) || {
    [[ $(id -u) == 0 ]] || die "apt-get download failed: run 'sudo apt-get update' and retry"
    apt-get update -qq
    # shellcheck disable=SC2086
    (cd "$dir/debs" && apt-get download $BASE_IMAGE_PACKAGES >/dev/null)
  }
  for deb in "$dir"/debs/*.deb; do dpkg-deb -x "$deb" "$dir/rootfs"; done
  (cd "$dir/debs" && ls) >"$TOOLS/images/sundae-base-jre17.packages.txt"
  local root=$dir/rootfs
  # what ca-certificates' postinst (update-ca-certificates) would have made
  mkdir -p "$root/etc/ssl/certs"
  cat "$root"/usr/share/ca-certificates/*/*.crt >"$root/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/lintian" "$root/usr/share/locale"
  jdk=$(dirname "$(dirname "$(readlink -f "$(command -v jlink)")")")
  "$jdk/bin/jlink" --add-modules "$BASE_IMAGE_JAVA_MODULES" --strip-debug --no-man-pages \
    --no-header-files --compress=2 --output "$root/opt/java"
  mkdir -p "$root/usr/bin" "$root/tmp" "$root/home/nonroot"
  ln -s /opt/java/bin/java "$root/usr/bin/java"
  chmod 1777 "$root/tmp" "$root/home/nonroot"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' >"$root/etc/group"
  "$root/opt/java/bin/java" -version 2>&1 | head -1
  tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$root" -cf "$dir/layer.tar" .
  # crane edits an image's config (platform, user, environment) only in a registry: its own
  # in-memory one, on loopback, for the few seconds this takes
  local port pid ref
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$BIN/crane" registry serve --address "127.0.0.1:$port" >"$dir/registry.log" 2>&1 &
  pid=$!
  for _ in $(seq 50); do
    curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break
    sleep 0.1
  done
  ref=127.0.0.1:$port/sundae/base-jre17
  "$BIN/crane" append --oci-empty-base -f "$dir/layer.tar" -t "$ref:layer" 2>/dev/null
  "$BIN/crane" mutate "$ref:layer" --set-platform linux/amd64 --user 65532:65532 \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin --env JAVA_HOME=/opt/java \
    --env LANG=C.UTF-8 --workdir /home/nonroot -t "$ref:latest" -o "$TOOLS/images/sundae-base-jre17.tar" >/dev/null
  kill "$pid"
  rm -rf "$dir/rootfs" "$dir/layer.tar"
  log "base image: $TOOLS/images/sundae-base-jre17.tar ($(du -h "$TOOLS/images/sundae-base-jre17.tar" | cut -f1))"
}

write_properties() {
  local pgbin
  pgbin=/usr/lib/postgresql/$POSTGRES_MAJOR/bin
  cat >"$TOOLS/tools.properties.tmp" <<EOF
# Written by hack/bootstrap.sh; read by the test support (sundae-testing) and hack/run-local.sh.
k8s.version=$K8S_VERSION
etcd=$BIN/etcd
kube-apiserver=$BIN/kube-apiserver
kube-controller-manager=$BIN/kube-controller-manager
kubectl=$BIN/kubectl
minio=$BIN/minio
kes=$BIN/kes
node=$(command -v node)
web-push-testing=$TOOLS/web-push-testing-$WEB_PUSH_TESTING_VERSION/serve.js
keycloak.home=$TOOLS/keycloak-$KEYCLOAK_VERSION
keycloak.java.home=$(keycloak_java_home)
postgres.bin=$pgbin
stunnel=$(command -v stunnel4)
helm=$BIN/helm
kubeconform=$BIN/kubeconform
kubeconform.schemas=$TOOLS/kubeconform-schemas
crane=$BIN/crane
kind=$BIN/kind
docker-compose=$BIN/docker-compose
kubeadm=$BIN/kubeadm
metrics-server.manifests=$TOOLS/metrics-server-manifests
keda.manifests=$TOOLS/keda-manifests
base-image=$TOOLS/images/sundae-base-jre17.tar
schemathesis=$TOOLS/python/schemathesis-$SCHEMATHESIS_VERSION/bin/st
pyarrow.python=$TOOLS/python/pyarrow-$PYARROW_VERSION/bin/python
EOF
  mv "$TOOLS/tools.properties.tmp" "$TOOLS/tools.properties"
}

total=$(date +%s)
log "tools folder: $TOOLS"
step "PostgreSQL $POSTGRES_MAJOR (Debian)" "postgres-$POSTGRES_MAJOR" install_postgres
step "stunnel (Debian)" "stunnel4" install_stunnel
step "etcd $ETCD_VERSION" "etcd-$ETCD_VERSION" build_etcd
step "Kubernetes $K8S_VERSION" "kubernetes-$K8S_VERSION" build_kubernetes
step "MinIO $MINIO_VERSION" "minio-$MINIO_VERSION" build_minio
step "KES $KES_VERSION" "kes-$KES_VERSION" build_kes
step "Keycloak $KEYCLOAK_VERSION" "keycloak-$KEYCLOAK_VERSION" install_keycloak
step "web-push-testing $WEB_PUSH_TESTING_VERSION (npm)" "web-push-testing-$WEB_PUSH_TESTING_VERSION-$(sha256sum "$ROOT/hack/web-push-testing/package-lock.json" "$ROOT/hack/web-push-testing/serve.js" | sha256sum | cut -c1-12)" install_web_push_testing
if ((LOCAL_ONLY)); then
  # tools.properties names every tool; the test support says "rerun hack/bootstrap.sh" for one
  # that is not there
  write_properties
  log "the local platform's servers ready in $(($(date +%s) - total)) s (hack/bootstrap.sh builds the rest)"
  exit 0
fi
step "Chromium and certutil (Debian)" "chromium-nss" install_chromium
step "schemathesis $SCHEMATHESIS_VERSION (PyPI)" "schemathesis-$SCHEMATHESIS_VERSION-$(sha256sum "$ROOT/hack/schemathesis/requirements.txt" | cut -c1-12)" install_schemathesis
step "pyarrow $PYARROW_VERSION (PyPI)" "pyarrow-$PYARROW_VERSION" install_pyarrow
step "helm $HELM_VERSION" "helm-$HELM_VERSION" build_helm
step "kubeconform $KUBECONFORM_VERSION" "kubeconform-$KUBECONFORM_VERSION" build_kubeconform
step "kubeconform schemas (Kubernetes $K8S_VERSION)" \
  "kubeconform-schemas-$K8S_VERSION-$OPENAPI2JSONSCHEMA_VERSION" build_kubeconform_schemas
step "crane $CRANE_VERSION" "crane-$CRANE_VERSION" build_crane
step "container base image (JRE 17, Debian packages)" "base-image-$BASE_IMAGE_REVISION" build_base_image
step "kind $KIND_VERSION" "kind-$KIND_VERSION" build_kind
step "Compose $COMPOSE_VERSION" "compose-$COMPOSE_VERSION" build_compose
step "metrics-server $METRICS_SERVER_VERSION" "metrics-server-$METRICS_SERVER_VERSION" build_metrics_server
step "KEDA $KEDA_VERSION" "keda-$KEDA_VERSION" build_keda
step "Kubernetes $K8S_VERSION node (kubelet, kubeadm, kube-scheduler, kube-proxy)" \
  "kubernetes-node-$K8S_VERSION" build_kubernetes_node
write_properties
# Images in the Docker engine (cached there and by content hash; each script says what it builds)
if [[ ${SUNDAE_NO_DOCKER:-} != 1 ]]; then
  docker_ensure_running
  docker_debian_base
  "$ROOT/hack/kind/node-image.sh"
  "$ROOT/hack/images/build.sh"
fi
log "all tools ready in $(($(date +%s) - total)) s"
