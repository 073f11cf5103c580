#!/usr/bin/env bash
# The Switchboard demo. Builds what is missing, runs the shop once as one process without the agent,
# then splits it over six JVMs on this host (storefront, orders, pricing, two inventory replicas, with
# Zipkin), drives HTTP load at the storefront, kills one inventory replica with kill -9 halfway, and
# reads a sample trace back from Zipkin. The last line of its output is
#   demo: requests=N ok=N failed=N failed_idempotent=N killed=<pid> trace_services=N trace=<zipkin url>
# It then keeps the shop running until Ctrl-C (or stops at once with --exit) and stops every process
# it started.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  cat <<EOF
usage: demo-apps/run.sh [--duration SECONDS] [--clients N] [--registry local|zookeeper] [--exit]
  --duration   how long the load runs (default 20); one inventory replica is killed halfway
  --clients    concurrent HTTP clients, each sending its next request when answered (default 4)
  --registry   local (default: a private directory) or zookeeper (starts the development ZooKeeper
               with 'java -jar agent/target/switchboard-agent.jar registry')
  --exit       stop everything right after the summary instead of waiting for Ctrl-C
EOF
}

DURATION=20
CLIENTS=4
REGISTRY_KIND=local
EXPLORE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="${2:?--duration needs a number of seconds}"; shift 2 ;;
    --clients) CLIENTS="${2:?--clients needs a number}"; shift 2 ;;
    --registry) REGISTRY_KIND="${2:?--registry needs local or zookeeper}"; shift 2 ;;
    --exit) EXPLORE=0; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "demo: unknown option $1" >&2; usage >&2; exit 64 ;;
  esac
done
case "$REGISTRY_KIND" in local|zookeeper) ;; *) echo "demo: --registry takes local or zookeeper, not $REGISTRY_KIND" >&2; exit 64 ;; esac
if ! [[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -ge 2 && "$CLIENTS" =~ ^[0-9]+$ && "$CLIENTS" -ge 1 ]]; then
  echo "demo: --duration takes whole seconds (at least 2) and --clients a whole number (at least 1)," \
    "not '$DURATION' and '$CLIENTS'" >&2
  exit 64
fi

AGENT=agent/target/switchboard-agent.jar
CLASSES=demo-apps/target/classes
HDR=demo-apps/target/lib/HdrHistogram.jar
ZIPKIN_JAR=demo-apps/target/zipkin/zipkin-server.jar
OTEL_AGENT=demo-apps/target/otel/opentelemetry-javaagent.jar
DEMO_JAR=demo-apps/target/switchboard-demo-apps-0.1.0-SNAPSHOT.jar
BUILT=("$AGENT" "$DEMO_JAR")               # made by this build: their age tells whether sources changed
FETCHED=("$HDR" "$ZIPKIN_JAR" "$OTEL_AGENT")             # copied from the Maven repository (keeping its timestamps)

missing() {
  local out
  for out in "${BUILT[@]}" "${FETCHED[@]}" "$CLASSES"; do [ -e "$out" ] || return 0; done
  return 1
}
# Missing outputs, or main sources (or poms) newer than the older of the built jars: build (benchmarks and
# tests are not needed). Maven leaves a jar's time alone when its classes did not change, hence the touch below.
stale() {
  missing && return 0
  local oldest=${BUILT[0]}
  [ "${BUILT[1]}" -ot "$oldest" ] && oldest=${BUILT[1]}
  [ -n "$(find . -path ./benchmarks -prune -o -path '*/target' -prune -o -path '*/src/test' -prune -o \
    \( -name '*.java' -o -name pom.xml \) -newer "$oldest" -print -quit)" ]
}
if [ "${SWITCHBOARD_DEMO_NO_BUILD:-}" = 1 ]; then
  # Set by DemoIT inside `mvn verify`, which has just built everything: only check that it is there.
  if missing; then
    echo "demo: the build is missing, and SWITCHBOARD_DEMO_NO_BUILD=1 forbids building;" \
      "run: mvn -B -q -pl agent,demo-apps -am package -DskipTests" >&2
    exit 1
  fi
elif stale; then
  echo "demo: building Switchboard and the demo (mvn -B -q -pl agent,demo-apps -am package -DskipTests) ..."
  # (sed drops the colour resets some Maven launchers print even in batch mode)
  mvn -B -q -pl agent,demo-apps -am package -DskipTests 2>&1 | sed -u 's/\x1b\[[0-9;]*m//g'
  touch "${BUILT[@]}"
fi

USER_NAME=$(id -un)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-demo.XXXXXX")
# The agents share one media driver (the default, switchboard.driver=shared) and talk over aeron:ipc. The demo's
# driver is its own, in /dev/shm where there is one, so stopping the demo never touches a driver that other
# programs of this user attach to; it exits by itself 10 s after its last client (switchboard.driver.idle.ms).
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
  DRIVER_BASE=/dev/shm/switchboard-demo-$USER_NAME-$$
