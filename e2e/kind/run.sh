#!/usr/bin/env bash
# kind e2e: the platform in a real (kind) cluster, then the same *E2E classes as CI runs against
# the local platform, with -Dsundae.e2e.target=kind.
#
# IT CANNOT RUN ON THE DEVELOPMENT MACHINE OF THIS REPOSITORY: it needs Docker, kind, helm and
# kubectl (and Linux, whose Docker makes the kind node's IP reachable from the host). It has been
# checked with `bash -n` and shellcheck only.
#
#   e2e/kind/run.sh            create the cluster, install, test; the cluster is kept
#   e2e/kind/run.sh delete     delete the cluster
#
# Steps: images (Jib tarballs from ./mvnw -Pimages) -> kind cluster -> images loaded -> MinIO,
# ElasticMQ, PostgreSQL, Keycloak (backends.yaml) -> helm install helm/sundae-operator -> dev
# credentials, Environment (runtime kubernetes), Tenants acme and gelato -> Ready -> the gateway
# the operator runs for the Environment (gateway.yaml only adds a NodePort and the bridge token)
# -> e2e.properties -> ./mvnw verify -pl e2e.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/e2e/kind
STATE=$HERE/.state
CLUSTER=${SUNDAE_KIND_CLUSTER:-sundae-e2e}
# the names -Pimages gives the images: <image.registry>/<artifactId>:<version> (root pom)
TAG=${SUNDAE_IMAGE_TAG:-0.1.0-SNAPSHOT}
REGISTRY=${SUNDAE_IMAGE_REGISTRY:-sundae}
TENANTS=(acme gelato)

log() { printf '[kind-e2e] %s\n' "$*"; }
die() {
  printf '[kind-e2e] ERROR: %s\n' "$*" >&2
  exit 1
}
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is missing: $2"; }

if [[ ${1:-} == delete ]]; then
  kind delete cluster --name "$CLUSTER"
  exit 0
fi

need docker "install Docker (kind runs its nodes as containers)"
need kind "go install sigs.k8s.io/kind@latest"
need helm "hack/bootstrap.sh builds helm from its Go module; put it on PATH"
need kubectl "hack/bootstrap.sh builds kubectl; put it on PATH"
need python3 "apt-get install python3"
mkdir -p "$STATE"
export KUBECONFIG=$STATE/kubeconfig

