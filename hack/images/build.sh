#!/usr/bin/env bash
# Builds the backend images the compose run and the kind e2e use into the local Docker engine,
# each from what this machine reaches (Debian packages, Maven Central, and what hack/bootstrap.sh
# built into the tools folder), on the Debian base image of hack/lib/docker.sh. The tags are those
# of hack/images/local.env; the Dockerfiles are in hack/images/<name>/.
#
#   hack/images/build.sh          build what is missing or stale (a second run takes seconds)
#   hack/images/build.sh NAME...  only these: postgres minio kes keycloak elasticmq
#                                 web-push-testing metrics-server keda
#
# An image is rebuilt only when the hash of its inputs (its folder here, the versions, the
# artifacts it copies, the base images) differs from the label dev.sundae.inputs of the tag.
# Run hack/bootstrap.sh first (it calls this script at its end).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=hack/versions.env
source "$ROOT/hack/versions.env"
# shellcheck source=hack/images/local.env
source "$ROOT/hack/images/local.env"
TOOLS=${SUNDAE_TOOLS_DIR:-$HOME/.cache/sundae}
HERE=$ROOT/hack/images
LABEL=dev.sundae.inputs
# the classic builder: it builds from local images alone (BuildKit is not needed, and the engine's
# own is too old for the current CLI's)
export DOCKER_BUILDKIT=0

log() { printf '[images] %s\n' "$*" >&2; }
die() {
  printf '[images] ERROR: %s\n' "$*" >&2
  exit 1
}

# shellcheck source=hack/lib/docker.sh
source "$ROOT/hack/lib/docker.sh"

ALL=(postgres minio kes keycloak elasticmq web-push-testing metrics-server keda)

need_file() {
  [[ -e $1 ]] || die "$1 is missing: run hack/bootstrap.sh first ($2)"
}

# The project's JRE base (a tarball bootstrap made for Jib) as an image of the engine, tagged by
# the tarball's hash so that a rebuilt base gives a new tag.
jre_base() {
  local tarball=$TOOLS/images/sundae-base-jre17.tar ref loaded
  need_file "$tarball" "the container base image"
  ref=sundae-local/base-jre17:$(sha256sum "$tarball" | cut -c1-12)
  if ! docker_image_present "$ref"; then
    loaded=$(docker load -i "$tarball" | sed -n 's/^Loaded image: //p' | head -1)
    [[ -n $loaded ]] || die "docker load -i $tarball named no image"
    docker tag "$loaded" "$ref"
    docker rmi "$loaded" >/dev/null
  fi
  echo "$ref"
}

elasticmq_version() {
  sed -n 's#.*<elasticmq.version>\(.*\)</elasticmq.version>.*#\1#p' "$ROOT/pom.xml" | head -1
}

node_binary() {
  local node
  node=$(command -v node) || die "node is missing: install Node.js 20 or newer"
  node -e 'process.exit(parseInt(process.versions.node, 10) >= 20 ? 0 : 1)' ||
    die "web-push-testing needs Node.js 20 or newer, this is $(node --version)"
  readlink -f "$node"
}

# image_ref NAME: the tag of local.env
image_ref() {
  case $1 in
    postgres) echo "$SUNDAE_POSTGRES_IMAGE" ;;
    minio) echo "$SUNDAE_MINIO_IMAGE" ;;
    kes) echo "$SUNDAE_KES_IMAGE" ;;
    keycloak) echo "$SUNDAE_KEYCLOAK_IMAGE" ;;
    elasticmq) echo "$SUNDAE_ELASTICMQ_IMAGE" ;;
    web-push-testing) echo "$SUNDAE_WEB_PUSH_TESTING_IMAGE" ;;
    metrics-server) echo "$SUNDAE_METRICS_SERVER_IMAGE" ;;
    keda) echo "$SUNDAE_KEDA_IMAGE" ;;
    *) die "no image '$1'; known: ${ALL[*]}" ;;
  esac
}

# inputs NAME: what the image is made of besides its folder here, one fact a line (cheap: sizes
# and hashes of the artifacts, not a build)
inputs() {
  local dir
  echo "base $(docker image inspect -f '{{.Id}}' "$DEBIAN_BASE_IMAGE")"
  case $1 in
    postgres) echo "postgres $POSTGRES_MAJOR" ;;
    minio)
      need_file "$TOOLS/bin/minio" "MinIO $MINIO_VERSION"
      echo "minio $MINIO_VERSION $(sha256sum "$TOOLS/bin/minio" | cut -d' ' -f1)"
      ;;
    kes)
      need_file "$TOOLS/bin/kes" "KES $KES_VERSION"
      echo "kes $KES_VERSION $(sha256sum "$TOOLS/bin/kes" | cut -d' ' -f1)"
      ;;
    keycloak)
      dir=$TOOLS/keycloak-$KEYCLOAK_VERSION
      need_file "$dir/bin/kc.sh" "Keycloak $KEYCLOAK_VERSION"
      # data/ is what a Keycloak started from this folder (the tests' one) writes: not an input
      echo "keycloak $KEYCLOAK_VERSION $(cd "$dir" && find . -path ./data -prune -o -printf '%P %s %m\n' | sort | sha256sum)"
      ;;
    elasticmq) echo "elasticmq $(elasticmq_version) jre $JRE" ;;
    web-push-testing)
      dir=$TOOLS/web-push-testing-$WEB_PUSH_TESTING_VERSION
      need_file "$dir/node_modules/web-push-testing/package.json" "web-push-testing $WEB_PUSH_TESTING_VERSION"
      echo "web-push-testing $WEB_PUSH_TESTING_VERSION $(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
      echo "node $(sha256sum "$(node_binary)" | cut -d' ' -f1)"
      ;;
    metrics-server)
      need_file "$TOOLS/bin/metrics-server" "metrics-server $METRICS_SERVER_VERSION"
      echo "metrics-server $METRICS_SERVER_VERSION $(sha256sum "$TOOLS/bin/metrics-server" | cut -d' ' -f1)"
      ;;
    keda)
      need_file "$TOOLS/bin/keda" "KEDA $KEDA_VERSION"
      need_file "$TOOLS/bin/keda-adapter" "KEDA $KEDA_VERSION"
      echo "keda $KEDA_VERSION $(cat "$TOOLS/bin/keda" "$TOOLS/bin/keda-adapter" | sha256sum | cut -d' ' -f1)"
      ;;
  esac
}

