#!/usr/bin/env bash
# The whole platform on this machine, in one command, without Docker or a cluster:
# a Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager), MinIO, ElasticMQ,
# PostgreSQL and Keycloak; the CRDs, a dev Environment (runtime: external) and two Tenants
# (acme, gelato) reconciled by the operator; then the gateway, the inference worker and the chat
# as local processes, reading the tenants as the operator renders them (Secret dev/sundae-gateway).
#
#   hack/run-local.sh [start]        start what is not running (a second start takes seconds)
#   hack/run-local.sh --foreground   start, then stay in the foreground; Ctrl-C stops everything
#   hack/run-local.sh stop           stop everything (data is kept; a later start reuses it)
#   hack/run-local.sh status         what runs, on which port
#   hack/run-local.sh logs [NAME]    follow the logs (all, or one of: etcd kube-apiserver ...)
#   hack/run-local.sh reset          stop and delete the state folder (data, logs, keys)
#
# Settings (environment):
#   SUNDAE_LOCAL_DIR          state folder: data, logs, PIDs, keys, rendered config (default .run/)
#   SUNDAE_LOCAL_PORT_OFFSET  added to every default port below (default 0), e.g. 20000 for CI
#   SUNDAE_LOCAL_<NAME>_PORT  one port: GATEWAY (8080), INFERENCE (8092), OPERATOR (8091), CHAT (8093),
#                             GATEWAY_MGMT (8094), CHAT_MGMT (8095) (their health and metrics),
#                             KEYCLOAK (8180), KEYCLOAK_MGMT (9190), MINIO (9000), KES (7373),
#                             ELASTICMQ (9324, TLS), ELASTICMQ_PLAIN (9325, its loopback-only
#                             plain HTTP behind stunnel), POSTGRES (5432), APISERVER (6443),
#                             ETCD (2379), ETCD_PEER (2380), KCM (10257)
#   SUNDAE_LOCAL_EVENT_QUEUE  memory (default: MinIO sends each event at once) or disk (MinIO
#                             keeps events while the gateway is down, sends them every 3 s)
#   SUNDAE_LOCAL_FAILED_STOP  1 (default): a start that fails stops what it started; 0 keeps it
#   SUNDAE_LOCAL_BUILD        auto (build the jars when missing or older than the sources),
#                             always, or never (the Maven build of the e2e module uses never)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=hack/lib/pki.sh
source "$ROOT/hack/lib/pki.sh"
STATE=${SUNDAE_LOCAL_DIR:-$ROOT/.run}
mkdir -p "$STATE"
STATE=$(cd "$STATE" && pwd)
LOGS=$STATE/logs PIDS=$STATE/pids DATA=$STATE/data PKI=$STATE/pki
# PostgreSQL's cluster: under root it belongs to the postgres user, who may not be able to reach
# the state folder (a clone under a 0700 directory), so it lives in a folder of its own, one per
# state folder, removed by `reset` with the rest.
if [[ $(id -u) == 0 ]]; then
  PG_HOME=/var/lib/sundae-local/$(printf '%s' "$STATE" | sha256sum | cut -c1-12)
else
  PG_HOME=$DATA
fi
PGDATA_DIR=$PG_HOME/postgres
TOOLS_DIR=${SUNDAE_TOOLS_DIR:-$HOME/.cache/sundae}
ENVIRONMENT=dev
TENANTS=(acme gelato)
STARTED=$(date +%s)

OFFSET=${SUNDAE_LOCAL_PORT_OFFSET:-0}
port() { local var="SUNDAE_LOCAL_$1_PORT"; echo "${!var:-$(($2 + OFFSET))}"; }
GATEWAY_PORT=$(port GATEWAY 8080)
INFERENCE_PORT=$(port INFERENCE 8092)
OPERATOR_PORT=$(port OPERATOR 8091)
CHAT_PORT=$(port CHAT 8093)
GATEWAY_MGMT_PORT=$(port GATEWAY_MGMT 8094)
CHAT_MGMT_PORT=$(port CHAT_MGMT 8095)
KEYCLOAK_PORT=$(port KEYCLOAK 8180)
KEYCLOAK_MGMT_PORT=$(port KEYCLOAK_MGMT 9190)
MINIO_PORT=$(port MINIO 9000)
KES_PORT=$(port KES 7373)
ELASTICMQ_PORT=$(port ELASTICMQ 9324)
ELASTICMQ_PLAIN_PORT=$(port ELASTICMQ_PLAIN 9325)
POSTGRES_PORT=$(port POSTGRES 5432)
APISERVER_PORT=$(port APISERVER 6443)
ETCD_PORT=$(port ETCD 2379)
ETCD_PEER_PORT=$(port ETCD_PEER 2380)
KCM_PORT=$(port KCM 10257)

# TLS everywhere a client of this machine's platform connects, checked against this run's CA
# ($PKI/ca.crt): the gateway and the chat (HTTPS, WSS), Keycloak, MinIO, PostgreSQL and SQS, each
# with the server certificate pki_servers issues for 127.0.0.1 and localhost. ElasticMQ serves no
# TLS: stunnel (component elasticmq-tls) terminates it in front of ElasticMQ's loopback-only plain
# port. Health and metrics ports stay plain HTTP.
GATEWAY_URL=https://127.0.0.1:$GATEWAY_PORT
CHAT_URL=https://127.0.0.1:$CHAT_PORT
KEYCLOAK_URL=https://127.0.0.1:$KEYCLOAK_PORT
MINIO_URL=https://127.0.0.1:$MINIO_PORT
ELASTICMQ_URL=https://127.0.0.1:$ELASTICMQ_PORT
KUBECONFIG_FILE=$STATE/kubeconfig
# every process this script runs
COMPONENTS=(gateway inference chat operator keycloak minio elasticmq-tls elasticmq postgres
  kube-controller-manager kes kube-apiserver etcd)

