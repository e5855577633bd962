#!/usr/bin/env bash
# Regenerates the CRD YAML in crds/ (and its copy in the Helm chart) from the model classes in operator/api (fabric8 CRD generator).
# Nobody edits crds/ by hand: change the Java classes, run this, commit both.
#
#   hack/update-crds.sh
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

echo "[update-crds] removing the old CRDs from crds/ and helm/sundae-operator/crds/"
rm -f crds/*.yml helm/sundae-operator/crds/*.yml

echo "[update-crds] generating CRDs from operator/api and copying them into crds/ and the chart"
./mvnw -B -q -pl operator/api -Pupdate-crds process-classes

if ! ls crds/*.yml >/dev/null 2>&1; then
  echo "[update-crds] ERROR: no CRD was generated; see the Maven output above" >&2
  exit 1
fi
echo "[update-crds] done:"
ls -1 crds/*.yml helm/sundae-operator/crds/*.yml
