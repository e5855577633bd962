#!/usr/bin/env bash
# Operator benchmark: N tenants against a real API server, MinIO, ElasticMQ and PostgreSQL.
#   hack/bench-operator.sh                 200 tenants, 60 s of idling
#   hack/bench-operator.sh --tenants 500   more
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
hack/bootstrap.sh
echo "[bench] building the operator ..."
./mvnw -B -q -ntp -pl operator/controller -am install -DskipTests -Dspotless.check.skip=true
echo "[bench] running (args: $*) ..."
# exec:exec, not exec:java: the benchmark starts the operator as its own JVM on the same
# classpath, which it reads from java.class.path
./mvnw -B -q -ntp -pl operator/controller exec:exec \
  -Dexec.executable=java \
  -Dexec.classpathScope=test \
  -Dexec.args="-Xmx1g -cp %classpath dev.sundae.operator.bench.OperatorBenchmark $*"