log() { printf '[run-local %4ds] %s\n' "$(($(date +%s) - STARTED))" "$*"; }
die() {
  printf '[run-local] ERROR: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------- processes

pid_of() { cat "$PIDS/$1.pid" 2>/dev/null || true; }
running() {
  local pid
  pid=$(pid_of "$1")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null
}

# launch NAME COMMAND...: runs COMMAND in its own session (so that stop can end its whole
# process group), output appended to logs/NAME.log, PID in pids/NAME.pid.
launch() {
  local name=$1
  shift
  if running "$name"; then
    log "$name: already running (pid $(pid_of "$name"))"
    return 0
  fi
  mkdir -p "$LOGS" "$PIDS"
  # the command, not its arguments or environment: they carry passwords and tokens
  printf '\n==== %s start\n' "$(date -Is)" >>"$LOGS/$name.log"
  setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
  LAUNCHED+=("$name")
  log "$name: started (pid $!, log $LOGS/$name.log)"
}

# what this call of the script launched: a failed start stops these and nothing else
LAUNCHED=()

stop_one() {
  local name=$1 pid i
  pid=$(pid_of "$name")
  if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then
    rm -f "$PIDS/$name.pid"
    return 0
  fi
  log "$name: stopping (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name: still running after 30 s, killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$PIDS/$name.pid"
}

# stop_all [NAME...]: in three waves, each in parallel: the services, then the backends, then
# the control plane; all of them, or only the NAMEs given
stop_all() {
  local wave name stoppers
  for wave in "gateway inference chat operator" \
    "keycloak minio elasticmq-tls elasticmq postgres kube-controller-manager" \
    "kes kube-apiserver etcd"; do
    stoppers=()
    for name in $wave; do
      if (($# > 0)) && [[ " $* " != *" $name "* ]]; then
        continue
      fi
      stop_one "$name" &
      stoppers+=($!)
    done
    # only these: the servers a failed start launched are this shell's children too
    if ((${#stoppers[@]} > 0)); then
      wait "${stoppers[@]}"
    fi
  done
  log "stopped; data and logs are kept in $STATE"
}

# after a failed start: what this start launched, never what was running before it
stop_launched() {
  if ((${#LAUNCHED[@]} == 0)); then
    log "start failed; it had started nothing, so nothing is stopped"
    return 0
  fi
  log "start failed: stopping what this start launched (${LAUNCHED[*]}), nothing else"
  stop_all "${LAUNCHED[@]}"
}

# await NAME SECONDS PROBE...: waits until PROBE succeeds; fails with the end of NAME's log
# when the process died or the time is up.
await() {
  local name=$1 seconds=$2 deadline
  shift 2
  deadline=$(($(date +%s) + seconds))
  until "$@" >/dev/null 2>&1; do
    if ! running "$name"; then
      tail -n 30 "$LOGS/$name.log" >&2 || true
      die "$name exited; its log is $LOGS/$name.log"
    fi
    if (($(date +%s) > deadline)); then
      tail -n 30 "$LOGS/$name.log" >&2 || true
      die "$name not ready after $seconds s; its log is $LOGS/$name.log"
    fi
    sleep 0.5
  done
  log "$name: ready"
}

# probes, called through await
# shellcheck disable=SC2317
http_ok() { curl -fsS -o /dev/null --max-time 2 --cacert "$PKI/ca.crt" "$@"; }
# shellcheck disable=SC2317
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------- tools, secrets, build

tool() {
  local value
  value=$(sed -n "s#^$1=##p" "$TOOLS_DIR/tools.properties" 2>/dev/null | tail -n 1)
  [[ -n $value ]] || die "$1 missing from $TOOLS_DIR/tools.properties: run hack/bootstrap.sh"
  echo "$value"
}

# Secrets generated once per state folder and kept there (mode 600): the MinIO root user's,
# the bridge token, Keycloak's admin and the register clients'. The dev credentials Secrets the
# operator reads are rendered from these, never from a committed value.
load_secrets() {
  local file=$STATE/secrets.env
  if [[ ! -f $file ]]; then
    umask 077
    {
      echo "MINIO_ROOT_PASSWORD=$(openssl rand -hex 16)"
      echo "POSTGRES_PASSWORD=$(openssl rand -hex 16)"
      echo "BRIDGE_TOKEN=$(openssl rand -hex 24)"
      echo "KEYCLOAK_ADMIN_PASSWORD=$(openssl rand -hex 16)"
      echo "REGISTER_SECRET_acme=$(openssl rand -hex 16)"
      echo "REGISTER_SECRET_gelato=$(openssl rand -hex 16)"
    } >"$file"
    umask 022
  fi
  # added with the chat: a state folder from before gets it on its next start
  if ! grep -q '^MEMBER_PASSWORD=' "$file"; then
    echo "MEMBER_PASSWORD=$(openssl rand -hex 16)" >>"$file"
  fi
  # MinIO's built-in KMS key (256 bits), with which a state folder from before per-tenant keys
  # encrypts (see kms_mode). Losing it loses every object: it lives with the data.
  if ! grep -q '^MINIO_KMS_KEY=' "$file"; then
    echo "MINIO_KMS_KEY=$(openssl rand -base64 32)" >>"$file"
  fi
  # shellcheck source=/dev/null
  source "$file"
}

GATEWAY_JAR=$ROOT/services/gateway/target/sundae-gateway-0.1.0-SNAPSHOT.jar
INFERENCE_JAR=$ROOT/services/inference/target/sundae-inference-0.1.0-SNAPSHOT.jar
CHAT_JAR=$ROOT/services/chat/target/sundae-chat-0.1.0-SNAPSHOT.jar
OPERATOR_CLASSPATH=$ROOT/e2e/target/operator.classpath
SERVERS_CLASSPATH=$ROOT/testing/target/servers.classpath

# the web apps (apps/) changed after the gateway's or the chat's jar, which carry them: Maven
# rebuilds a jar for its own classes, not for a dependency's, so build() deletes those two first
apps_stale() {
  [[ -f $GATEWAY_JAR && -f $CHAT_JAR ]] || return 1
  [[ -n $(find "$ROOT/apps" \( -name node_modules -o -name target -o -name screenshots -o -name browser-tests \) -prune -o \
    -type f \( -newer "$GATEWAY_JAR" -o -newer "$CHAT_JAR" \) -print -quit) ]]
}

jars_stale() {
  local artifact
  apps_stale && return 0
  for artifact in "$GATEWAY_JAR" "$INFERENCE_JAR" "$CHAT_JAR" "$OPERATOR_CLASSPATH" \
    "$SERVERS_CLASSPATH"; do
    [[ -f $artifact ]] || return 0
  done
  # a source or pom newer than the oldest artifact
  [[ -n $(find "$ROOT/pom.xml" "$ROOT/operator" "$ROOT/services" "$ROOT/testing" "$ROOT/e2e/pom.xml" \
    \( -path '*/target' -prune \) -o \( -path '*/src/main/*' -o -name pom.xml \) -type f \
    -newer "$OPERATOR_CLASSPATH" -print -quit) ]] ||
    [[ -n $(find "$ROOT/operator" "$ROOT/services" \( -path '*/target' -prune \) -o \
      -path '*/src/main/*' -type f \( -newer "$GATEWAY_JAR" -o -newer "$INFERENCE_JAR" \
      -o -newer "$CHAT_JAR" \) \
      -print -quit) ]]
}

build() {
  local mode=${SUNDAE_LOCAL_BUILD:-auto}
  case $mode in
  never)
    [[ -f $GATEWAY_JAR && -f $INFERENCE_JAR && -f $CHAT_JAR && -f $OPERATOR_CLASSPATH &&
      -f $SERVERS_CLASSPATH ]] ||
      die "SUNDAE_LOCAL_BUILD=never, but the jars are missing: ./mvnw -DskipTests package"
    return 0
    ;;
  auto) jars_stale || {
    log "build: jars up to date"
    return 0
  } ;;
  always) ;;
  *) die "SUNDAE_LOCAL_BUILD must be auto, always or never, not '$mode'" ;;
  esac
  log "build: ./mvnw package of the operator, gateway, inference and chat (tests skipped) ..."
  if apps_stale; then rm -f "$GATEWAY_JAR" "$CHAT_JAR"; fi
  (cd "$ROOT" && ./mvnw -B -ntp -q -Dmaven.test.skip=true -Dspotless.check.skip=true \
    -pl services/gateway,services/inference,services/chat,testing,e2e -am package) >"$LOGS/build.log" 2>&1 ||
    {
      tail -n 40 "$LOGS/build.log" >&2
      die "the build failed; its log is $LOGS/build.log"
    }
  log "build: done"
}

# ElasticMQ's own server (org.elasticmq.server.Main, Maven Central); its classpath is resolved
# once by Maven into the state folder.
elasticmq_classpath() {
  local file=$STATE/elasticmq.classpath version
  if [[ ! -s $file ]]; then
    version=$(sed -n 's#.*<elasticmq.version>\(.*\)</elasticmq.version>.*#\1#p' "$ROOT/pom.xml")
    log "elasticmq: resolving elasticmq-server $version from Maven Central ..." >&2
    (cd "$ROOT" && ./mvnw -B -ntp -q -f hack/local/elasticmq-server.pom.xml \
      -Delasticmq.version="$version" dependency:build-classpath -Dmdep.outputFile="$file") \
      >>"$LOGS/build.log" 2>&1 || die "could not resolve elasticmq-server; see $LOGS/build.log"
  fi
  cat "$file"
}

# ---------------------------------------------------------------- servers

# server_command NAME OPTION...: the command line of server NAME as the tests start it
# (testing's ServerCommands, the one definition), with this run's options, into CMD
server_command() {
  CMD=()
  mapfile -d '' CMD < <(server_commands "$@")
  ((${#CMD[@]} > 0)) || die "no command line for $1 (testing's ServerCommands); rebuild: ./mvnw -DskipTests package"
}

# testing's ServerCommands main, with the tools this run uses
server_commands() {
  java -Dsundae.tools="$TOOLS_DIR" -cp "$ROOT/testing/target/classes:$(cat "$SERVERS_CLASSPATH")" \
    dev.sundae.testing.ServerCommands "$@"
}

# The control plane's CA, API server certificate, admin client certificate and service-account
# keys, made by testing's ControlPlanePki as the tests' control plane makes them.
pki() {
  [[ -f $PKI/admin.crt ]] && return 0
  log "pki: a CA, the API server's certificate, an admin client certificate, service-account keys"
  server_commands kube-pki dir="$PKI" || die "could not make the PKI in $PKI"
}

# The server certificate of everything this run serves over TLS (hack/lib/pki.sh: ECDSA P-256,
# for 127.0.0.1 and localhost, signed by the run's CA, issued again within 30 days of its end); and where each
# server reads it: MinIO a certs folder of its own (with the CA, which it trusts when it calls
# the gateway's webhook), PostgreSQL a copy its user owns.
pki_servers() {
  pki_server_certificate "$PKI" "$PKI/server" 365 /CN=sundae-local 'IP:127.0.0.1,DNS:localhost'
  mkdir -p "$STATE/minio-certs/CAs"
  cp "$PKI/server.crt" "$STATE/minio-certs/public.crt"
  cp "$PKI/server.key" "$STATE/minio-certs/private.key"
  cp "$PKI/ca.crt" "$STATE/minio-certs/CAs/ca.crt"
  TRUSTED_CAS=$(cat "$PKI/ca.crt")
}

kubeconfig() {
  local kubectl=$1
  KUBECONFIG=$KUBECONFIG_FILE "$kubectl" config set-cluster local --embed-certs \
    --certificate-authority="$PKI/ca.crt" --server="https://127.0.0.1:$APISERVER_PORT" >/dev/null
  KUBECONFIG=$KUBECONFIG_FILE "$kubectl" config set-credentials admin --embed-certs \
    --client-certificate="$PKI/admin.crt" --client-key="$PKI/admin.key" >/dev/null
  KUBECONFIG=$KUBECONFIG_FILE "$kubectl" config set-context local --cluster=local \
    --user=admin >/dev/null
  KUBECONFIG=$KUBECONFIG_FILE "$kubectl" config use-context local >/dev/null
  chmod 600 "$KUBECONFIG_FILE"
}

start_control_plane() {
  pki
  pki_servers
  mkdir -p "$DATA/etcd" "$DATA/kcm"
  server_command etcd data="$DATA/etcd" port="$ETCD_PORT" peer-port="$ETCD_PEER_PORT"
  launch etcd "${CMD[@]}"
  server_command kube-apiserver pki="$PKI" port="$APISERVER_PORT" etcd-port="$ETCD_PORT"
  launch kube-apiserver "${CMD[@]}"
  kubeconfig "$(tool kubectl)"
}

start_controller_manager() {
  server_command kube-controller-manager kubeconfig="$KUBECONFIG_FILE" port="$KCM_PORT" \
    cert-dir="$DATA/kcm"
  launch kube-controller-manager "${CMD[@]}"
}

# Which KMS MinIO uses: kes (KES, a key per tenant: the Environment's encryptionKeys PerTenant),
# or builtin for a state folder whose MinIO was first started with its built-in KMS, before KES
# came: MinIO's own data is sealed with that key and would not open with another KMS, so such a
# folder keeps it, with one key for every bucket (encryptionKeys Store), until it is removed.
kms_mode() {
  if [[ -d $DATA/minio && ! -d $DATA/kes ]]; then echo builtin; else echo kes; fi
}

# KES (hack/kes/config.yml, the same file the tests and the kind cluster use): its server
# certificate from the run's CA, and the client identity MinIO authenticates with (a key pair
# KES makes; KES knows a client by the hash of its public key, written into the config).
start_kes() {
  pki_server_certificate "$PKI" "$PKI/kes" 365 /CN=sundae-local-kes 'IP:127.0.0.1,DNS:localhost'
  if [[ ! -s $PKI/kes-minio.crt ]]; then
    "$(tool kes)" identity new --key "$PKI/kes-minio.key" --cert "$PKI/kes-minio.crt" \
      --expiry 87600h minio >/dev/null
  fi
  mkdir -p "$DATA/kes/keys"
  server_command kes config="$ROOT/hack/kes/config.yml" address="127.0.0.1:$KES_PORT" \
    tls-cert="$PKI/kes.crt" tls-key="$PKI/kes.key" keystore="$DATA/kes/keys" cache-expiry=5m \
    minio-identity="$("$(tool kes)" identity of "$PKI/kes-minio.crt")"
  launch kes env "${CMD[@]}"
}

start_minio() {
  mkdir -p "$DATA/minio" "$DATA/minio-events"
  # MinIO cannot publish to SQS: object-created events go to this webhook target (the
  # Environment's notificationTarget arn:minio:sqs::SUNDAE:webhook), the gateway's bridge.
  # With a queue_dir, MinIO keeps events on disk while the gateway is down, but sends them from
  # there on a 3 s ticker (internal/store retryInterval): up to 3 s more per upload. Without
  # one (the default here, SUNDAE_LOCAL_EVENT_QUEUE=memory) it sends at once, and an event that
  # finds the gateway down is lost by MinIO; the gateway's sweep (UploadSweep) then sends it
  # once the gateway is back, from the unconsumed ticket and the object in the bucket.
  local queue_dir=()
  if [[ ${SUNDAE_LOCAL_EVENT_QUEUE:-memory} == disk ]]; then
    queue_dir=(MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_SUNDAE="$DATA/minio-events")
  fi
  local kms=(MINIO_KMS_SECRET_KEY="sundae-at-rest:$MINIO_KMS_KEY")
  if [[ $KMS_MODE == kes ]]; then
    # shellcheck disable=SC2046 # one NAME=value word per line of the file
    kms=($(grep -v '^#' "$ROOT/hack/kes/minio.env")
      MINIO_KMS_KES_ENDPOINT="https://127.0.0.1:$KES_PORT" MINIO_KMS_KES_CAPATH="$PKI/ca.crt"
      MINIO_KMS_KES_CERT_FILE="$PKI/kes-minio.crt" MINIO_KMS_KES_KEY_FILE="$PKI/kes-minio.key")
  fi
  server_command minio root-user=sundae-admin port="$MINIO_PORT" data="$DATA/minio" \
    certs-dir="$STATE/minio-certs"
  # the first words are MinIO's environment (NAME=value); what is this run's comes before them
  launch minio env MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD" "${kms[@]}" \
    MINIO_NOTIFY_WEBHOOK_ENABLE_SUNDAE=on \
    MINIO_NOTIFY_WEBHOOK_ENDPOINT_SUNDAE="$GATEWAY_URL/internal/minio/events" \
    MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_SUNDAE="$BRIDGE_TOKEN" "${queue_dir[@]}" "${CMD[@]}"
}

start_elasticmq() {
  local classpath
  classpath=$(elasticmq_classpath)
  mkdir -p "$DATA/elasticmq"
  # the one configuration (hack/elasticmq/elasticmq.conf); its queue URLs name stunnel's port
  server_command elasticmq config="$ROOT/hack/elasticmq/elasticmq.conf" classpath="$classpath" \
    protocol=https host=127.0.0.1 port="$ELASTICMQ_PORT" bind-port="$ELASTICMQ_PLAIN_PORT" \
    region=us-east-1 data="$DATA/elasticmq"
  launch elasticmq env "${CMD[@]}"
  # TLS in front of it, with the run's server certificate (stunnel reads its files at start)
  sed -e "s#@PORT@#$ELASTICMQ_PORT#g" -e "s#@PLAIN_PORT@#$ELASTICMQ_PLAIN_PORT#g" \
    -e "s#@CERT@#$PKI/server.crt#g" -e "s#@KEY@#$PKI/server.key#g" \
    "$ROOT/hack/local/elasticmq-tls.conf" >"$STATE/elasticmq-tls.conf"
  launch elasticmq-tls "$(tool stunnel)" "$STATE/elasticmq-tls.conf"
}

# PostgreSQL refuses to run as root: under root the cluster belongs to the postgres user
# (setpriv execs, so the PID recorded is the server's own).
as_postgres() {
  if [[ $(id -u) == 0 ]]; then
    setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
  else
    "$@"
  fi
}

start_postgres() {
  AS_POSTGRES=()
  if [[ $(id -u) == 0 ]]; then
    AS_POSTGRES=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  fi
  # the cluster belongs to this state folder (its password is in it): a state folder made anew
  # (reset, mvn clean) gets a new cluster, even where the old one was left behind
  if [[ ! -f $PGDATA_DIR/PG_VERSION || ! -f $DATA/postgres.cluster ]]; then
    log "postgres: initdb (once, in $PGDATA_DIR)"
    rm -rf "$PGDATA_DIR" && mkdir -p "$PGDATA_DIR"
    (umask 077 && printf '%s' "$POSTGRES_PASSWORD" >"$PG_HOME/postgres.pw")
    if [[ $(id -u) == 0 ]]; then
      chmod 755 "$PG_HOME" "$(dirname "$PG_HOME")"
      chown postgres:postgres "$PGDATA_DIR" "$PG_HOME/postgres.pw"
    fi
    server_command initdb data="$PGDATA_DIR" superuser=sundae password-file="$PG_HOME/postgres.pw"
    as_postgres "${CMD[@]}" >>"$LOGS/postgres.log" 2>&1 || die "initdb failed; see $LOGS/postgres.log"
    rm -f "$PG_HOME/postgres.pw"
    mkdir -p "$DATA" && printf '%s\n' "$PGDATA_DIR" >"$DATA/postgres.cluster"
  fi
  # TLS only: the server's certificate (a copy its user owns: PostgreSQL refuses a key others
  # can read) and a pg_hba that admits TCP clients over hostssl alone
  mkdir -p "$PG_HOME/tls"
  cp "$PKI/server.crt" "$PKI/server.key" "$PG_HOME/tls/"
  printf '%s\n' '# written by hack/run-local.sh: TLS connections with a password, nothing else' \
    'hostssl all all 127.0.0.1/32 scram-sha-256' >"$PG_HOME/tls/pg_hba.conf"
  chmod 600 "$PG_HOME/tls/server.key"
  if [[ $(id -u) == 0 ]]; then
    chown -R postgres:postgres "$PG_HOME/tls"
  fi
  server_command postgres data="$PGDATA_DIR" port="$POSTGRES_PORT" \
    tls-cert="$PG_HOME/tls/server.crt" tls-key="$PG_HOME/tls/server.key" \
    hba="$PG_HOME/tls/pg_hba.conf"
  launch postgres "${AS_POSTGRES[@]}" "${CMD[@]}"
}

create_database() {
  local bin psql
  bin=$(tool postgres.bin)
  psql=(env PGPASSWORD="$POSTGRES_PASSWORD" PGSSLMODE=verify-full PGSSLROOTCERT="$PKI/ca.crt"
    "$bin/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U sundae -d postgres)
  if [[ -z $("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = 'sundae'") ]]; then
    "${psql[@]}" -v ON_ERROR_STOP=1 -qc 'CREATE DATABASE sundae' >/dev/null
    log "postgres: database sundae created"
  fi
}

start_keycloak() {
  mkdir -p "$DATA/keycloak"
  server_command keycloak admin=sundae-admin port="$KEYCLOAK_PORT" \
    management-port="$KEYCLOAK_MGMT_PORT" data="$DATA/keycloak" tls-cert="$PKI/server.crt" \
    tls-key="$PKI/server.key"
  # the first words are the environment (NAME=value) the start script reads
  launch keycloak env KC_BOOTSTRAP_ADMIN_PASSWORD="$KEYCLOAK_ADMIN_PASSWORD" "${CMD[@]}"
}

keycloak_realms() {
  local tenant secretvar pairs=()
  for tenant in "${TENANTS[@]}"; do
    secretvar=REGISTER_SECRET_$tenant
    pairs+=("$tenant=${!secretvar}")
  done
  SUNDAE_MEMBER_PASSWORD=$MEMBER_PASSWORD CURL_CA_BUNDLE=$PKI/ca.crt \
    SUNDAE_GATEWAY_ORIGINS="$GATEWAY_URL https://localhost:$GATEWAY_PORT" \
    SUNDAE_CHAT_ORIGINS="$CHAT_URL https://localhost:$CHAT_PORT" \
    "$ROOT/hack/local/keycloak-realms.sh" "$KEYCLOAK_URL" sundae-admin \
    "$KEYCLOAK_ADMIN_PASSWORD" "${pairs[@]}" | while read -r line; do log "$line"; done
}

# ---------------------------------------------------------------- Kubernetes resources

kubectl_() { KUBECONFIG=$KUBECONFIG_FILE "$(tool kubectl)" "$@"; }

apply_resources() {
  local dir=$STATE/manifests tenant
  mkdir -p "$dir"
  kubectl_ apply --server-side --force-conflicts -f "$ROOT/crds/" >/dev/null
  kubectl_ wait --for=condition=Established crd --all --timeout=60s >/dev/null
  # the dev Environment and Tenants of examples/, pointed at this run's ports and credentials;
  # each tenant's model is the reference model of the repository, read from its file; a laptop's
  # MinIO has no remote (cold) tier, so the tenants' coldTierDays are left out
  cat >"$dir/credentials.yaml" <<EOF
apiVersion: v1
kind: Namespace
metadata: {name: sundae-system}
---
apiVersion: v1
kind: Secret
metadata: {name: dev-object-store-admin, namespace: sundae-system}
stringData: {accessKey: sundae-admin, secretKey: "$MINIO_ROOT_PASSWORD"}
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
EOF
  sed -e "s#http://localhost:9000#$MINIO_URL#" -e "s#http://localhost:9324#$ELASTICMQ_URL#" \
    -e "s#jdbc:postgresql://localhost:5432/sundae#jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/sundae?sslmode=verify-full#" \
    -e "s#http://localhost:8080/realms/#$KEYCLOAK_URL/realms/#" \
    -e "s#encryptionKeys: PerTenant#encryptionKeys: $([[ $KMS_MODE == kes ]] && echo PerTenant || echo Store)#" \
    "$ROOT/examples/environment-dev.yaml" >"$dir/environment.yaml"
  for tenant in "${TENANTS[@]}"; do
    sed -e "s#http://localhost:8080/realms/#$KEYCLOAK_URL/realms/#" \
      -e "s#modelUri: .*#modelUri: file://$ROOT/services/inference/src/main/resources/model/reference/model.pt#" \
      -e '/coldTierDays:/d' \
      "$ROOT/examples/tenant-$tenant.yaml" >"$dir/tenant-$tenant.yaml"
  done
  kubectl_ apply -f "$dir/credentials.yaml" -f "$dir/environment.yaml" >/dev/null
  log "kubernetes: CRDs, credentials and Environment $ENVIRONMENT applied"
}

# Tenants live in their Environment's namespace, which the operator creates.
apply_tenants() {
  local tenant deadline=$(($(date +%s) + 120))
  until kubectl_ get namespace "$ENVIRONMENT" >/dev/null 2>&1; do
    (($(date +%s) < deadline)) || die "the operator did not create namespace $ENVIRONMENT"
    sleep 0.5
  done
  for tenant in "${TENANTS[@]}"; do
    kubectl_ apply -f "$STATE/manifests/tenant-$tenant.yaml" >/dev/null
  done
  log "kubernetes: Tenants ${TENANTS[*]} applied"
}

start_operator() {
  [[ -s $OPERATOR_CLASSPATH ]] || die "$OPERATOR_CLASSPATH is missing: build first"
  launch operator env KUBECONFIG="$KUBECONFIG_FILE" SUNDAE_HTTP_PORT="$OPERATOR_PORT" \
    SUNDAE_TRUSTED_CAS="$TRUSTED_CAS" \
    java -Xmx384m -cp "$(cat "$OPERATOR_CLASSPATH")" dev.sundae.operator.SundaeOperator
}

await_tenants() {
  local tenant waited deadline=$(($(date +%s) + 300))
  for tenant in "${TENANTS[@]}"; do
    waited=0
    until [[ $(kubectl_ get tenant "$tenant" -n "$ENVIRONMENT" \
      -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null) == True ]]; do
      running operator || die "the operator exited; its log is $LOGS/operator.log"
      if (($(date +%s) > deadline)); then
        kubectl_ get tenant "$tenant" -n "$ENVIRONMENT" -o yaml >&2 || true
        die "Tenant $tenant not Ready after 300 s; see $LOGS/operator.log"
      fi
      if ((++waited % 15 == 0)); then
        log "tenant $tenant: not Ready yet: $(kubectl_ get tenant "$tenant" -n "$ENVIRONMENT" \
          -o jsonpath='{.status.conditions[?(@.status=="False")].message}' 2>/dev/null)"
      fi
      sleep 1
    done
    log "tenant $tenant: Ready"
  done
}

# await_operator SECONDS WHAT COMMAND...: until COMMAND succeeds, while the operator runs and for
# at most SECONDS, saying every 15 s what it waits for. A Tenant's Ready may be the status of an
# earlier run while the operator, just started, puts back what is missing (a credentials Secret
# deleted by hand, say): the start waits for the operator rather than fail on the absence.
await_operator() {
  local seconds=$1 what=$2 waited=0
  shift 2
  local deadline=$(($(date +%s) + seconds))
  until "$@" >/dev/null 2>&1; do
    running operator || die "the operator exited; its log is $LOGS/operator.log"
    (($(date +%s) < deadline)) || die "$what: still missing after $seconds s; see $LOGS/operator.log"
    if ((waited++ % 15 == 0)); then log "$what: waiting for the operator"; fi
    sleep 1
  done
}

# the credentials Secret of Tenant $1 (JSON), as its status names it; fails while there is none
credentials_secret() {
  local name
  name=$(kubectl_ get tenant "$1" -n "$ENVIRONMENT" -o jsonpath='{.status.credentialsSecret}')
  [[ -n $name ]] && kubectl_ get secret -n "$ENVIRONMENT-$1" "$name" -o json
}

# the operator's rendering of the tenants (GatewayTenants, in every runtime): tenants.yaml of the
# Secret sundae-gateway in the Environment's namespace
rendered_tenants() {
  kubectl_ get secret sundae-gateway -n "$ENVIRONMENT" -o jsonpath='{.data.tenants\.yaml}' |
    base64 -d
}

# whether that rendering names every tenant of this run
rendering_complete() {
  rendered_tenants | python3 -c 'import json, sys
names = {t["name"] for t in json.load(sys.stdin)["sundae"]["tenants"]}
sys.exit(0 if set(sys.argv[1:]) <= names else 1)' "${TENANTS[@]}"
}

# The services' configuration outside Kubernetes: the tenants as the operator renders them
# (tenants.yaml, handed to the gateway, the worker and the chat as it is: one renderer for every
# runtime), and what this machine adds (ports, the bridge token, each tenant's Web Push keys:
# hack/local/render-config.py).
render_config() {
  local tenant secret secrets=() admissions=() i
  for tenant in "${TENANTS[@]}"; do
    await_operator 180 "tenant $tenant: its credentials Secret" credentials_secret "$tenant"
    secret=$(credentials_secret "$tenant") ||
      die "cannot read the credentials Secret of Tenant $tenant"
    secrets+=("\"$tenant\": $secret")
    # the Tenant's chat admission (open or verified), which the operator gives the per-tenant
    # chat it runs in a cluster (SUNDAE_CHAT_ADMISSION) and the one local chat needs per tenant
    admissions+=("$tenant=$(kubectl_ get tenant "$tenant" -n "$ENVIRONMENT" -o jsonpath='{.spec.chat.admission}')")
  done
  await_operator 120 "the tenants' configuration (Secret $ENVIRONMENT/sundae-gateway)" \
    rendering_complete
  rm -rf "$STATE/config.new" && mkdir -p "$STATE/config.new"
  (umask 077 && rendered_tenants >"$STATE/config.new/tenants.yaml") ||
    die "cannot read Secret $ENVIRONMENT/sundae-gateway"
  {
    echo '{'
    for ((i = 0; i < ${#secrets[@]}; i++)); do
      ((i == 0)) || echo ','
      printf '%s\n' "${secrets[i]}"
    done
    echo '}'
  } | SUNDAE_LOCAL_ADMISSIONS="${admissions[*]}" \
    python3 "$ROOT/hack/local/render-config.py" "$STATE/config.new" "$GATEWAY_PORT" \
    "$INFERENCE_PORT" "$BRIDGE_TOKEN" "$CHAT_PORT" "$GATEWAY_MGMT_PORT" "$CHAT_MGMT_PORT"
  CONFIG_CHANGED=false
  if ! diff -rq "$STATE/config" "$STATE/config.new" >/dev/null 2>&1; then
    CONFIG_CHANGED=true
    rm -rf "$STATE/config" && mv "$STATE/config.new" "$STATE/config"
    log "config: $STATE/config/: tenants.yaml (the operator's) and {gateway,inference,chat}.yaml"
  else
    rm -rf "$STATE/config.new"
    log "config: the operator renders the same tenants as last time"
  fi
}

# Each service trusts the run's CA (TrustedCas: MinIO, PostgreSQL, Keycloak are HTTPS); the
# gateway and the chat serve HTTPS with the servers' certificate, as the operator's Deployments do
# in a cluster (ServerTls.springVariables): health and metrics stay plain on their own port.
start_services() {
  local serving=(SERVER_SSL_BUNDLE=sundae
    SPRING_SSL_BUNDLE_PEM_SUNDAE_KEYSTORE_CERTIFICATE="$PKI/server.crt"
    SPRING_SSL_BUNDLE_PEM_SUNDAE_KEYSTORE_PRIVATEKEY="$PKI/server.key"
    MANAGEMENT_SERVER_SSL_ENABLED=false)
  local config="--spring.config.additional-location=file:$STATE/config/tenants.yaml"
  launch gateway env SUNDAE_TRUSTED_CAS="$TRUSTED_CAS" "${serving[@]}" java -Xmx512m \
    -jar "$GATEWAY_JAR" "$config,file:$STATE/config/gateway.yaml"
  launch inference env SUNDAE_TRUSTED_CAS="$TRUSTED_CAS" OMP_WAIT_POLICY=PASSIVE java -Xmx768m \
    -jar "$INFERENCE_JAR" "$config,file:$STATE/config/inference.yaml"
  launch chat env SUNDAE_TRUSTED_CAS="$TRUSTED_CAS" "${serving[@]}" java -Xmx512m \
    -jar "$CHAT_JAR" "$config,file:$STATE/config/chat.yaml"
}

write_e2e_properties() {
  local tenant
  {
    echo "# written by hack/run-local.sh: what the e2e tests and the demo need to reach the platform"
    echo "target=local"
    echo "gateway.url=$GATEWAY_URL"
    echo "chat.url=$CHAT_URL"
    echo "members=ana,ben"
    echo "member.client-id=community"
    echo "member.password=$MEMBER_PASSWORD"
    echo "keycloak.url=$KEYCLOAK_URL"
    echo "kubeconfig=$KUBECONFIG_FILE"
    echo "environment=$ENVIRONMENT"
    echo "tenants=$(IFS=,; echo "${TENANTS[*]}")"
    echo "s3.endpoint=$MINIO_URL"
    echo "sqs.endpoint=$ELASTICMQ_URL"
    echo "tls.ca=$PKI/ca.crt"
    for tenant in "${TENANTS[@]}"; do
      local secretvar=REGISTER_SECRET_$tenant
      echo "tenant.$tenant.issuer=$KEYCLOAK_URL/realms/$tenant"
      echo "tenant.$tenant.client-id=register"
      echo "tenant.$tenant.client-secret=${!secretvar}"
    done
  } >"$STATE/e2e.properties"
  chmod 600 "$STATE/e2e.properties"
}

summary() {
  cat <<EOF

Sundae is running (state, data and logs in $STATE).

  gateway (public API)   $GATEWAY_URL          OpenAPI: $GATEWAY_URL/openapi.yaml
                         health, metrics: http://127.0.0.1:$GATEWAY_MGMT_PORT/actuator/{health,prometheus}
  inference worker       http://127.0.0.1:$INFERENCE_PORT/actuator/health
  chat (audio community) $CHAT_URL          OpenAPI: $CHAT_URL/openapi.yaml
                         health, metrics: http://127.0.0.1:$CHAT_MGMT_PORT/actuator/{health,prometheus}
  operator               http://127.0.0.1:$OPERATOR_PORT/metrics
  Keycloak (OIDC)        $KEYCLOAK_URL/realms/{acme,gelato}
  MinIO (S3)             $MINIO_URL
  KES (MinIO's KMS)      https://127.0.0.1:$KES_PORT   keys: $DATA/kes/keys (one per tenant)
  ElasticMQ (SQS)        $ELASTICMQ_URL
  PostgreSQL             127.0.0.1:$POSTGRES_PORT, database sundae
  Kubernetes API         KUBECONFIG=$KUBECONFIG_FILE kubectl get tenants -n $ENVIRONMENT

HTTPS, WSS and PostgreSQL's TLS are signed by this run's CA: $PKI/ca.crt
(curl --cacert, AWS_CA_BUNDLE for the AWS CLI, PGSSLROOTCERT with PGSSLMODE=verify-full).

A register's token (client credentials of the client 'register' of the tenant's realm):
  secret=\$(sed -n 's/^tenant.acme.client-secret=//p' $STATE/e2e.properties)
  curl -s --cacert $PKI/ca.crt $KEYCLOAK_URL/realms/acme/protocol/openid-connect/token \\
    -d grant_type=client_credentials -d client_id=register -d client_secret=\$secret
A community member's token (users ana and ben in each realm, ben also moderates; public client
'community'); the analyst's: username=carla, client_id=dashboard (the same password):
  password=\$(sed -n 's/^member.password=//p' $STATE/e2e.properties)
  curl -s --cacert $PKI/ca.crt $KEYCLOAK_URL/realms/acme/protocol/openid-connect/token \\
    -d grant_type=password -d client_id=community -d username=ana -d password=\$password

The demo (both tenants: upload a frame, top-3, purchase, effectiveness, isolation):
  hack/demo.sh
Logs: hack/run-local.sh logs [NAME]     Stop: hack/run-local.sh stop
EOF
}

# A port taken by a process other than ours would answer our readiness probes: refuse.
preflight() {
  local pair name port
  for pair in gateway:$GATEWAY_PORT gateway:$GATEWAY_MGMT_PORT inference:$INFERENCE_PORT \
    chat:$CHAT_PORT chat:$CHAT_MGMT_PORT operator:$OPERATOR_PORT \
    keycloak:$KEYCLOAK_PORT keycloak:$KEYCLOAK_MGMT_PORT minio:$MINIO_PORT kes:$KES_PORT \
    elasticmq-tls:$ELASTICMQ_PORT elasticmq:$ELASTICMQ_PLAIN_PORT postgres:$POSTGRES_PORT kube-apiserver:$APISERVER_PORT \
    etcd:$ETCD_PORT etcd:$ETCD_PEER_PORT kube-controller-manager:$KCM_PORT; do
    name=${pair%%:*} port=${pair#*:}
    if ! running "$name" && listening "$port"; then
      die "port $port (for $name) is taken by another process; choose other ports with" \
        "SUNDAE_LOCAL_PORT_OFFSET=N or SUNDAE_LOCAL_<NAME>_PORT (see hack/run-local.sh --help)"
    fi
  done
}

start() {
  local foreground=$1
  command -v openssl >/dev/null || die "openssl is missing (apt-get install openssl)"
  command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
  command -v python3 >/dev/null || die "python3 is missing (apt-get install python3)"
  mkdir -p "$LOGS" "$PIDS" "$DATA"
  if [[ ${SUNDAE_LOCAL_FAILED_STOP:-1} == 1 ]]; then
    trap 'status=$?; if ((status != 0)); then stop_launched; fi' EXIT
  fi
  log "state folder $STATE (ports: gateway $GATEWAY_PORT, keycloak $KEYCLOAK_PORT, minio $MINIO_PORT, ...)"
  preflight
  log "bootstrap: hack/bootstrap.sh --local (builds the servers that are missing; the first time"
  log "  takes about seven minutes on 2 cores; its steps follow, the whole output is $LOGS/bootstrap.log)"
  # its own step lines ([bootstrap] ...) on the console, as they come
  "$ROOT/hack/bootstrap.sh" --local 2>&1 | tee -a "$LOGS/bootstrap.log" |
    { grep --line-buffered -E '^\[[a-z-]+\] ' || true; } | sed -u 's/^/    /' ||
    die "hack/bootstrap.sh failed; see $LOGS/bootstrap.log"
  load_secrets
  KMS_MODE=$(kms_mode)
  if [[ $KMS_MODE == builtin ]]; then
    log "kms: this state folder's MinIO predates KES: one key for every bucket (encryptionKeys"
    log "  Store); remove $DATA (its data goes with it) for a key per tenant"
  fi

  # first: the servers' command lines and the control plane's PKI come from testing's
  # ServerCommands, which a fresh clone has not compiled yet
  build
  start_control_plane
  start_postgres
  if [[ $KMS_MODE == kes ]]; then
    start_kes
    await kes 30 listening "$KES_PORT"
  fi
  start_minio
  start_keycloak
  start_elasticmq

  await etcd 60 http_ok "http://127.0.0.1:$ETCD_PORT/health"
  await kube-apiserver 120 kubectl_ get --raw /readyz
  start_controller_manager
  await postgres 60 listening "$POSTGRES_PORT"
  create_database
  await minio 60 http_ok "$MINIO_URL/minio/health/ready"
  await elasticmq 60 listening "$ELASTICMQ_PLAIN_PORT"
  await elasticmq-tls 30 http_ok "$ELASTICMQ_URL/?Action=ListQueues"
  apply_resources
  start_operator
  # a restart: the services start at once with the configuration of the last run, and are
  # restarted below only if the Tenants now give another one
  if [[ -f $STATE/config/tenants.yaml && -f $STATE/config/gateway.yaml ]]; then
    start_services
  fi
  await kube-controller-manager 60 http_ok -k "https://127.0.0.1:$KCM_PORT/healthz"
  await keycloak 240 http_ok "http://127.0.0.1:$KEYCLOAK_MGMT_PORT/health/ready"
  # the management port can answer before the HTTPS one does
  await keycloak 60 http_ok "$KEYCLOAK_URL/realms/master"
  keycloak_realms
  await operator 120 http_ok "http://127.0.0.1:$OPERATOR_PORT/readyz"
  apply_tenants
  await_tenants
  render_config
  if [[ $CONFIG_CHANGED == true ]]; then
    stop_one gateway
    stop_one inference
    stop_one chat
  fi
  start_services
  await gateway 120 http_ok "http://127.0.0.1:$GATEWAY_MGMT_PORT/actuator/health/readiness"
  await inference 180 http_ok "http://127.0.0.1:$INFERENCE_PORT/actuator/health/readiness"
  await chat 120 http_ok "http://127.0.0.1:$CHAT_MGMT_PORT/actuator/health/readiness"
  write_e2e_properties
  trap - EXIT
  log "all up in $(($(date +%s) - STARTED)) s"
  summary
  if [[ $foreground == true ]]; then
    trap 'echo; stop_all; exit 0' INT TERM
    log "running in the foreground: Ctrl-C stops everything"
    while true; do sleep 1; done
  fi
}

status() {
  local name state
  for name in "${COMPONENTS[@]}"; do
    if running "$name"; then state="running (pid $(pid_of "$name"))"; else state=stopped; fi
    printf '%-24s %s\n' "$name" "$state"
  done
  echo "state folder: $STATE"
}

logs() {
  if [[ $# -gt 0 ]]; then
    [[ -f $LOGS/$1.log ]] || die "no log $LOGS/$1.log"
    tail -n 100 -F "$LOGS/$1.log"
  else
    tail -n 20 -F "$LOGS"/*.log
  fi
}

# in a function, and exit on the same line: bash reads a script as it runs, so this keeps a
# running start or stop safe from an edit of this file
main() {
  case ${1:-start} in
  start) start "$([[ ${2:-} == --foreground ]] && echo true || echo false)" ;;
  --foreground) start true ;;
  stop) stop_all ;;
  status) status ;;
  logs)
    shift
    logs "$@"
    ;;
  reset)
    stop_all
    rm -rf "$STATE" "$PGDATA_DIR"
    log "deleted $STATE and $PGDATA_DIR"
    ;;
  -h | --help | help) sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (start, --foreground, stop, status, logs, reset)" ;;
  esac
}

main "$@"; exit $?
