#!/usr/bin/env bash
# compose e2e: docker-compose.yml with the backend images built here (hack/images/build.sh) and
# the Jib images of this repository, every service healthy, then the *E2E classes that need no
# Kubernetes, with -Dsundae.e2e.target=compose, then `docker compose down -v`.
#
#   e2e/compose/run.sh          up, test, then down -v (also when a step fails); CI runs this
#   e2e/compose/run.sh up       generate the secrets (once), load the images, up --wait; kept running
#   e2e/compose/run.sh test     run the tests against what `up` started
#   e2e/compose/run.sh down     docker compose down -v (containers and volumes)
#
# Needs hack/bootstrap.sh (the Docker engine, the Compose CLI, the backend images) and the Jib
# tarballs of `./mvnw -B -ntp -Pimages -DskipTests package`. The project is sundae-e2e, so a
# `docker compose up` of your own (project sundae) is neither used nor removed; both publish the
# same ports on 127.0.0.1, so only one runs at a time. State (secrets, e2e.properties, logs):
# e2e/compose/.state, or SUNDAE_COMPOSE_STATE.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
STATE=${SUNDAE_COMPOSE_STATE:-$ROOT/e2e/compose/.state}
TOOLS=${SUNDAE_TOOLS_DIR:-$HOME/.cache/sundae}
PROJECT=sundae-e2e
# shellcheck source=hack/versions.env
source "$ROOT/hack/versions.env"
# the classes that apply without Kubernetes (TenantStatusE2E skips itself on this target, saying
# why; ClusterE2E is kind's)
TESTS=TransportSecurityE2E,RecommendationFlowE2E,TenantIsolationE2E,PrincipalsE2E,UploadReplayE2E,DeadLetterE2E,EffectivenessE2E,HoldoutE2E,ChatE2E,TenantStatusE2E
JIB_MODULES=(operator/controller services/gateway services/inference services/chat)

log() { printf '[compose-e2e] %s\n' "$*" >&2; }
die() {
  printf '[compose-e2e] ERROR: %s\n' "$*" >&2
  exit 1
}

# shellcheck source=hack/lib/docker.sh
source "$ROOT/hack/lib/docker.sh"

compose() {
  local cli=(docker compose)
  [[ -x $TOOLS/bin/docker-compose ]] && cli=("$TOOLS/bin/docker-compose")
  "${cli[@]}" -p "$PROJECT" -f "$ROOT/docker-compose.yml" --project-directory "$ROOT" \
    --env-file "$ROOT/hack/versions.env" --env-file "$ROOT/hack/images/local.env" \
    --env-file "$STATE/secrets.env" "$@"
}

# Every variable docker-compose.yml requires (${VAR:?...}) gets a random value, once: a kept
# platform (`up`) and its volumes stay usable by later `test` runs. A variable the file gained
# since is added.
secrets() {
  local name
  mkdir -p "$STATE"
  command -v openssl >/dev/null || die "openssl is missing (apt-get install openssl)"
  touch "$STATE/secrets.env" && chmod 600 "$STATE/secrets.env"
  # shellcheck disable=SC2016 # the literal text ${NAME:? that the file requires a variable with
  for name in $(grep -o '\${[A-Z0-9_]*:?' "$ROOT/docker-compose.yml" | tr -d '${:?' | sort -u); do
    grep -q "^$name=" "$STATE/secrets.env" && continue
    echo "$name=$(openssl rand -hex 16)" >>"$STATE/secrets.env"
  done
  log "secrets: $(wc -l <"$STATE/secrets.env") generated into $STATE/secrets.env"
}