else
  DRIVER_BASE=$WORK/drivers
fi
export SWITCHBOARD_DRIVER_SHARED_DIR=$DRIVER_BASE
PIDS=()
NAMES=()
WAITERS=()

# Stops every process this script started (SIGTERM, then SIGKILL after 15 s), removes what a killed
# JVM leaves behind (its Aeron directory in /dev/shm, its hsperfdata file) and the work directory.
cleanup() {
  local status=$? pid i left
  trap - EXIT INT TERM
  if [ ${#PIDS[@]} -gt 0 ]; then
    echo "demo: stopping ${#PIDS[@]} processes (${PIDS[*]}) ..." >&2
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 150); do
      left=0
      for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && left=1; done
      [ "$left" = 0 ] && break
      sleep 0.1
    done
    for i in "${!PIDS[@]}"; do
      if kill -0 "${PIDS[$i]}" 2>/dev/null; then
        echo "demo: ${NAMES[$i]} (pid ${PIDS[$i]}) did not stop within 15 s; kill -9" >&2
        kill -9 "${PIDS[$i]}" 2>/dev/null || true
      fi
    done
    for pid in "${WAITERS[@]}"; do wait "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do
      rm -rf /dev/shm/switchboard-"$USER_NAME"-"$pid"-* "/tmp/hsperfdata_$USER_NAME/$pid"
    done
  fi
  stop_driver
  rm -rf "$WORK" "$DRIVER_BASE"
  [ ${#PIDS[@]} -gt 0 ] && echo "demo: stopped; nothing left running" >&2
  exit "$status"
}
# The shared media driver exits by itself once its last client left; waits up to 30 s for that, then kill -9.
stop_driver() {
  local file pid
  for file in "$DRIVER_BASE"/driver-*.pid; do
    [ -f "$file" ] || continue
    pid=$(cat "$file")
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "demo: the shared media driver (pid $pid) did not exit within 30 s of its last client; kill -9" >&2
      kill -9 "$pid" 2>/dev/null || true
    else
      echo "demo: the shared media driver (pid $pid) exited by itself after its last client left" >&2
    fi
  done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A free TCP port on loopback (a random one that nothing answers on).
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "demo: found no free port" >&2
  return 1
}

# start NAME COMMAND...: runs it in the background with its output in $WORK/NAME.log; LAST_PID is its
# pid. A small bash waits for it, so a kill -9 is its exit status there rather than a "Killed" line here.
start() {
  local name=$1
  shift
  bash -c '"$@" & echo $! >"$0"; wait $!' "$WORK/$name.pid" "$@" >"$WORK/$name.log" 2>&1 &
  WAITERS+=("$!")
  for _ in $(seq 1 100); do [ -s "$WORK/$name.pid" ] && break; sleep 0.05; done
  LAST_PID=$(cat "$WORK/$name.pid")
  PIDS+=("$LAST_PID")
  NAMES+=("$name")
}

# await NAME PID TEXT SECONDS: waits until NAME's log contains TEXT; fails with the log if it exits.
await() {
  local name=$1 pid=$2 text=$3 seconds=$4
  for _ in $(seq 1 $((seconds * 10))); do
    grep -q -- "$text" "$WORK/$name.log" && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      sed 's/^/  | /' "$WORK/$name.log" >&2
      echo "demo: $name (pid $pid) exited before it was ready; its output is above" >&2
      exit 1
    fi
    sleep 0.1
  done
  sed 's/^/  | /' "$WORK/$name.log" >&2
  echo "demo: $name (pid $pid) was not ready within $seconds s (waiting for '$text'); its output is above" >&2
  exit 1
}

# Seven JVMs on a laptop or a small VM: one GC thread each, and the quick C1 compiler only.
JVM_OPTS="-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"

# Zipkin takes longest to start: first.
ZIPKIN_PORT=$(free_port)
ZIPKIN=http://127.0.0.1:$ZIPKIN_PORT
mkdir -p "$WORK/tmp"
# Zipkin keeps spans in memory: a bounded number (a run stores ~5 spans per request, ~50 k a minute on a fast
# machine), its own heap and the full JIT, so reading the sample trace back stays quick.
start zipkin env QUERY_PORT="$ZIPKIN_PORT" STORAGE_TYPE=mem MEM_MAX_SPANS=100000 \
  java -Xmx512m -XX:+UseSerialGC -Djava.io.tmpdir="$WORK/tmp" -jar "$ZIPKIN_JAR"
ZIPKIN_PID=$LAST_PID

echo "demo: 1) the shop as one program, without the agent:"
java $JVM_OPTS -cp "$CLASSES" io.switchboard.demo.shop.ShopMain | sed 's/^/  /'

if [ "$REGISTRY_KIND" = zookeeper ]; then
  ZK_PORT=$(free_port)
  start zookeeper java $JVM_OPTS -jar "$AGENT" registry --port "$ZK_PORT" --dir "$WORK/zookeeper"
  ZK_PID=$LAST_PID
  await zookeeper "$ZK_PID" "listening on" 60
  REGISTRY="registry=zookeeper://127.0.0.1:$ZK_PORT"
else
  REGISTRY="registry.dir=$WORK/registry"
fi

# One JVM of the shop: NAME SERVICE PROVIDE MAIN [JVM ARGS...]. Switchboard keys as agent args, tracing as
# otel.* keys.
# Calls get a 10 s deadline instead of the default 1 s: seven JVMs share whatever machine this is,
# and a few seconds' stall of a busy machine must not look like a dead provider. A killed provider is
# noticed sooner anyway: its consumers see its process gone within about 0.1 s.
shop_jvm() {
  local name=$1 service=$2 provide=$3 main=$4
  shift 4
  start "$name" java $JVM_OPTS "$@" \
    -javaagent:"$AGENT"="${provide:+provide=$provide,}service.name=$service,$REGISTRY,timeout.ms=10000" \
    -Dotel.service.name="$service" -Dotel.traces.exporter=zipkin \
    -Dotel.exporter.zipkin.endpoint="$ZIPKIN/api/v2/spans" \
    -cp "$CLASSES" "io.switchboard.demo.shop.$main"
}

echo "demo: 2) the same code as six JVMs, each with -javaagent:$AGENT and its own provide= (registry: $REGISTRY_KIND):"
PKG=io.switchboard.demo.shop
shop_jvm inventory-1 inventory "$PKG.Inventory" InventoryMain; INVENTORY_1=$LAST_PID
shop_jvm inventory-2 inventory "$PKG.Inventory" InventoryMain; INVENTORY_2=$LAST_PID
shop_jvm pricing pricing "$PKG.Pricing" PricingMain; PRICING=$LAST_PID
shop_jvm orders orders "$PKG.Orders" OrdersMain; ORDERS=$LAST_PID
await inventory-1 "$INVENTORY_1" "switchboard: serving" 120
await inventory-2 "$INVENTORY_2" "switchboard: serving" 120
await pricing "$PRICING" "switchboard: serving" 120
await orders "$ORDERS" "switchboard: serving" 120
# The storefront also runs the OpenTelemetry Java agent (first, as it requires), as a team that already
# traces its HTTP front would: its span around each HTTP request is the root that Switchboard's CLIENT spans
# join, so one request is one trace. It exports only traces, to the same Zipkin.
shop_jvm storefront storefront "" StorefrontMain -javaagent:"$OTEL_AGENT" \
  -Dotel.metrics.exporter=none -Dotel.logs.exporter=none; STOREFRONT=$LAST_PID
await storefront "$STOREFRONT" "storefront: listening on" 120
STOREFRONT_URL=$(sed -n 's/^storefront: listening on //p' "$WORK/storefront.log" | head -1)

DRIVER_PID=$(cat "$DRIVER_BASE"/driver-*.pid 2>/dev/null | head -1)
echo "  zipkin       pid $ZIPKIN_PID  $ZIPKIN/zipkin/ (in-memory)"
echo "  driver       pid ${DRIVER_PID:-?}  the shared media driver in $DRIVER_BASE (the JVMs below talk over aeron:ipc)"
[ "$REGISTRY_KIND" = zookeeper ] && echo "  zookeeper    pid $ZK_PID  127.0.0.1:$ZK_PORT (switchboard-agent.jar registry)"
echo "  inventory-1  pid $INVENTORY_1  provide=$PKG.Inventory"
echo "  inventory-2  pid $INVENTORY_2  provide=$PKG.Inventory"
echo "  pricing      pid $PRICING  provide=$PKG.Pricing"
echo "  orders       pid $ORDERS  provide=$PKG.Orders (calls Inventory and Pricing)"
echo "  storefront   pid $STOREFRONT  $STOREFRONT_URL (calls Orders, Inventory and Pricing; also runs the OpenTelemetry Java agent)"
echo "  logs in $WORK/*.log; all up ${SECONDS} s after the command"

EXPLORE_FLAG=()
[ "$EXPLORE" = 1 ] && EXPLORE_FLAG=(--explore)
java $JVM_OPTS -cp "$CLASSES:$HDR" io.switchboard.demo.load.LoadDriver --url "$STOREFRONT_URL" --zipkin "$ZIPKIN" \
  --inventory "$INVENTORY_1,$INVENTORY_2" --kill "$INVENTORY_1" --duration "$DURATION" --clients "$CLIENTS" \
  "${EXPLORE_FLAG[@]}"

if [ "$EXPLORE" = 1 ]; then
  while :; do sleep 1; done
fi
