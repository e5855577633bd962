#!/usr/bin/env bash
# Builds the kind node image of Kubernetes K8S_VERSION with no registry, the way kind's own
# `kind build node-image` does (pkg/build/nodeimage of the kind module): a base with systemd,
# containerd, runc and the CNI plugins (hack/kind/Dockerfile.node, kind's images/base recipe on
# Debian's packages), the Kubernetes binaries and /kind/version, the default network plugin's
# manifest, and every image kubeadm asks for preloaded into the node's containerd under the exact
# name kubeadm lists (`kubeadm config images list`), each built here:
#   kube-apiserver, kube-controller-manager, kube-scheduler, kube-proxy   k8s.io/kubernetes module
#   etcd (the version kubeadm pins, not ETCD_VERSION)                     go.etcd.io/etcd module
#   coredns                                                              github.com/coredns/coredns
#   pause                                                                kubernetes' build/pause/linux/pause.c
# and kube-router, the network plugin (it enforces NetworkPolicy; kind's kindnetd is not served by
# the Go module proxy here).
#
#   hack/kind/node-image.sh          build it unless the engine already has it; prints the tag
#
# The tag is sundae-local/kind-node:v<K8S_VERSION>-<hash of the inputs>; it is also written to
# $TOOLS/images/kind-node.ref, which e2e/kind/run.sh reads. Called by hack/bootstrap.sh.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/hack/kind
# shellcheck source=hack/versions.env
source "$ROOT/hack/versions.env"
TOOLS=${SUNDAE_TOOLS_DIR:-$HOME/.cache/sundae}
BIN=$TOOLS/bin
log() { printf '[kind-node] %s\n' "$*" >&2; }
die() {
  printf '[kind-node] ERROR: %s\n' "$*" >&2
  exit 1
}
# shellcheck source=hack/lib/docker.sh
source "$ROOT/hack/lib/docker.sh"
# shellcheck source=hack/lib/go.sh
source "$ROOT/hack/lib/go.sh"
export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0

for b in kubelet kubeadm kubectl kube-apiserver kube-controller-manager kube-scheduler kube-proxy; do
  [[ -x $BIN/$b ]] || die "$BIN/$b is missing: run hack/bootstrap.sh"
done

inputs_hash=$( (
  grep -E '^(K8S_VERSION|KIND_VERSION|KUBE_ROUTER_VERSION|KIND_NODE_REVISION|DEBIAN_BASE_IMAGE|DEBIAN_RELEASE|DEBIAN_BASE_REVISION)=' "$ROOT/hack/versions.env"
  cat "$HERE/node-image.sh" "$HERE/Dockerfile.node" "$HERE/kube-router.yaml"
) | sha256sum | cut -c1-12)
NODE_IMAGE=sundae-local/kind-node:v$K8S_VERSION-$inputs_hash
mkdir -p "$TOOLS/images"
echo "$NODE_IMAGE" >"$TOOLS/images/kind-node.ref"
docker_ensure_running
if docker_image_present "$NODE_IMAGE"; then
  log "cached: $NODE_IMAGE"
  echo "$NODE_IMAGE"
  exit 0
fi
start=$(date +%s)
docker_debian_base

KIND_DIR=$(go_module_field Dir "sigs.k8s.io/kind@$KIND_VERSION")
K8S_DIR=$(go_module_field Dir "k8s.io/kubernetes@v$K8S_VERSION")

