#!/usr/bin/env bash
# kind e2e: the platform in a real cluster (kubelet, containerd, kube-proxy, kube-router enforcing
# NetworkPolicy), then the same *E2E classes as against the local platform, with
# -Dsundae.e2e.target=kind, plus the tests only a cluster can run (ClusterE2E).
#
#   e2e/kind/run.sh          up, test, then delete the cluster (also when a step fails); CI runs this
#   e2e/kind/run.sh up       create the cluster and install the platform; the cluster is kept
#   e2e/kind/run.sh test     run the tests against the cluster `up` made
#   e2e/kind/run.sh down     delete the cluster
#
# Needs hack/bootstrap.sh (kind, helm, kubectl, the offline node image, the backend images) and the
# Jib tarballs of ./mvnw -Pimages (built here when missing). SUNDAE_IMAGES=upstream runs the
# backends from their upstream images instead of the ones built here (needs a registry).
#
# Steps: kind cluster (node image of hack/kind/node-image.sh, e2e/kind/cluster.yaml) -> images
# loaded -> metrics-server (metrics-server/) -> KEDA (keda/) -> MinIO, ElasticMQ, PostgreSQL, Keycloak
# (backends.yaml) -> helm install helm/sundae-operator -> credentials, Environment (runtime
# kubernetes), Tenants acme and gelato -> Ready -> the operator's gateway with the bridge token and
# a NodePort (gateway.yaml) -> e2e.properties and a hosts file -> ./mvnw verify -pl e2e.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/e2e/kind
STATE=${SUNDAE_KIND_STATE:-$HERE/.state}
CLUSTER=sundae-e2e
TOOLS=${SUNDAE_TOOLS_DIR:-$HOME/.cache/sundae}
# shellcheck source=hack/versions.env
source "$ROOT/hack/versions.env"
# the names -Pimages gives the images: <image.registry>/<artifactId>:<version> (root pom)
TAG=${SUNDAE_IMAGE_TAG:-0.1.0-SNAPSHOT}
# the same operator build under another tag: what ClusterE2E's helm upgrade moves to
UPGRADE_TAG=$TAG-upgrade
REGISTRY=${SUNDAE_IMAGE_REGISTRY:-sundae}
TENANTS=(acme gelato)
# Where the backends run, and the NodePorts the tests reach: kind publishes them on 127.0.0.1
# (cluster.yaml) and each backend Service's port equals its NodePort (backends.yaml); both files
# take the numbers from here (@..._PORT@, filled by fill below)
BACKENDS_NAMESPACE=sundae-system
export GATEWAY_PORT=30080 KEYCLOAK_PORT=30180 ELASTICMQ_PORT=30324 MINIO_PORT=30900
# the in-cluster names of the backends the tests reach too
BACKEND_HOSTS=(keycloak minio elasticmq)
backend() { echo "$1.$BACKENDS_NAMESPACE.svc.cluster.local"; }
# Keycloak serves HTTPS with a certificate for its Service's names: the tenants' issuers
ISSUER_BASE=https://$(backend keycloak):$KEYCLOAK_PORT

log() { printf '[kind-e2e] %s %s\n' "$(date +%T)" "$*"; }
die() {
  printf '[kind-e2e] ERROR: %s\n' "$*" >&2
  exit 1
}
# shellcheck source=hack/lib/docker.sh
source "$ROOT/hack/lib/docker.sh"
# shellcheck source=hack/lib/pki.sh
source "$ROOT/hack/lib/pki.sh"
tool() { # the path hack/bootstrap.sh wrote for a tool
  local path
  path=$(sed -n "s#^$1=##p" "$TOOLS/tools.properties" 2>/dev/null)
  [[ -x $path ]] || die "$1 is missing: run hack/bootstrap.sh"
  echo "$path"
}
KIND=$(tool kind)
HELM=$(tool helm)
KUBECTL=$(tool kubectl)
mkdir -p "$STATE"
export KUBECONFIG=$STATE/kubeconfig

down() {
  log "deleting cluster $CLUSTER"
  "$KIND" delete cluster --name "$CLUSTER" --kubeconfig "$KUBECONFIG"
}

