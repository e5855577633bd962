#!/usr/bin/env bash
# End-to-end latency benchmark on the platform of hack/run-local.sh: N uploads (default 500),
# each timed from the frame's PUT returning to the recommendation's long-poll returning, beside
# baselines measured in the same run (bare PUT to MinIO, an SQS send/receive round trip, a GET of
# a finished recommendation). Prints p50/p99; asserts nothing about time.
#
#   hack/bench-e2e.sh [UPLOADS] [WARMUP]        e.g. hack/bench-e2e.sh 500 50
#   SUNDAE_LOCAL_DIR=/path hack/bench-e2e.sh    another platform's state folder
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
STATE=${SUNDAE_LOCAL_DIR:-$ROOT/.run}
echo "[bench-e2e] the platform: hack/run-local.sh start (seconds when it runs already) ..."
SUNDAE_LOCAL_DIR=$STATE hack/run-local.sh start >"$STATE/bench-start.log" 2>&1 ||
  { tail -n 20 "$STATE/bench-start.log" >&2; exit 1; }
echo "[bench-e2e] compiling the benchmark (e2e test classes) ..."
./mvnw -B -ntp -q -DskipTests -Dspotless.check.skip=true -pl e2e -am package
echo "[bench-e2e] running ..."
exec java -Xmx512m -Dsundae.e2e.state="$STATE" \
  -cp "$ROOT/e2e/target/test-classes:$ROOT/testing/target/classes:$(cat "$ROOT/e2e/target/operator.classpath")" \
  dev.sundae.e2e.bench.LatencyBenchmark "${1:-500}" "${2:-50}"
