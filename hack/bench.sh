#!/usr/bin/env bash
# Every benchmark of the repository, one after the other, then one table of their headline
# figures, each beside the baseline its benchmark measured in the same run (BenchRow lines), with
# the date, the machine and its load. The README's performance section is this table.
#
#   hack/bench.sh                      all: urls inference chat operator e2e uplift (~30 min)
#   hack/bench.sh urls chat            some of them
#   SUNDAE_BENCH_TENANTS=200 hack/bench.sh operator   fewer tenants (default 500, the target's)
#
# Each benchmark's own report goes to target/bench/<name>.log; the table to target/bench/table.md.
# Nothing else should run on the machine meanwhile: the ratios survive a busy machine better than
# the absolute figures, but neither survives it well. The e2e benchmark needs the local platform:
# it is started when it is not running, and stopped again afterwards.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/target/bench
ALL=(urls inference chat operator e2e uplift)
cd "$ROOT"

log() { printf '[bench] %s\n' "$*" >&2; }

run() { # run NAME COMMAND...: the benchmark's report to its log, its rows kept
  local name=$1 start status=0
  shift
  log "$name: $* (report: $OUT/$name.log)"
  start=$(date +%s)
  "$@" >"$OUT/$name.log" 2>&1 || status=$?
  log "$name: exit $status after $(($(date +%s) - start)) s"
  if ((status != 0)); then
    tail -n 30 "$OUT/$name.log" >&2
    FAILED+=("$name")
  fi
}

benchmark() {
  case $1 in
    urls) run urls ./mvnw -B -ntp -pl services/gateway -am -Pbenchmark -DskipTests verify ;;
    inference) run inference ./mvnw -B -ntp -pl services/inference -am -Pbench -DskipTests package ;;
    chat) run chat ./mvnw -B -ntp -pl services/chat -am -Pbenchmark -DskipTests verify ;;
    uplift) run uplift ./mvnw -B -ntp -pl services/gateway -am -Puplift-benchmark -DskipTests verify ;;
    operator) run operator hack/bench-operator.sh --tenants "${SUNDAE_BENCH_TENANTS:-500}" ;;
    e2e)
      local started=
      hack/run-local.sh status 2>/dev/null | grep -q '^gateway .* running' || started=1
      run e2e hack/bench-e2e.sh 500 50
      if [[ -n $started ]]; then
        log "e2e: stopping the local platform it started"
        hack/run-local.sh stop >/dev/null 2>&1 || true
      fi
      ;;
    *)
      echo "unknown benchmark '$1' (one of: ${ALL[*]})" >&2
      exit 2
      ;;
  esac
}

names=("$@")
((${#names[@]})) || names=("${ALL[@]}")
mkdir -p "$OUT"
hack/bootstrap.sh >/dev/null
FAILED=()
BEGIN=$(date -u '+%Y-%m-%d %H:%M UTC')
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)
for name in "${names[@]}"; do
  benchmark "$name"
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
MINUTES=$((($(date +%s) - START + 59) / 60))

python3 - "$OUT" "$BEGIN" "$LOAD_BEFORE" "$LOAD_AFTER" "$MINUTES" "${names[@]}" <<'PY' | tee "$OUT/table.md"
import os, sys
out, begin, before, after, minutes, *names = sys.argv[1:]
cores = os.cpu_count()
memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
print(f"hack/bench.sh {' '.join(names)}: {begin}, {minutes} min; {cores} cores, {memory:.0f} GiB;"
      f" load average (1, 5, 15 min) {before} before, {after} after")
print()
print("| benchmark | measure | figure | baseline | ratio | target | |")
print("|---|---|---|---|---|---|---|")
for name in names:
    path = os.path.join(out, f"{name}.log")
    rows = [l.rstrip("\n").split("\t")[1:] for l in open(path, errors="replace") if l.startswith("BENCH-ROW\t")] if os.path.exists(path) else []
    if not rows:
        print(f"| {name} | no figures (see target/bench/{name}.log) | | | | | |")
    for row in rows:
        benchmark, measure, value, baseline, ratio, target, met = (row + [""] * 7)[:7]
        ratio = f"{ratio}x" if ratio else ""
        met = f"**{met}**" if met == "NOT met" else met
        print(f"| {benchmark} | {measure} | {value} | {baseline} | {ratio} | {target} | {met} |")
PY
if ((${#FAILED[@]})); then
  log "failed: ${FAILED[*]}"
  exit 1
fi