# Where it went wrong: the pods that are not running or not ready (with their last words), the
# Deployments and Tenants, the tenants' events, and the operator's last words.
diagnose() {
  log "diagnostics: pods not running or not ready"
  local pods
  pods=$("$KUBECTL" get pods -A --no-headers 2>/dev/null |
    awk '{split($3, r, "/"); if ($4 != "Completed" && ($4 != "Running" || r[1] != r[2])) print $1 "/" $2}') || true
  "$KUBECTL" get pods -A -o wide 2>/dev/null | awk 'NR == 1 || $4 != "Completed"' || true
  "$KUBECTL" get deployments -A 2>/dev/null || true
  "$KUBECTL" get tenants -A -o wide 2>/dev/null || true
  "$KUBECTL" get tenants -A -o jsonpath='{range .items[*]}{.metadata.name}{range .status.conditions[*]}{"\n  "}{.type}={.status} {.reason}: {.message}{end}{"\n"}{end}' 2>/dev/null || true
  for pod in $pods; do
    log "pod $pod"
    "$KUBECTL" -n "${pod%%/*}" describe pod "${pod#*/}" 2>/dev/null | sed -n '/^Conditions:/,$p' | tail -25 || true
    "$KUBECTL" -n "${pod%%/*}" logs "${pod#*/}" --all-containers --tail=30 2>/dev/null || true
  done
  "$KUBECTL" get events -A --sort-by=.lastTimestamp 2>/dev/null | grep -v -E ' Normal ' | tail -30 || true
  "$KUBECTL" -n "$BACKENDS_NAMESPACE" logs deployment/sundae-operator --tail=40 2>/dev/null || true
}