# stage NAME CONTEXT: puts the artifacts the Dockerfile copies into the build context
stage() {
  local ctx=$2 dir
  case $1 in
    postgres) ;;
    minio) cp "$TOOLS/bin/minio" "$ctx/minio" ;;
    kes) cp "$TOOLS/bin/kes" "$ctx/kes" ;;
    keycloak)
      # hard links where the tools folder allows: the distribution is 170 MB
      cp -al "$TOOLS/keycloak-$KEYCLOAK_VERSION" "$ctx/keycloak" 2>/dev/null ||
        cp -a "$TOOLS/keycloak-$KEYCLOAK_VERSION" "$ctx/keycloak"
      # an empty data/: not the database of a Keycloak the tests ran from the tools folder
      rm -rf "$ctx/keycloak/data" && mkdir "$ctx/keycloak/data"
      ;;
    elasticmq)
      "$ROOT/mvnw" -B -ntp -q -f "$ROOT/hack/local/elasticmq-server.pom.xml" \
        -Delasticmq.version="$(elasticmq_version)" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$ctx/lib" >"$ctx.maven.log" 2>&1 ||
        die "could not resolve elasticmq-server from Maven Central; see $ctx.maven.log"
      ;;
    web-push-testing)
      dir=$TOOLS/web-push-testing-$WEB_PUSH_TESTING_VERSION
      cp "$(node_binary)" "$ctx/node"
      mkdir "$ctx/app"
      cp -a "$dir/package.json" "$dir/package-lock.json" "$dir/node_modules" "$ctx/app/"
      ;;
    metrics-server) cp "$TOOLS/bin/metrics-server" "$ctx/metrics-server" ;;
    keda) cp "$TOOLS/bin/keda" "$TOOLS/bin/keda-adapter" "$ctx/" ;;
  esac
}

# build NAME: the image, unless its tag carries the hash of the same inputs
build() {
  local name=$1 ref hash current ctx start args
  ref=$(image_ref "$name")
  hash=$({
    (cd "$HERE/$name" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
    inputs "$name"
  } | sha256sum | cut -c1-16)
  current=$(docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$ref" 2>/dev/null || true)
  if [[ $current == "$hash" ]]; then
    RESULTS+=("$(printf '%-18s %-62s cached' "$name" "$ref")")
    return
  fi
  start=$(date +%s)
  log "$name: building $ref ${current:+(inputs changed) }..."
  ctx=$TOOLS/src/images/$name
  rm -rf "$ctx" && mkdir -p "$ctx"
  cp -a "$HERE/$name/." "$ctx/"
  stage "$name" "$ctx"
  args=(--build-arg "BASE=$DEBIAN_BASE_IMAGE" --label "$LABEL=$hash" -t "$ref")
  case $name in
    postgres) args+=(--build-arg "POSTGRES_MAJOR=$POSTGRES_MAJOR") ;;
    elasticmq) args+=(--build-arg "JRE=$JRE") ;;
  esac
  docker build "${args[@]}" "$ctx" >"$ctx.log" 2>&1 || die "$name: docker build failed; see $ctx.log"
  rm -rf "$ctx"
  RESULTS+=("$(printf '%-18s %-62s built in %d s' "$name" "$ref" $(($(date +%s) - start)))")
}

names=("$@")
((${#names[@]})) || names=("${ALL[@]}")
for name in "${names[@]}"; do image_ref "$name" >/dev/null; done
[[ $(elasticmq_version) == "${SUNDAE_ELASTICMQ_IMAGE##*:}" ]] ||
  die "hack/images/local.env tags ElasticMQ ${SUNDAE_ELASTICMQ_IMAGE##*:}, the root pom.xml pins" \
    "$(elasticmq_version): make them agree"

total=$(date +%s)
docker_ensure_running
docker_debian_base
JRE=$(jre_base)
RESULTS=()
for name in "${names[@]}"; do build "$name"; done
for line in "${RESULTS[@]}"; do log "$line"; done
log "images ready in $(($(date +%s) - total)) s"
