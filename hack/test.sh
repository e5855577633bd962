#!/usr/bin/env bash
# The one test command: installs or builds the real test servers that are missing, then runs
# every tier of tests (*Test unit, *IT against real servers, *ImageIT on the built container
# images, *E2E across the platform).
# Then the platform in a real cluster: e2e/kind/run.sh (kind cluster of the offline node image,
# helm install of the operator, the *E2E classes with -Dsundae.e2e.target=kind, the cluster deleted).
# Extra arguments go to Maven, e.g. hack/test.sh -pl testing -Dit.test=MinioServerIT
# (SUNDAE_SKIP_KIND=1 skips the cluster run, e.g. when testing one module)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

phase() {
  local name=$1 start status=0
  shift
  start=$(date +%s)
  echo "[test] phase '$name' ..."
  "$@" || status=$?
  echo "[test] phase '$name' took $(($(date +%s) - start)) s (exit $status)"
  return "$status"
}

phase bootstrap hack/bootstrap.sh
# -Pimages: the container images are built (Jib, no daemon) and the *ImageIT tests run them
phase maven ./mvnw -B -ntp -Pimages verify "$@"
phase compose e2e/compose/run.sh
if [[ ${SUNDAE_SKIP_KIND:-} != 1 ]]; then
  phase kind e2e/kind/run.sh
fi