# The Jib tarballs into the engine, unless it holds the same image (the ID is the hash of the
# image's config, which the tarball carries).
load_jib_images() {
  local module tarball id
  for module in "${JIB_MODULES[@]}"; do
    tarball=$ROOT/$module/target/jib-image.tar
    [[ -f $tarball ]] || die "$tarball is missing: run ./mvnw -B -ntp -Pimages -DskipTests package"
    id=sha256:$(tar -xOf "$tarball" config.json | sha256sum | cut -d' ' -f1)
    if [[ $(docker image inspect -f '{{.Id}}' "$(jib_tag "$tarball")" 2>/dev/null) != "$id" ]]; then
      docker load -i "$tarball" >/dev/null
      log "images: loaded $(jib_tag "$tarball") from $module"
    fi
  done
}

jib_tag() {
  tar -xOf "$1" manifest.json | python3 -c \
    'import json,sys; print([t for t in json.load(sys.stdin)[0]["RepoTags"] if not t.endswith(":latest")][0])'
}

# e2e.properties from the file as Compose resolved it and from the tenants file the provision job
# rendered (what the services read: the tenants' facts are repeated nowhere). The test JVM resolves
# the services' names to 127.0.0.1 (the hosts file), where they are published on the ports they
# have inside, so issuers, signed URLs and queue URLs are the same strings for the tests as for the
# services.
write_properties() {
  compose config --format json >"$STATE/compose.json"
  local file
  file=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["services"]["provision"]["environment"]["SUNDAE_TENANTS_FILE"])' "$STATE/compose.json")
  # docker cp's stream is a tar archive of the one file
  (umask 077 && compose cp "gateway:$file" - | tar -xOf - >"$STATE/tenants.json")
  # the CA the pki job made: what the tests trust, as every service does
  compose cp gateway:/pki/ca.crt - | tar -xOf - >"$STATE/ca.crt"
  python3 - "$STATE" <<'PY'
import json, os, sys
state = sys.argv[1]
config = json.load(open(os.path.join(state, "compose.json")))
services = config["services"]

def published(service, target):
    for port in services[service].get("ports", []):
        if int(port["target"]) == target:
            if port.get("host_ip") != "127.0.0.1":
                sys.exit(f"{service} publishes {target} on {port.get('host_ip') or 'every interface'}, not 127.0.0.1")
            return int(port["published"])
    sys.exit(f"{service} does not publish port {target}")

for service, port in (("keycloak", 8443), ("minio", 9000), ("elasticmq", 9324)):
    if published(service, port) != port:
        sys.exit(f"{service} must be published on {port}, the port its URLs name")

secrets = dict(line.strip().split("=", 1) for line in open(os.path.join(state, "secrets.env")) if "=" in line)
tenants = json.load(open(os.path.join(state, "tenants.json")))["sundae"]["tenants"]
if not tenants:
    sys.exit("the provision job rendered no tenant (see its log)")
environments = {t["environment"] for t in tenants}
if len(environments) != 1:
    sys.exit(f"the tenants are in several environments: {environments}")
lines = [
    "# written by e2e/compose/run.sh: the platform of docker-compose.yml (project sundae-e2e)",
    "target=compose",
    f"gateway.url=https://localhost:{published('gateway', 8080)}",
    f"chat.url=https://localhost:{published('chat', 8080)}",
    f"tls.ca={os.path.join(state, 'ca.crt')}",
    f"encryption-keys={services['provision']['environment'].get('SUNDAE_ENCRYPTION_KEYS', 'Store')}",
    "members=ana,ben",
    "member.client-id=community",
    f"member.password={secrets['SUNDAE_MEMBER_PASSWORD']}",
    f"environment={environments.pop()}",
    f"tenants={','.join(t['name'] for t in tenants)}",
    f"s3.endpoint={tenants[0]['storage']['endpoint']}",
    f"sqs.endpoint={tenants[0]['queue']['endpoint']}",
]
for t in tenants:
    p = f"tenant.{t['name']}."
    storage, queue = t["storage"], t["queue"]
    lines += [
        p + f"issuer={t['issuer']}",
        p + "client-id=register",
        p + f"client-secret={secrets['SUNDAE_' + t['name'].upper() + '_REGISTER_SECRET']}",
        p + f"flavours={','.join(t['flavours'])}",
        p + f"bucket={storage['bucket']}",
        p + f"queue-url={queue['url']}",
        p + f"dead-letter-queue-url={queue['deadLetterUrl']}",
        p + f"s3.region={storage.get('region') or 'us-east-1'}",
        p + f"s3.access-key={storage['accessKey']}",
        p + f"s3.secret-key={storage['secretKey']}",
    ]
    lines.append(p + f"holdout-percent={(t.get('holdout') or {}).get('percent', 0)}")
    if (t.get("model") or {}).get("version"):
        lines.append(p + f"model-version={t['model']['version']}")
