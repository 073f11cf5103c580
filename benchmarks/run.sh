#!/usr/bin/env bash
# End-to-end benchmarks: raw Aeron echo, Switchboard (sync, async) and gRPC-java unary, each in separate JVMs.
#   benchmarks/run.sh [--quick] [--only scenario,scenario] [--payloads 64,1024] [--rates 1000,max]
# Builds the agent jar and the benchmarks jar when missing, prints one line per scenario, payload and rate,
# and writes benchmarks/results/latest.md and latest.png. --quick: 64 B and 1 KiB, 500 req/s and max, short runs
# (about 3 minutes; --payloads 64 halves it).
# Every child JVM has a timeout and is killed at the end, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

agent_jar="$root/agent/target/switchboard-agent.jar"
bench_jar="$root/benchmarks/target/benchmarks.jar"
if [[ ! -f "$agent_jar" ]]; then
  echo "# building the agent jar"
  mvn -B -q -pl agent -am package -DskipTests
fi
if [[ ! -f "$bench_jar" ]]; then
  echo "# building the benchmarks jar"
  mvn -B -q -pl benchmarks -am package -DskipTests
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-bench.XXXXXX")
pids="$work/pids"
: > "$pids"
harness=""

cleanup() {
  # the harness kills its children itself; this catches what is left if the harness was killed
  if [[ -n "$harness" ]] && kill -0 "$harness" 2>/dev/null; then kill "$harness" 2>/dev/null || true; fi
  while read -r pid; do
    [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null || true
  done < "$pids"
  if [[ -n "$harness" ]]; then kill -9 "$harness" 2>/dev/null || true; fi
}
trap cleanup EXIT INT TERM

echo "# machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); logs in $work"
# A whole-run ceiling on top of each child's own timeout: 5 minutes for --quick, 40 for a full run.
limit=2400
for arg in "$@"; do [[ "$arg" == "--quick" ]] && limit=300; done
timeout --kill-after=10 "$limit" java -Djava.awt.headless=true -Xmx256m \
  --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
  -cp "$bench_jar" io.switchboard.benchmarks.e2e.Harness \
  --agent "$agent_jar" --results "$root/benchmarks/results" --work "$work" --pids "$pids" "$@" &
harness=$!
wait "$harness"
