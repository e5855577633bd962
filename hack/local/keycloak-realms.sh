#!/usr/bin/env bash
# One Keycloak realm per tenant (its OIDC issuer), as services/tenancy's TenantRealm defines it
# (the one definition compose and the tests import too): the four caller roles, the register
# client whose service account is a register, the public clients "community" and "dashboard", all
# with the audience sundae-<tenant>, and with SUNDAE_MEMBER_PASSWORD set the sample people (ana,
# ben, carla and the contract fuzzer's two). A missing realm is created whole; an existing one gets
# what it lacks (Keycloak's partial import, skipping what exists), so a run is idempotent.
# Used by hack/run-local.sh and e2e/kind/run.sh.
#
# SUNDAE_GATEWAY_ORIGINS and SUNDAE_CHAT_ORIGINS (space-separated https://host:port) are where the
# web apps are served: their clients accept those origins (TenantRealm.AppOrigins).
#
#   [SUNDAE_MEMBER_PASSWORD=...] keycloak-realms.sh KEYCLOAK_URL ADMIN_USER ADMIN_PASSWORD TENANT=CLIENT_SECRET...
#
# TenantRealm runs from the classpath the build writes (e2e/target/operator.classpath, or
# SUNDAE_CLASSPATH). An https KEYCLOAK_URL is checked against CURL_CA_BUNDLE (the run's CA);
# SUNDAE_CURL_RESOLVE (host:port:address, curl's --resolve) reaches a server by the name its
# certificate carries where the machine's resolver does not know it (kind's in-cluster names).
set -euo pipefail
url=$1 user=$2 password=$3
shift 3
root=$(cd "$(dirname "$0")/../.." && pwd)
classpath_file=$root/e2e/target/operator.classpath
if [[ -z ${SUNDAE_CLASSPATH:-} && ! -f $classpath_file ]]; then
  echo "keycloak-realms: $classpath_file is missing; build first: ./mvnw -DskipTests package" >&2
  exit 1
fi
classpath=${SUNDAE_CLASSPATH:-$(cat "$classpath_file")}

curl() { command curl ${SUNDAE_CURL_RESOLVE:+--resolve "$SUNDAE_CURL_RESOLVE"} "$@"; }
token=$(curl -fsS "$url/realms/master/protocol/openid-connect/token" \
  -d grant_type=password -d client_id=admin-cli -d username="$user" \
  --data-urlencode "password=$password")
admin=$(sed -E 's/.*"access_token":"([^"]+)".*/\1/' <<<"$token")

realm() { # realm TENANT SECRET [--partial-import]: TenantRealm's JSON
  SUNDAE_REGISTER_SECRET=$2 java -cp "$classpath" dev.sundae.tenancy.TenantRealm "$1" "sundae-$1" \
    "${@:3}"
}
api() { curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }

for pair in "$@"; do
  tenant=${pair%%=*} secret=${pair#*=}
  if api -o /dev/null "$url/admin/realms/$tenant" 2>/dev/null; then
    # the realm of an earlier run: add what it lacks, keep what it has
    added=$(realm "$tenant" "$secret" --partial-import | api "$url/admin/realms/$tenant/partialImport" -d @-)
    echo "[keycloak] realm $tenant kept, $(sed -E 's/.*"added":([0-9]+).*/\1/' <<<"$added") resources added"
    # the apps' origins may have moved (ports): the clients' web origins, return addresses and
    # flows are set again (a PUT changes the fields it names only)
    realm "$tenant" "$secret" | python3 -c '
import json, sys
for c in json.load(sys.stdin)["clients"]:
    keep = ("clientId", "webOrigins", "redirectUris", "standardFlowEnabled", "attributes")
    print(json.dumps({k: c[k] for k in keep if k in c}))' |
      while read -r client; do
        id=$(api "$url/admin/realms/$tenant/clients?clientId=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["clientId"])' "$client")" |
          python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
        api -X PUT "$url/admin/realms/$tenant/clients/$id" -d "$client"
      done
  else
    realm "$tenant" "$secret" | api "$url/admin/realms" -d @-
    echo "[keycloak] realm $tenant created (clients register, community, dashboard)"
  fi
done
