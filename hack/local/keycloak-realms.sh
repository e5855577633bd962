#!/usr/bin/env bash
# One Keycloak realm per tenant (the tenant's OIDC issuer) with a confidential client "register"
# whose access tokens carry the audience sundae-<tenant>; created through Keycloak's admin REST
# API, skipped when the realm exists. Used by hack/run-local.sh and e2e/kind/run.sh.
#
#   keycloak-realms.sh KEYCLOAK_URL ADMIN_USER ADMIN_PASSWORD TENANT=CLIENT_SECRET...
set -euo pipefail
url=$1 user=$2 password=$3
shift 3
admin=$(curl -fsS "$url/realms/master/protocol/openid-connect/token" \
  -d grant_type=password -d client_id=admin-cli -d username="$user" \
  --data-urlencode "password=$password" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
for pair in "$@"; do
  tenant=${pair%%=*} secret=${pair#*=}
  if curl -fsS -o /dev/null -H "Authorization: Bearer $admin" "$url/admin/realms/$tenant"; then
    continue
  fi
  curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    "$url/admin/realms" -d "{\"realm\":\"$tenant\",\"enabled\":true,\"accessTokenLifespan\":3600}"
  python3 - "$tenant" "$secret" >"${TMPDIR:-/tmp}/sundae-client-$tenant.json" <<'PY'
import json, sys
tenant, secret = sys.argv[1:3]
print(json.dumps({
    "clientId": "register", "secret": secret, "enabled": True, "publicClient": False,
    "serviceAccountsEnabled": True, "directAccessGrantsEnabled": False,
    "standardFlowEnabled": False,
    "protocolMappers": [{
        "name": "audience", "protocol": "openid-connect",
        "protocolMapper": "oidc-audience-mapper",
        "config": {"included.custom.audience": f"sundae-{tenant}",
                   "access.token.claim": "true", "id.token.claim": "false"}}]}))
PY
  curl -fsS -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    "$url/admin/realms/$tenant/clients" -d "@${TMPDIR:-/tmp}/sundae-client-$tenant.json"
  rm -f "${TMPDIR:-/tmp}/sundae-client-$tenant.json"
  echo "[keycloak] realm $tenant with client 'register' (audience sundae-$tenant)"
done
