#!/usr/bin/env bash
# One Keycloak realm per tenant (the tenant's OIDC issuer) with a confidential client "register"
# whose access tokens carry the audience sundae-<tenant>; created through Keycloak's admin REST
# API. With SUNDAE_MEMBER_PASSWORD set, each realm also gets the chat's community: a public client
# "community" (password grant, same audience) and the members "ana" and "ben" with that password.
# Every object is created only when missing, so a realm of an older run gets what it lacks.
# Used by hack/run-local.sh and e2e/kind/run.sh.
#
#   [SUNDAE_MEMBER_PASSWORD=...] keycloak-realms.sh KEYCLOAK_URL ADMIN_USER ADMIN_PASSWORD TENANT=CLIENT_SECRET...
set -euo pipefail
url=$1 user=$2 password=$3
shift 3
admin=$(curl -fsS "$url/realms/master/protocol/openid-connect/token" \
  -d grant_type=password -d client_id=admin-cli -d username="$user" \
  --data-urlencode "password=$password" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

api() { curl -fsS -H "Authorization: Bearer $admin" "$@"; }
post_json() { api -H 'Content-Type: application/json' "$1" -d @-; }
# not_empty URL: whether the JSON list at URL has an element
not_empty() { api "$1" | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin) else 1)'; }

client() { # client TENANT ID PUBLIC SECRET
  python3 - "$@" <<'PY'
import json, sys
tenant, client_id, public, secret = sys.argv[1:5]
public = public == "true"
client = {
    "clientId": client_id, "enabled": True, "publicClient": public,
    "serviceAccountsEnabled": not public, "directAccessGrantsEnabled": public,
    "standardFlowEnabled": False,
    "protocolMappers": [{
        "name": "audience", "protocol": "openid-connect",
        "protocolMapper": "oidc-audience-mapper",
        "config": {"included.custom.audience": f"sundae-{tenant}",
                   "access.token.claim": "true", "id.token.claim": "false"}}]}
if not public:
    client["secret"] = secret
print(json.dumps(client))
PY
}

for pair in "$@"; do
  tenant=${pair%%=*} secret=${pair#*=}
  if ! api -o /dev/null "$url/admin/realms/$tenant" 2>/dev/null; then
    echo "{\"realm\":\"$tenant\",\"enabled\":true,\"accessTokenLifespan\":3600}" |
      post_json "$url/admin/realms"
    client "$tenant" register false "$secret" | post_json "$url/admin/realms/$tenant/clients"
    echo "[keycloak] realm $tenant with client 'register' (audience sundae-$tenant)"
  fi
  [[ -n ${SUNDAE_MEMBER_PASSWORD:-} ]] || continue
  if ! not_empty "$url/admin/realms/$tenant/clients?clientId=community"; then
    client "$tenant" community true "" | post_json "$url/admin/realms/$tenant/clients"
    echo "[keycloak] realm $tenant: public client 'community' (audience sundae-$tenant)"
  fi
  for member in ana ben; do
    if ! not_empty "$url/admin/realms/$tenant/users?username=$member&exact=true"; then
      python3 - "$member" "$tenant" <<'PY' | post_json "$url/admin/realms/$tenant/users"
import json, os, sys
member, tenant = sys.argv[1:3]
print(json.dumps({
    "username": member, "enabled": True, "emailVerified": True,
    "firstName": member.capitalize(), "lastName": tenant.capitalize(),
    "email": f"{member}@{tenant}.example", "requiredActions": [],
    "credentials": [{"type": "password", "temporary": False,
                     "value": os.environ["SUNDAE_MEMBER_PASSWORD"]}]}))
PY
      echo "[keycloak] realm $tenant: member '$member'"
    fi
  done
done
