#!/usr/bin/env bash
# One Keycloak realm per tenant (the tenant's OIDC issuer) with Sundae's four roles (CallerRole in
# services/tenancy) and a confidential client "register" whose access tokens carry the audience
# sundae-<tenant> and, through its service account, the role sundae-register; created through
# Keycloak's admin REST API. With SUNDAE_MEMBER_PASSWORD set, each realm also gets sample people with
# that password: the community's members "ana" and "ben" (ben also moderates) signing in through the
# public client "community", and the analyst "carla" through the public client "dashboard" (both
# password grant, same audience), and the contract fuzzer's own member and moderator. Every
# object is created only when missing and every role granted again (idempotent), so a realm of an
# older run gets what it lacks.
# Used by hack/run-local.sh and e2e/kind/run.sh.
#
#   [SUNDAE_MEMBER_PASSWORD=...] keycloak-realms.sh KEYCLOAK_URL ADMIN_USER ADMIN_PASSWORD TENANT=CLIENT_SECRET...
#
# An https KEYCLOAK_URL is checked against CURL_CA_BUNDLE (the run's CA); SUNDAE_CURL_RESOLVE
# (host:port:address, curl's --resolve) reaches a server by the name its certificate carries
# where the machine's resolver does not know it (kind's in-cluster names).
set -euo pipefail
url=$1 user=$2 password=$3
shift 3
curl() { command curl ${SUNDAE_CURL_RESOLVE:+--resolve "$SUNDAE_CURL_RESOLVE"} "$@"; }
admin=$(curl -fsS "$url/realms/master/protocol/openid-connect/token" \
  -d grant_type=password -d client_id=admin-cli -d username="$user" \
  --data-urlencode "password=$password" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

api() { curl -fsS -H "Authorization: Bearer $admin" "$@"; }
post_json() { api -H 'Content-Type: application/json' "$1" -d @-; }
# first_id URL: the id of the first element of the JSON list at URL (empty when there is none)
first_id() { api "$1" | python3 -c 'import json,sys; l=json.load(sys.stdin); print(l[0]["id"] if l else "")'; }
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

ROLES=(sundae-register sundae-analyst sundae-member sundae-moderator)

# grant REALM USER_ID ROLE...: maps realm roles to a user (Keycloak ignores those it already has)
grant() {
  local realm=$1 user_id=$2
  shift 2
  local role reps=()
  for role in "$@"; do reps+=("$(api "$url/admin/realms/$realm/roles/$role")"); done
  printf '%s\n' "${reps[@]}" | python3 -c 'import json,sys; print(json.dumps([json.loads(l) for l in sys.stdin]))' |
    post_json "$url/admin/realms/$realm/users/$user_id/role-mappings/realm"
}

for pair in "$@"; do
  tenant=${pair%%=*} secret=${pair#*=}
  if ! api -o /dev/null "$url/admin/realms/$tenant" 2>/dev/null; then
    echo "{\"realm\":\"$tenant\",\"enabled\":true,\"accessTokenLifespan\":3600}" |
      post_json "$url/admin/realms"
    echo "[keycloak] realm $tenant"
  fi
  for role in "${ROLES[@]}"; do
    if ! api -o /dev/null "$url/admin/realms/$tenant/roles/$role" 2>/dev/null; then
      echo "{\"name\":\"$role\"}" | post_json "$url/admin/realms/$tenant/roles"
    fi
  done
  if ! not_empty "$url/admin/realms/$tenant/clients?clientId=register"; then
    client "$tenant" register false "$secret" | post_json "$url/admin/realms/$tenant/clients"
    echo "[keycloak] realm $tenant: client 'register' (audience sundae-$tenant, role sundae-register)"
  fi
  register=$(first_id "$url/admin/realms/$tenant/clients?clientId=register")
  account=$(api "$url/admin/realms/$tenant/clients/$register/service-account-user" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  grant "$tenant" "$account" sundae-register
  [[ -n ${SUNDAE_MEMBER_PASSWORD:-} ]] || continue
  for app in community dashboard; do
    if ! not_empty "$url/admin/realms/$tenant/clients?clientId=$app"; then
      client "$tenant" "$app" true "" | post_json "$url/admin/realms/$tenant/clients"
      echo "[keycloak] realm $tenant: public client '$app' (audience sundae-$tenant)"
    fi
  done
  # fuzz-member and fuzz-moderator: the contract fuzzer's own (ApiContractE2E), so that what it
  # does (bans, blocks, settings, spent rate limits) never reaches the people the other tests use
  for person in ana:sundae-member ben:sundae-member,sundae-moderator carla:sundae-analyst \
    fuzz-member:sundae-member fuzz-moderator:sundae-member,sundae-moderator; do
    name=${person%%:*} roles=${person#*:}
    if ! not_empty "$url/admin/realms/$tenant/users?username=$name&exact=true"; then
      python3 - "$name" "$tenant" <<'PY' | post_json "$url/admin/realms/$tenant/users"
import json, os, sys
name, tenant = sys.argv[1:3]
print(json.dumps({
    "username": name, "enabled": True, "emailVerified": True,
    "firstName": name.capitalize(), "lastName": tenant.capitalize(),
    "email": f"{name}@{tenant}.example", "requiredActions": [],
    "credentials": [{"type": "password", "temporary": False,
                     "value": os.environ["SUNDAE_MEMBER_PASSWORD"]}]}))
PY
      echo "[keycloak] realm $tenant: user '$name' ($roles)"
    fi
    IFS=, read -r -a granted <<<"$roles"
    grant "$tenant" "$(first_id "$url/admin/realms/$tenant/users?username=$name&exact=true")" "${granted[@]}"
  done
done