# What kubeadm will ask the node's containerd for, by name.
mapfile -t wanted < <("$BIN/kubeadm" config images list --kubernetes-version "v$K8S_VERSION")
image_named() {
  local name
  for name in "${wanted[@]}"; do
    [[ $name == registry.k8s.io/$1:* ]] && echo "$name" && return
  done
  die "kubeadm lists no $1 image: ${wanted[*]}"
}
ETCD_IMAGE=$(image_named etcd)
COREDNS_IMAGE=$(image_named coredns/coredns)
PAUSE_IMAGE=$(image_named pause)
KUBE_ROUTER_IMAGE=sundae-local/kube-router:$KUBE_ROUTER_VERSION
etcd_version=${ETCD_IMAGE##*:}
etcd_version=v${etcd_version%-*}
log "kubeadm asks for: ${wanted[*]}"

work=$TOOLS/src/kind-node
rm -rf "$work" && mkdir -p "$work/bin" "$work/ctx"
trap 'rm -rf "$work"' EXIT

log "etcd $etcd_version (kubeadm's), coredns ${COREDNS_IMAGE##*:}, kube-router $KUBE_ROUTER_VERSION: building ..."
# etcd's server module replaces its siblings with local folders: build from a wrapper module that
# pins them (as hack/bootstrap.sh does for ETCD_VERSION)
mkdir -p "$work/etcd"
cat >"$work/etcd/go.mod" <<EOF
module sundae.local/etcd-build

go 1.24.0

require (
	go.etcd.io/etcd/server/v3 $etcd_version
	go.etcd.io/etcd/api/v3 $etcd_version
	go.etcd.io/etcd/client/pkg/v3 $etcd_version
	go.etcd.io/etcd/client/v3 $etcd_version
	go.etcd.io/etcd/pkg/v3 $etcd_version
)
EOF
(cd "$work/etcd" && go build -mod=mod -trimpath -ldflags "-s -w" -o "$work/bin/etcd" go.etcd.io/etcd/server/v3)
GOBIN=$work/bin go install -trimpath -ldflags "-s -w" "github.com/coredns/coredns@${COREDNS_IMAGE##*:}"
GOBIN=$work/bin go install -trimpath -ldflags "-s -w -X github.com/cloudnativelabs/kube-router/v2/pkg/version.Version=$KUBE_ROUTER_VERSION" \
  "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@$KUBE_ROUTER_VERSION"
# pause: a static C program, as kubernetes' build/pause Makefile compiles it
gcc -Os -Wall -Werror -static "-DVERSION=v${PAUSE_IMAGE##*:}-sundae" -o "$work/bin/pause" "$K8S_DIR/build/pause/linux/pause.c"
strip "$work/bin/pause"

# image TAG DOCKERFILE FILE...: builds TAG from DOCKERFILE (text) with FILEs in its context.
image() {
  local tag=$1 dockerfile=$2 ctx
  shift 2
  ctx=$(mktemp -d -p "$work")
  cp "$@" "$ctx/"
  printf '%s\n' "$dockerfile" >"$ctx/Dockerfile"
  docker build -q -t "$tag" "$ctx" >/dev/null 2>"$ctx/build.log" || {
    cat "$ctx/build.log" >&2
    die "docker build of $tag failed"
  }
}
static_image() { # TAG BINARY: a static binary in /usr/local/bin of an empty image, as upstream's
  image "$1" "FROM scratch
COPY $(basename "$2") /usr/local/bin/
ENV PATH=/usr/local/bin:/usr/bin:/bin
ENTRYPOINT [\"/usr/local/bin/$(basename "$2")\"]" "$2"
}

log "control-plane images ..."
for c in kube-apiserver kube-controller-manager kube-scheduler; do
  static_image "$(image_named "$c")" "$BIN/$c"
done
static_image "$ETCD_IMAGE" "$work/bin/etcd"
image "$COREDNS_IMAGE" 'FROM scratch
COPY coredns /coredns
EXPOSE 53 53/udp
ENTRYPOINT ["/coredns"]' "$work/bin/coredns"
image "$PAUSE_IMAGE" 'FROM scratch
COPY pause /pause
USER 65535:65535
ENTRYPOINT ["/pause"]' "$work/bin/pause"
# kube-proxy and kube-router program iptables and ipset: Debian's, of the node's release
netbase=sundae-local/kind-netbase:$inputs_hash
image "$netbase" "FROM $DEBIAN_BASE_IMAGE
RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \\
      iptables ipset conntrack iproute2 kmod ca-certificates >/dev/null \\
    && rm -rf /var/lib/apt/lists/*" "$HERE/kube-router.yaml"
image "$(image_named kube-proxy)" "FROM $netbase
COPY kube-proxy /usr/local/bin/
ENTRYPOINT [\"/usr/local/bin/kube-proxy\"]" "$BIN/kube-proxy"
image "$KUBE_ROUTER_IMAGE" "FROM $netbase
COPY kube-router /usr/local/bin/
ENTRYPOINT [\"/usr/local/bin/kube-router\"]" "$work/bin/kube-router"
preload=("${wanted[@]}" "$KUBE_ROUTER_IMAGE")
docker save -o "$work/images.tar" "${preload[@]}"

log "node base (kind's images/base on Debian $DEBIAN_RELEASE) ..."
ctx=$work/ctx
cp -r "$KIND_DIR/images/base/files" "$ctx/files"
chmod -R u+w "$ctx/files"
mkdir -p "$ctx/bin"
cp "$BIN/kubelet" "$BIN/kubeadm" "$BIN/kubectl" "$ctx/bin/"
echo "v$K8S_VERSION" >"$ctx/version"
sed "s#@KUBE_ROUTER_IMAGE@#$KUBE_ROUTER_IMAGE#g" "$HERE/kube-router.yaml" >"$ctx/default-cni.yaml"
# kind's containerd configuration, less the fuse-overlayfs proxy plugin (rootless only, not built
# here), with the sandbox image kubeadm lists, and restrict_oom_score_adj on: a container may then
# not get a lower OOM score than containerd's own (-999 under kind's unit). Where root lacks
# CAP_SYS_RESOURCE (this project's build machines), lowering it is refused and every Pod sandbox
# failed ("failed to update /proc/self/oom_score_adj: Permission denied"); where root has it,
# nothing changes, since kubelet asks for -998 at the lowest.
python3 - "$KIND_DIR/images/base/files/etc/containerd/config.toml" "$PAUSE_IMAGE" >"$ctx/containerd-config.toml" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
text = re.sub(r'\[proxy_plugins\].*?(?=\[plugins)', '', text, flags=re.S)
text, n = re.subn(r'sandbox_image = ".*"', 'sandbox_image = "%s"' % sys.argv[2], text)
assert n == 1, "no sandbox_image in kind's containerd config"
text, n = re.subn(r'restrict_oom_score_adj = false', 'restrict_oom_score_adj = true', text)
assert n == 1, "no restrict_oom_score_adj in kind's containerd config"
sys.stdout.write(text)
EOF
rm -f "$ctx/files/etc/containerd/config.toml"
cp "$HERE/Dockerfile.node" "$ctx/Dockerfile"
docker build -q --build-arg "BASE=$DEBIAN_BASE_IMAGE" -t "$NODE_IMAGE-base" "$ctx" >/dev/null 2>"$work/node-build.log" || {
  cat "$work/node-build.log" >&2
  die "docker build of the node base failed"
}

log "preloading ${#preload[@]} images into the node's containerd ..."
builder=sundae-kind-node-build-$$
docker rm -f "$builder" >/dev/null 2>&1 || true
docker run -d --name "$builder" --entrypoint=sleep --security-opt seccomp=unconfined \
  -v "$work/images.tar:/kind/images.tar:ro" "$NODE_IMAGE-base" infinity >/dev/null
docker exec "$builder" bash -c 'set -e
nohup containerd >/tmp/containerd.log 2>&1 &
for i in $(seq 50); do [ -S /run/containerd/containerd.sock ] && ctr version >/dev/null 2>&1 && break; sleep 0.2; done
ctr --namespace=k8s.io images import --all-platforms --no-unpack --digests /kind/images.tar >/dev/null
for image in "$@"; do
  case ${image%%/*} in *.*|*:*|localhost) ;; *) image=docker.io/$image ;; esac # as the CRI names it
  ctr --namespace=k8s.io images label "$image" io.cri-containerd.pinned=pinned >/dev/null
done
ctr --namespace=k8s.io images list -q | grep -v "^sha256:" | sort
pkill containerd; while pgrep -x containerd >/dev/null; do sleep 0.2; done
rm -rf /tmp/* /var/log/*' - "${preload[@]}" >&2
docker commit --change 'ENTRYPOINT [ "/usr/local/bin/entrypoint", "/sbin/init" ]' --change 'CMD []' \
  "$builder" "$NODE_IMAGE" >/dev/null
docker rm -f "$builder" >/dev/null
# the component images live on in the node's containerd; drop their registry.k8s.io names from the
# engine, so that they never stand in for upstream images there
docker rmi "${wanted[@]}" "$NODE_IMAGE-base" >/dev/null
# older builds of the node image (other inputs) are of no further use
docker images --format '{{.Repository}}:{{.Tag}}' | grep -E '^sundae-local/(kind-node|kind-netbase):' |
  grep -v -e "^$NODE_IMAGE$" -e ":$inputs_hash$" | xargs -r docker rmi >/dev/null 2>&1 || true
log "built $NODE_IMAGE in $(($(date +%s) - start)) s ($(docker image inspect -f '{{.Size}}' "$NODE_IMAGE" | awk '{printf "%d MB", $1/1e6}'))"
echo "$NODE_IMAGE"
