#!/usr/bin/env bash
# The register's story against the platform of hack/run-local.sh, for each tenant: a token from
# the tenant's issuer, a signed upload URL, a pink camera frame uploaded straight to the object
# store, the top-3 flavours (long-poll) and the time it took, a purchase, the effectiveness
# summary; then tenant A's token asking for tenant B's result (404).
#
#   hack/demo.sh                      against .run/ (hack/run-local.sh's default state folder)
#   SUNDAE_LOCAL_DIR=/path hack/demo.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${SUNDAE_LOCAL_DIR:-$ROOT/.run}
[[ -f $STATE/e2e.properties ]] ||
  { echo "[demo] $STATE/e2e.properties is missing: start the platform with hack/run-local.sh" >&2; exit 1; }
exec python3 "$ROOT/hack/local/demo.py" "$STATE/e2e.properties"