up() {
  docker_ensure_running
  local node_image start
  start=$(date +%s)
  node_image=${SUNDAE_KIND_NODE_IMAGE:-$(cat "$TOOLS/images/kind-node.ref" 2>/dev/null)} ||
    die "no node image: run hack/bootstrap.sh"
  docker_image_present "$node_image" || die "the engine has no $node_image: run hack/bootstrap.sh"

  mapfile -t tarballs < <(find "$ROOT/operator" "$ROOT/services" -path '*/target/jib-image.tar')
  if ((${#tarballs[@]} < 4)); then
    log "images: ./mvnw -Pimages package (Jib, to tarballs)"
    (cd "$ROOT" && ./mvnw -B -ntp -q -Pimages -DskipTests package)
    mapfile -t tarballs < <(find "$ROOT/operator" "$ROOT/services" -path '*/target/jib-image.tar')
  fi

  if "$KIND" get clusters 2>/dev/null | grep -qx "$CLUSTER"; then
    log "cluster $CLUSTER exists: reusing it"
  else
    log "creating cluster $CLUSTER from $node_image"
    fill "$HERE/cluster.yaml" >"$STATE/cluster.yaml"
    "$KIND" create cluster --name "$CLUSTER" --image "$node_image" --config "$STATE/cluster.yaml" \
      --kubeconfig "$KUBECONFIG" --wait 5m
    log "cluster ready in $(($(date +%s) - start)) s"
  fi

  # backend images: the ones built here (hack/images/build.sh) unless SUNDAE_IMAGES=upstream
  if [[ ${SUNDAE_IMAGES:-local} == local ]]; then
    set -a
    # shellcheck source=hack/images/local.env
    source "$ROOT/hack/images/local.env"
    set +a
    local backend_images=() var
    for var in $(cat "$HERE/backends.yaml" "$HERE/metrics-server/kustomization.yaml" \
      "$HERE/keda/kustomization.yaml" |
      grep -o 'SUNDAE_[A-Z_]*_IMAGE' | sort -u); do
      backend_images+=("${!var}")
    done
    log "loading the backend images built here: ${backend_images[*]}"
    "$KIND" load docker-image --name "$CLUSTER" "${backend_images[@]}" >/dev/null
  fi
  # the image of the tests' probe Pods (bash and coreutils): the Debian base the others start from
  "$KIND" load docker-image --name "$CLUSTER" "$DEBIAN_BASE_IMAGE" >/dev/null
  for tarball in "${tarballs[@]}"; do
    log "loading $(basename "$(dirname "$(dirname "$tarball")")") image"
    "$KIND" load image-archive "$tarball" --name "$CLUSTER" >/dev/null
  done
  # the operator's image under a second tag, for ClusterE2E's helm upgrade
  docker exec "$CLUSTER-control-plane" ctr --namespace=k8s.io images tag --force \
    "docker.io/$REGISTRY/sundae-operator:$TAG" "docker.io/$REGISTRY/sundae-operator:$UPGRADE_TAG" >/dev/null

  if [[ ! -f $STATE/secrets.env ]]; then
    (
      umask 077
      {
        echo "MINIO_PASSWORD=$(openssl rand -hex 16)"
        echo "POSTGRES_PASSWORD=$(openssl rand -hex 16)"
        echo "KEYCLOAK_PASSWORD=$(openssl rand -hex 16)"
        echo "BRIDGE_TOKEN=$(openssl rand -hex 24)"
        echo "MEMBER_PASSWORD=$(openssl rand -hex 16)"
        for tenant in "${TENANTS[@]}"; do echo "REGISTER_SECRET_$tenant=$(openssl rand -hex 16)"; done
      } >"$STATE/secrets.env"
    )
  fi
  # shellcheck source=/dev/null
  source "$STATE/secrets.env"
  # the platform engineer's CA (Environment spec.tls.caSecret): the operator issues the gateway's
  # and the chats' server certificates from it, MinIO's webhook and the tests trust it
  if [[ ! -s $STATE/ca.crt ]]; then
    (
      umask 077
      openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
        -subj "/O=sundae/CN=sundae kind e2e CA" -addext basicConstraints=critical,CA:TRUE \
        -addext keyUsage=critical,keyCertSign,cRLSign \
        -keyout "$STATE/ca.key" -out "$STATE/ca.crt" 2>/dev/null
    )
  fi
  CA_CRT_B64=$(base64 -w0 "$STATE/ca.crt")
  CA_KEY_B64=$(base64 -w0 "$STATE/ca.key")
  export CA_CRT_B64 CA_KEY_B64
  # the backends serve TLS with certificates from the same CA, for their Services' names
  local server
  for server in minio kes postgres keycloak elasticmq; do
    issue_backend_certificate "$server"
  done
  # MinIO's client identity at KES: a key pair of KES's own making, known by its public key's hash
  if [[ ! -s $STATE/kes-minio.crt ]]; then
    "$(tool kes)" identity new --key "$STATE/kes-minio.key" --cert "$STATE/kes-minio.crt" \
      --expiry 87600h minio >/dev/null
  fi
  KES_MINIO_IDENTITY=$("$(tool kes)" identity of "$STATE/kes-minio.crt")
  KES_CRT_B64=$(base64 -w0 "$STATE/kes.crt")
  KES_KEY_B64=$(base64 -w0 "$STATE/kes.key")
  KES_MINIO_CRT_B64=$(base64 -w0 "$STATE/kes-minio.crt")
  KES_MINIO_KEY_B64=$(base64 -w0 "$STATE/kes-minio.key")
  export KES_MINIO_IDENTITY KES_CRT_B64 KES_KEY_B64 KES_MINIO_CRT_B64 KES_MINIO_KEY_B64
  MINIO_CRT_B64=$(base64 -w0 "$STATE/minio.crt")
  MINIO_KEY_B64=$(base64 -w0 "$STATE/minio.key")
  POSTGRES_CRT_B64=$(base64 -w0 "$STATE/postgres.crt")
  POSTGRES_KEY_B64=$(base64 -w0 "$STATE/postgres.key")
  KEYCLOAK_CRT_B64=$(base64 -w0 "$STATE/keycloak.crt")
  KEYCLOAK_KEY_B64=$(base64 -w0 "$STATE/keycloak.key")
  ELASTICMQ_CRT_B64=$(base64 -w0 "$STATE/elasticmq.crt")
  ELASTICMQ_KEY_B64=$(base64 -w0 "$STATE/elasticmq.key")
  export MINIO_CRT_B64 MINIO_KEY_B64 POSTGRES_CRT_B64 POSTGRES_KEY_B64 KEYCLOAK_CRT_B64 KEYCLOAK_KEY_B64 \
    ELASTICMQ_CRT_B64 ELASTICMQ_KEY_B64

  log "metrics-server $METRICS_SERVER_VERSION (what the HorizontalPodAutoscalers read)"
  rm -rf "$STATE/metrics-server" && mkdir -p "$STATE/metrics-server"
  cp -r "$(tool metrics-server.manifests)/base" "$STATE/metrics-server/base"
  fill "$HERE/metrics-server/kustomization.yaml" >"$STATE/metrics-server/kustomization.yaml"
  "$KUBECTL" kustomize "$STATE/metrics-server" | "$KUBECTL" apply -f - >/dev/null

  log "KEDA $KEDA_VERSION (what scales a Tenant's inference workers on its queue)"
  "$KUBECTL" create namespace keda --dry-run=client -o yaml | "$KUBECTL" apply -f - >/dev/null
  # its queue reads: ElasticMQ's keys (KEDA's own identity) and the run's CA (keda/kustomization.yaml)
  "$KUBECTL" -n keda create secret generic keda-aws --from-literal=AWS_ACCESS_KEY_ID=local \
    --from-literal=AWS_SECRET_ACCESS_KEY=local --dry-run=client -o yaml | "$KUBECTL" apply -f - >/dev/null
  "$KUBECTL" -n keda create secret generic keda-custom-ca --from-file=sundae-ca.crt="$STATE/ca.crt" \
    --dry-run=client -o yaml | "$KUBECTL" apply -f - >/dev/null
  rm -rf "$STATE/keda" && mkdir -p "$STATE/keda/base"
  cp -r "$(tool keda.manifests)/config" "$STATE/keda/base/config"
  fill "$HERE/keda/kustomization.yaml" >"$STATE/keda/kustomization.yaml"
  "$KUBECTL" kustomize "$STATE/keda" | "$KUBECTL" apply --server-side -f - >/dev/null

  log "backends: MinIO, KES, ElasticMQ, PostgreSQL, Keycloak"
  "$KUBECTL" create namespace "$BACKENDS_NAMESPACE" --dry-run=client -o yaml | "$KUBECTL" apply -f - >/dev/null
  # the project's one KES configuration and MinIO's fixed KES settings, as they are in hack/kes
  "$KUBECTL" -n "$BACKENDS_NAMESPACE" create configmap kes-config \
    --from-file=config.yml="$ROOT/hack/kes/config.yml" --dry-run=client -o yaml | "$KUBECTL" apply -f - >/dev/null
  "$KUBECTL" -n "$BACKENDS_NAMESPACE" create configmap minio-kes \
    --from-env-file="$ROOT/hack/kes/minio.env" --dry-run=client -o yaml | "$KUBECTL" apply -f - >/dev/null
  # ElasticMQ's and PostgreSQL's configuration, the files docker compose mounts
  "$KUBECTL" -n "$BACKENDS_NAMESPACE" create configmap elasticmq \
    --from-file="$ROOT/hack/elasticmq/elasticmq.conf" --from-file="$ROOT/hack/elasticmq/stunnel.conf" \
    --dry-run=client -o yaml | "$KUBECTL" apply -f - >/dev/null
  "$KUBECTL" -n "$BACKENDS_NAMESPACE" create configmap postgres-hba \
    --from-file="$ROOT/hack/postgres/pg_hba.conf" --dry-run=client -o yaml | "$KUBECTL" apply -f - >/dev/null
  fill "$HERE/backends.yaml" | "$KUBECTL" apply -f - >/dev/null
  "$KUBECTL" -n "$BACKENDS_NAMESPACE" rollout status deployment --timeout=600s

  log "operator: helm install helm/sundae-operator"
  "$HELM" upgrade --install sundae-operator "$ROOT/helm/sundae-operator" \
    --namespace "$BACKENDS_NAMESPACE" --set image.repository="$REGISTRY/sundae-operator" \
    --set image.tag="$TAG" --set image.pullPolicy=Never \
    --set replicaCount=2 --set leaderElection.enabled=true \
    --set trustedCas.secretName=sundae-ca --set trustedCas.key=tls.crt --wait --timeout 5m

  log "Keycloak realms, Environment dev (runtime kubernetes), Tenants ${TENANTS[*]}"
  local pairs=() tenant secretvar
  for tenant in "${TENANTS[@]}"; do
    secretvar=REGISTER_SECRET_$tenant
    pairs+=("$tenant=${!secretvar}")
  done
  # Keycloak by its Service's name (its certificate's), at the NodePort on loopback
  SUNDAE_MEMBER_PASSWORD=$MEMBER_PASSWORD CURL_CA_BUNDLE=$STATE/ca.crt \
    SUNDAE_CURL_RESOLVE="$(backend keycloak):$KEYCLOAK_PORT:127.0.0.1" \
    "$ROOT/hack/local/keycloak-realms.sh" "$ISSUER_BASE" sundae-admin "$KEYCLOAK_PASSWORD" \
    "${pairs[@]}"
  "$KUBECTL" apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Secret
metadata: {name: dev-object-store-admin, namespace: $BACKENDS_NAMESPACE}
stringData: {accessKey: sundae-admin, secretKey: "$MINIO_PASSWORD"}
---
apiVersion: v1
kind: Secret
metadata: {name: dev-queue, namespace: $BACKENDS_NAMESPACE}
stringData: {accessKey: local, secretKey: local}
---
apiVersion: v1
kind: Secret
metadata: {name: dev-database-admin, namespace: $BACKENDS_NAMESPACE}
stringData: {username: sundae, password: "$POSTGRES_PASSWORD"}
YAML
  # the example Environment, pointed at the cluster's backends; requests small enough for
  # every tenant's Pods to fit on one 2-core node beside the control plane
  sed -e "s#runtime: external#runtime: kubernetes#" \
    -e "s#http://localhost:9000#https://$(backend minio):$MINIO_PORT#" \
    -e "s#http://localhost:9324#https://$(backend elasticmq):$ELASTICMQ_PORT#" \
    -e "s#jdbc:postgresql://localhost:5432/\([a-z]*\)#jdbc:postgresql://$(backend postgres):5432/\1?sslmode=verify-full#" \
    -e "s#http://localhost:8080/realms/#$ISSUER_BASE/realms/#" \
    -e "s#ghcr.io/sundae-dev/\([a-z]*\):0.1.0#$REGISTRY/sundae-\1:$TAG#" \
    -e "s#pullPolicy: IfNotPresent#pullPolicy: Never#" \
    -e "s#cpu: 250m#cpu: 20m#" \
    -e "s#^spec:#spec:\n  tls:\n    caSecret: {name: sundae-ca, namespace: $BACKENDS_NAMESPACE}#" \
    "$ROOT/examples/environment-dev.yaml" | "$KUBECTL" apply -f - >/dev/null
  until "$KUBECTL" get namespace dev >/dev/null 2>&1; do sleep 1; done
  for tenant in "${TENANTS[@]}"; do
    # the reference model ships inside the inference image (Jib puts resources in
    # /app/resources); MinIO here has no cold tier
    sed -e "s#http://localhost:8080/realms/#$ISSUER_BASE/realms/#" \
      -e "s#modelUri: .*#modelUri: file:///app/resources/model/reference/model.pt#" \
      -e '/coldTierDays:/d' "$ROOT/examples/tenant-$tenant.yaml" | "$KUBECTL" apply -f - >/dev/null
  done

  log "gateway: the operator's, with MinIO's bridge token and a NodePort"
  # gateway.yaml: the Secret sundae-gateway-bridge (the token MinIO's webhook target sends) and a
  # NodePort in front of the operator's Deployment dev/sundae-gateway, for the tests on the host
  fill "$HERE/gateway.yaml" | "$KUBECTL" apply -f - >/dev/null
  until "$KUBECTL" -n dev get deployment sundae-gateway >/dev/null 2>&1; do sleep 1; done
  "$KUBECTL" -n dev rollout restart deployment/sundae-gateway >/dev/null # pick up the bridge token
  "$KUBECTL" -n dev rollout status deployment/sundae-gateway --timeout=600s

  log "waiting for the Tenants to be Ready"
  "$KUBECTL" -n dev wait --for=condition=Ready tenant --all --timeout=900s
  for tenant in "${TENANTS[@]}"; do
    "$KUBECTL" -n "dev-$tenant" wait --for=condition=Available deployment --all --timeout=600s
  done
  "$KUBECTL" -n kube-system rollout status deployment/metrics-server --timeout=300s
  # the resource metrics API answering (the HPAs read it; namespace deletion waits on it too)
  "$KUBECTL" wait --for=condition=Available apiservice/v1beta1.metrics.k8s.io --timeout=180s
  # and KEDA's external metrics (what the HPAs of its ScaledObjects read)
  "$KUBECTL" -n keda rollout status deployment --timeout=300s
  "$KUBECTL" wait --for=condition=Available apiservice/v1beta1.external.metrics.k8s.io --timeout=180s

  # the test JVM resolves the backends' in-cluster names to the host's loopback, where kind
  # publishes their NodePorts (cluster.yaml)
  {
    echo "127.0.0.1 localhost"
    for host in "${BACKEND_HOSTS[@]}"; do echo "127.0.0.1 $(backend "$host")"; done
    # the gateway (NodePort) and the chats (port-forwards) by the names their certificates carry
    echo "127.0.0.1 sundae-gateway.dev.svc"
    for tenant in "${TENANTS[@]}"; do echo "127.0.0.1 sundae-chat.dev-$tenant.svc"; done
  } >"$STATE/hosts"
  {
    echo "target=kind"
    echo "gateway.url=https://sundae-gateway.dev.svc:$GATEWAY_PORT"
    echo "tls.ca=$STATE/ca.crt"
    echo "kubeconfig=$KUBECONFIG"
    echo "environment=dev"
    echo "tenants=$(
      IFS=,
      echo "${TENANTS[*]}"
    )"
    echo "s3.endpoint=https://$(backend minio):$MINIO_PORT"
    echo "sqs.endpoint=https://$(backend elasticmq):$ELASTICMQ_PORT"
    echo "backends.namespace=$BACKENDS_NAMESPACE"
    echo "operator.namespace=$BACKENDS_NAMESPACE"
    echo "probe.image=$DEBIAN_BASE_IMAGE"
    echo "helm=$HELM"
    echo "helm.release=sundae-operator"
    echo "helm.chart=$ROOT/helm/sundae-operator"
    echo "operator.upgrade-tag=$UPGRADE_TAG"
    echo "member.client-id=community"
    echo "member.password=$MEMBER_PASSWORD"
    for tenant in "${TENANTS[@]}"; do
      secretvar=REGISTER_SECRET_$tenant
      # the tests reach each tenant's chat through a port-forward to a Pod of its Service: the
      # tenant's NetworkPolicy admits only its own namespace and the Environment's
      echo "tenant.$tenant.chat-service=dev-$tenant/sundae-chat"
      echo "tenant.$tenant.issuer=$ISSUER_BASE/realms/$tenant"
      echo "tenant.$tenant.client-id=register"
      echo "tenant.$tenant.client-secret=${!secretvar}"
    done
  } >"$STATE/e2e.properties"
  log "platform up in $(($(date +%s) - start)) s"
}

# A server certificate for backend Service $1 of the backends' namespace, from the run's CA:
# ECDSA P-256, its four Service names, two years; kept while the CA that signed it is the run's.
issue_backend_certificate() {
  local name=$1 ns=$BACKENDS_NAMESPACE
  pki_server_certificate "$STATE" "$STATE/$name" 730 "/O=sundae/CN=$name.$ns.svc" \
    "DNS:$name,DNS:$name.$ns,DNS:$name.$ns.svc,DNS:$name.$ns.svc.cluster.local"
}

fill() {
  python3 - "$1" <<'EOF'
import os, re, sys
text = open(sys.argv[1]).read()
# ${VAR:-default} as compose reads it
text = re.sub(r'\$\{([A-Z0-9_]+):-([^}]*)\}', lambda m: os.environ.get(m.group(1)) or m.group(2), text)
# every @NAME@ from the variable of that name this script exported (the secrets, the ports)
text = re.sub(r'@([A-Z][A-Z0-9_]*)@', lambda m: os.environ.get(m.group(1), m.group(0)), text)
assert "@" not in re.sub(r'#.*', '', text).replace("@example", ""), "unfilled @...@ left"
sys.stdout.write(text)
EOF
}
# upstream's image tags have no v
KEDA_VERSION_NUMBER=${KEDA_VERSION#v}
export MINIO_PASSWORD POSTGRES_PASSWORD KEYCLOAK_PASSWORD BRIDGE_TOKEN METRICS_SERVER_VERSION \
  KEDA_VERSION_NUMBER

tests() {
  local start
  start=$(date +%s)
  log "e2e: ./mvnw verify -pl e2e -Dsundae.e2e.target=kind (the *E2E classes)"
  (cd "$ROOT" && ./mvnw -B -ntp -pl e2e -am verify -Dsundae.e2e.target=kind \
    "-Dsundae.e2e.state=$STATE" \
    -Dit.test='*E2E' -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false)
  log "tests took $(($(date +%s) - start)) s"
}

case ${1:-all} in
  up) up ;;
  test) tests ;;
  down) down ;;
  all)
    start=$(date +%s)
    finish() {
      local status=$?
      ((status == 0)) || diagnose
      down
      log "kind e2e took $(($(date +%s) - start)) s (exit $status)"
    }
    trap finish EXIT
    up
    tests
    ;;
  *) die "usage: e2e/kind/run.sh [up|test|down]" ;;
esac