log "images: ./mvnw -Pimages package (Jib, to tarballs; no daemon needed to build them)"
(cd "$ROOT" && ./mvnw -B -ntp -q -Pimages -DskipTests package)
mapfile -t tarballs < <(find "$ROOT" -path '*/target/*' -name 'jib-image.tar' -not -path '*/.state/*')
((${#tarballs[@]} > 0)) || die "no target/jib-image.tar: does the -Pimages profile exist yet?"

if ! kind get clusters | grep -qx "$CLUSTER"; then
  log "kind: creating cluster $CLUSTER"
  kind create cluster --name "$CLUSTER" --config "$HERE/cluster.yaml" --kubeconfig "$KUBECONFIG"
fi
for tarball in "${tarballs[@]}"; do
  log "kind: loading $tarball"
  kind load image-archive "$tarball" --name "$CLUSTER"
done
NODE_IP=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' \
  "$CLUSTER-control-plane")
log "node IP $NODE_IP: NodePorts gateway 30080, MinIO 30900, ElasticMQ 30324, Keycloak 30180"

if [[ ! -f $STATE/secrets.env ]]; then
  umask 077
  {
    echo "MINIO_PASSWORD=$(openssl rand -hex 16)"
    echo "POSTGRES_PASSWORD=$(openssl rand -hex 16)"
    echo "KEYCLOAK_PASSWORD=$(openssl rand -hex 16)"
    echo "BRIDGE_TOKEN=$(openssl rand -hex 24)"
    for tenant in "${TENANTS[@]}"; do echo "REGISTER_SECRET_$tenant=$(openssl rand -hex 16)"; done
  } >"$STATE/secrets.env"
  umask 022
fi
if ! grep -q '^MEMBER_PASSWORD=' "$STATE/secrets.env"; then
  echo "MEMBER_PASSWORD=$(openssl rand -hex 16)" >>"$STATE/secrets.env"
fi
# shellcheck source=/dev/null
source "$STATE/secrets.env"

fill() {
  sed -e "s#@NODE_IP@#$NODE_IP#g" -e "s#@MINIO_PASSWORD@#$MINIO_PASSWORD#g" \
    -e "s#@POSTGRES_PASSWORD@#$POSTGRES_PASSWORD#g" \
    -e "s#@KEYCLOAK_PASSWORD@#$KEYCLOAK_PASSWORD#g" -e "s#@BRIDGE_TOKEN@#$BRIDGE_TOKEN#g" \
    "$1"
}

log "backends: MinIO, ElasticMQ, PostgreSQL, Keycloak"
fill "$HERE/backends.yaml" | kubectl apply -f -
kubectl -n sundae-system rollout status deployment --timeout=300s

log "operator: helm install helm/sundae-operator"
[[ -d $ROOT/helm/sundae-operator ]] || die "helm/sundae-operator is missing"
helm upgrade --install sundae-operator "$ROOT/helm/sundae-operator" \
  --namespace sundae-system --set image.repository="$REGISTRY/sundae-operator" \
  --set image.tag="$TAG" --set image.pullPolicy=Never --wait --timeout 5m

log "Environment dev (runtime kubernetes) and Tenants ${TENANTS[*]}"
pairs=()
for tenant in "${TENANTS[@]}"; do
  secretvar=REGISTER_SECRET_$tenant
  pairs+=("$tenant=${!secretvar}")
done
SUNDAE_MEMBER_PASSWORD=$MEMBER_PASSWORD \
  "$ROOT/hack/local/keycloak-realms.sh" "http://$NODE_IP:30180" sundae-admin "$KEYCLOAK_PASSWORD" \
  "${pairs[@]}"
kubectl apply -f - <<YAML
apiVersion: v1
kind: Secret
metadata: {name: dev-object-store-admin, namespace: sundae-system}
stringData: {accessKey: sundae-admin, secretKey: "$MINIO_PASSWORD"}
---
apiVersion: v1
kind: Secret
metadata: {name: dev-queue, namespace: sundae-system}
stringData: {accessKey: local, secretKey: local}
---
apiVersion: v1
kind: Secret
metadata: {name: dev-database-admin, namespace: sundae-system}
stringData: {username: sundae, password: "$POSTGRES_PASSWORD"}
YAML
sed -e "s#runtime: external#runtime: kubernetes#" \
  -e "s#http://localhost:9000#http://$NODE_IP:30900#" \
  -e "s#http://localhost:9324#http://$NODE_IP:30324#" \
  -e "s#jdbc:postgresql://localhost:5432/#jdbc:postgresql://postgres.sundae-system.svc:5432/#" \
  -e "s#http://localhost:8080/realms/#http://$NODE_IP:30180/realms/#" \
  -e "s#ghcr.io/sundae-dev/\([a-z]*\):0.1.0#$REGISTRY/sundae-\1:$TAG#" \
  -e "s#pullPolicy: IfNotPresent#pullPolicy: Never#" \
  "$ROOT/examples/environment-dev.yaml" | kubectl apply -f -
until kubectl get namespace dev >/dev/null 2>&1; do sleep 1; done
for tenant in "${TENANTS[@]}"; do
  # the reference model ships inside the inference image (Jib puts resources in /app/resources);
  # MinIO here has no cold tier
  sed -e "s#http://localhost:8080/realms/#http://$NODE_IP:30180/realms/#" \
    -e "s#modelUri: .*#modelUri: file:///app/resources/model/reference/model.pt#" \
    -e '/coldTierDays:/d' "$ROOT/examples/tenant-$tenant.yaml" | kubectl apply -f -
done
log "waiting for Ready"
kubectl -n dev wait --for=condition=Ready tenant --all --timeout=600s

log "gateway: the one the operator runs for the Environment, with MinIO's bridge token"
# gateway.yaml: the Secret sundae-gateway-bridge (the token MinIO's webhook target sends) and a
# NodePort in front of the operator's Deployment dev/sundae-gateway, for the tests on the host
fill "$HERE/gateway.yaml" | kubectl apply -f -
until kubectl -n dev get deployment sundae-gateway >/dev/null 2>&1; do sleep 1; done
kubectl -n dev rollout restart deployment/sundae-gateway # pick up the bridge token
kubectl -n dev rollout status deployment/sundae-gateway --timeout=300s

log "chat: a NodePort in front of each tenant's chat Deployment (30083, 30084, ...)"
chat_port=30083
for tenant in "${TENANTS[@]}"; do
  kubectl apply -f - <<YAML
apiVersion: v1
kind: Service
metadata: {name: sundae-chat-nodeport, namespace: dev-$tenant}
spec:
  type: NodePort
  selector: {app.kubernetes.io/component: chat, sundae.dev/tenant: $tenant}
  ports: [{port: 8080, targetPort: 8080, nodePort: $chat_port}]
YAML
  kubectl -n "dev-$tenant" wait --for=condition=Available deployment --all --timeout=300s
  chat_port=$((chat_port + 1))
done

{
  echo "target=kind"
  echo "gateway.url=http://$NODE_IP:30080"
  echo "keycloak.url=http://$NODE_IP:30180"
  echo "kubeconfig=$KUBECONFIG"
  echo "environment=dev"
  echo "tenants=$(IFS=,; echo "${TENANTS[*]}")"
  echo "s3.endpoint=http://$NODE_IP:30900"
  echo "sqs.endpoint=http://$NODE_IP:30324"
  echo "member.client-id=community"
  echo "member.password=$MEMBER_PASSWORD"
  chat_port=30083
  for tenant in "${TENANTS[@]}"; do
    secretvar=REGISTER_SECRET_$tenant
    echo "tenant.$tenant.chat-url=http://$NODE_IP:$chat_port"
    chat_port=$((chat_port + 1))
    echo "tenant.$tenant.issuer=http://$NODE_IP:30180/realms/$tenant"
    echo "tenant.$tenant.client-id=register"
    echo "tenant.$tenant.client-secret=${!secretvar}"
  done
} >"$STATE/e2e.properties"

log "e2e: ./mvnw verify -pl e2e -am -Dsundae.e2e.target=kind (the *E2E classes only)"
cd "$ROOT"
./mvnw -B -ntp -pl e2e -am verify -Dsundae.e2e.target=kind -Dit.test='*E2E' -Dtest=NONE \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