umask = os.umask(0o077)
with open(os.path.join(state, "e2e.properties"), "w") as f:
    f.write("\n".join(lines) + "\n")
with open(os.path.join(state, "hosts"), "w") as f:
    f.write("127.0.0.1 localhost keycloak minio elasticmq\n")
os.umask(umask)
PY
  rm -f "$STATE/compose.json" "$STATE/tenants.json"
}

diagnose() {
  [[ -z ${DIAGNOSED:-} ]] || return 0
  DIAGNOSED=1
  mkdir -p "$STATE/logs"
  compose ps -a >&2 || true
  (umask 077 && compose logs --no-color --timestamps >"$STATE/logs/compose.log" 2>&1) || true
  log "logs of every service: $STATE/logs/compose.log (last lines:)"
  tail -n 40 "$STATE/logs/compose.log" >&2 || true
}

up() {
  local start
  start=$(date +%s)
  docker_ensure_running
  secrets
  log "images: hack/images/build.sh (the backends; cached) and the Jib tarballs"
  "$ROOT/hack/images/build.sh"
  load_jib_images
  log "docker compose up --wait (project $PROJECT) ..."
  compose up -d --wait --wait-timeout 600 --pull never || {
    diagnose
    die "docker compose up failed (see above)"
  }
  write_properties
  UP_SECONDS=$(($(date +%s) - start))
  log "platform up in $UP_SECONDS s"
}

tests() {
  local start status=0
  start=$(date +%s)
  [[ -f $STATE/e2e.properties ]] || die "$STATE/e2e.properties is missing: run '$0 up' first"
  log "e2e: ./mvnw verify -pl e2e -am -Dsundae.e2e.target=compose ($TESTS)"
  (cd "$ROOT" && ./mvnw -B -ntp -pl e2e -am verify -Dsundae.e2e.target=compose \
    "-Dsundae.e2e.state=$STATE" "-Dit.test=$TESTS" -Dtest=NONE \
    -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false) || status=$?
  TEST_SECONDS=$(($(date +%s) - start))
  log "tests took $TEST_SECONDS s (exit $status)"
  return "$status"
}

down() {
  local start
  start=$(date +%s)
  [[ -f $STATE/secrets.env ]] || return 0
  log "docker compose down -v (project $PROJECT) ..."
  compose down -v --remove-orphans --timeout 20 >/dev/null 2>&1 ||
    compose down -v --remove-orphans --timeout 20
  DOWN_SECONDS=$(($(date +%s) - start))
}

case ${1:-all} in
  up) up ;;
  test) tests ;;
  down) down ;;
  all)
    UP_SECONDS=- TEST_SECONDS=- DOWN_SECONDS=-
    total=$(date +%s)
    finish() {
      local status=$?
      trap - EXIT
      if ((status != 0)) && [[ -f $STATE/secrets.env ]]; then diagnose; fi
      down || true
      # the volumes are gone: the next run starts from new secrets
      rm -f "$STATE/secrets.env" "$STATE/e2e.properties" "$STATE/hosts" "$STATE/ca.crt"
      log "compose e2e took $(($(date +%s) - total)) s: up $UP_SECONDS s, tests $TEST_SECONDS s," \
        "down $DOWN_SECONDS s (exit $status)"
      exit "$status"
    }
    trap finish EXIT
    up
    tests
    ;;
  *) die "usage: $0 [up|test|down] (none: up, test, down)" ;;
esac
