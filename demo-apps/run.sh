#!/usr/bin/env bash
# The Switchboard demo: builds what is missing, then runs the shop once as a monolith and once
# split into two processes (an inventory provider and the shop calling it over Aeron).
set -euo pipefail
cd "$(dirname "$0")/.."

AGENT=agent/target/switchboard-agent.jar
CLASSES=demo-apps/target/classes

stale() {
  [ ! -f "$AGENT" ] || [ ! -d "$CLASSES" ] ||
    [ -n "$(find . -path ./benchmarks -prune -o \( -name '*.java' -o -name pom.xml \) -newer "$AGENT" -print -quit)" ]
}
if stale; then
  echo "demo: building Switchboard (mvn -B -q package -DskipTests) ..."
  mvn -B -q package -DskipTests
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-demo.XXXXXX")
PROVIDER=""
cleanup() {
  if [ -n "$PROVIDER" ] && kill -0 "$PROVIDER" 2>/dev/null; then
    kill "$PROVIDER" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PROVIDER" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$PROVIDER" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# A private registry directory, so the demo never meets providers of another run.
REGISTRY="registry.dir=$WORK/registry"

echo "demo: 1) the shop as a monolith, without the agent"
java -cp "$CLASSES" io.switchboard.demo.shop.ShopMain 3

echo
echo "demo: 2) the same code split in two: an inventory provider ..."
java -javaagent:"$AGENT"=provide=io.switchboard.demo.shop.Inventory,service.name=inventory,"$REGISTRY" \
  -cp "$CLASSES" io.switchboard.demo.shop.InventoryMain >"$WORK/inventory.log" 2>&1 &
PROVIDER=$!
for _ in $(seq 1 300); do
  grep -q "switchboard: serving" "$WORK/inventory.log" && break
  kill -0 "$PROVIDER" 2>/dev/null || { cat "$WORK/inventory.log"; echo "demo: the provider exited" >&2; exit 1; }
  sleep 0.1
done
grep -q "switchboard: serving" "$WORK/inventory.log" || { cat "$WORK/inventory.log"; echo "demo: the provider did not register within 30 s" >&2; exit 1; }
sed 's/^/  inventory | /' "$WORK/inventory.log"

echo "demo:    ... and the shop, whose calls on new InventoryImpl() now run in pid $PROVIDER"
java -javaagent:"$AGENT"=service.name=shop,"$REGISTRY" -cp "$CLASSES" io.switchboard.demo.shop.ShopMain 3 2>&1 |
  sed 's/^/  shop      | /'
echo "demo: done"
