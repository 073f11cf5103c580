#!/usr/bin/env bash
# Startup cost of the agent: JVM launch to main, without the agent and with it as a consumer and as a provider.
#   benchmarks/startup.sh [runs]     (default 11 runs per mode; prints the median of each; AGENT_JAR=… measures another jar)
# Prints `mode=<none|consumer|provider> startup_ms=<median launch→main> cpu_ms=<median process CPU at main> [ready_ms=…]
# runs=N` and the agent jar size. CPU time is the steadier figure on a loaded machine.
# A provider's ready_ms is when its service object was constructed (and so exported and registered).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${1:-11}
agent_jar="${AGENT_JAR:-$root/agent/target/switchboard-agent.jar}"
classes="$root/benchmarks/target/classes"
if [[ ! -f "$agent_jar" ]]; then mvn -B -q -pl agent -am package -DskipTests; fi
if [[ ! -d "$classes" ]]; then mvn -B -q -pl benchmarks -am package -DskipTests; fi
work=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-startup.XXXXXX")
# The agents use the default shared media driver, a private one of this script's (the first run starts it, the
# next ones attach while it lives): stopped and removed at the end, like the work directory.
drivers=/dev/shm/switchboard-startup-$$
[[ -d /dev/shm && -w /dev/shm ]] || drivers=$work/drivers
export SWITCHBOARD_DRIVER_SHARED_DIR=$drivers
cleanup() {
  local file
  for file in "$drivers"/driver-*.pid; do [[ -f $file ]] && kill -9 "$(cat "$file")" 2>/dev/null; done
  rm -rf "$work" "$drivers"
}
trap cleanup EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "# machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1)"
echo "agent_jar_bytes=$(stat -c %s "$agent_jar")"
for mode in none consumer provider; do
  : > "$work/main" ; : > "$work/ready" ; : > "$work/cpu"
  for ((i = 0; i < runs; i++)); do
    agent=()
    case $mode in
      consumer) agent=("-javaagent:$agent_jar") ;;
      provider) agent=("-javaagent:$agent_jar=provide=io.switchboard.benchmarks.e2e.Echo") ;;
    esac
    registry="$work/registry-$i"
    line=$(timeout 60 java ${STARTUP_JAVA_OPTS:-} "${agent[@]}" -Dswitchboard.registry.dir="$registry" \
      -Dprobe.launchMicros=$(( $(date +%s%N) / 1000 )) -cp "$classes" \
      io.switchboard.benchmarks.startup.StartupProbe "$([[ $mode == provider ]] && echo provider || echo consumer)" \
      2>"$work/stderr" | grep '^main_ms=') || { echo "# $mode run $i failed:"; cat "$work/stderr"; exit 1; }
    sed -E 's/.*main_ms=([0-9.]+).*/\1/' <<< "$line" >> "$work/main"
    sed -E 's/.*cpu_ms=([0-9-]+).*/\1/' <<< "$line" >> "$work/cpu"
    if [[ $line == *ready_ms=* ]]; then sed -E 's/.*ready_ms=([0-9.]+).*/\1/' <<< "$line" >> "$work/ready"; fi
  done
  out="mode=$mode startup_ms=$(median < "$work/main") cpu_ms=$(median < "$work/cpu")"
  if [[ -s "$work/ready" ]]; then out="$out ready_ms=$(median < "$work/ready")"; fi
  echo "$out runs=$runs"
done
