#!/usr/bin/env bash
# The one test command: installs or builds the real test servers that are missing, then runs
# every tier of tests (*Test unit, *IT against real servers, *ImageIT on the built container
# images, *E2E across the platform).
# Extra arguments go to Maven, e.g. hack/test.sh -pl testing -Dit.test=MinioServerIT
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
