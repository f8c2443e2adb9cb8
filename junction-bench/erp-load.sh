#!/usr/bin/env bash
# Load benchmark of the sample ERP with wrk, on loopback, bounded runs.
#   (a) small JSON GET, no injected latency           goal >= 20,000 req/s
#   (b) same GET with 50 ms injected latency, 256 conns goal >=  4,000 req/s
# The ERP is pinned to CPU 0 and wrk to CPU 1 (taskset), so each gets one core.
# Usage: junction-bench/erp-load.sh   (env: DURATION=10s WARMUP=30s ERP_PORT=18089 CUSTOMERS=100000 ORDERS=200000)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
PORT=${ERP_PORT:-18089}
DURATION=${DURATION:-10s}
CUSTOMERS=${CUSTOMERS:-100000}
ORDERS=${ORDERS:-200000}
BASE=http://127.0.0.1:$PORT
URL=$BASE/api/customers/C000042
# Each request reads a random customer, so no response is served twice from a warm cache line.
LUA=$(mktemp --suffix=.lua)
cat >"$LUA" <<LUA
math.randomseed(42)
request = function()
  return wrk.format("GET", string.format("/api/customers/C%06d", math.random(1, $CUSTOMERS)))
end
LUA

command -v wrk >/dev/null || apt-get install -y wrk >/dev/null
command -v taskset >/dev/null || { echo "taskset (util-linux) is required" >&2; exit 1; }

echo "== building junction-sample-erp"
./mvnw -B -q -pl junction-sample-erp package -DskipTests -Dspotless.check.skip=true
CPFILE=$PWD/junction-sample-erp/target/erp-runtime-classpath.txt
./mvnw -B -q -pl junction-sample-erp dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile="$CPFILE" >/dev/null
CP=$PWD/junction-sample-erp/target/junction-sample-erp-0.1.0-SNAPSHOT.jar:$(cat "$CPFILE")

LOG=$(mktemp)
START=$(date +%s%N)
taskset -c 0 "$JAVA_HOME/bin/java" -Xms256m -Xmx768m -cp "$CP" dev.junction.erp.SampleErp \
  --port "$PORT" --customers "$CUSTOMERS" --orders "$ORDERS" >"$LOG" 2>&1 &
ERP=$!
trap 'kill $ERP 2>/dev/null || true; rm -f "$LOG" "$LUA"' EXIT
for _ in $(seq 1 300); do
  curl -sf -o /dev/null "$BASE/admin/health" && break
  kill -0 $ERP 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.1
done
READY_MS=$(( ($(date +%s%N) - START) / 1000000 ))
RSS_MB=$(( $(ps -o rss= -p $ERP) / 1024 ))
echo "== ERP up in ${READY_MS} ms (JVM start + generating $CUSTOMERS customers, $ORDERS orders), RSS ${RSS_MB} MB"
echo "== sample response: $(curl -s "$URL" | head -c 200)"

TICK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$ERP/stat"; }
# run CONNECTIONS -> prints "req/s requests cpu-seconds" of the measured run; wrk's report to stderr
run() {
  local out before after
  taskset -c 1 wrk -t2 -c"$1" -d"${WARMUP:-30s}" -s "$LUA" "$URL" >/dev/null   # JIT warm-up, not reported
  before=$(cpu_ticks)
  out=$(taskset -c 1 wrk -t2 -c"$1" -d"$DURATION" --latency -s "$LUA" "$URL")
  after=$(cpu_ticks)
  echo "$out" | sed 's/^/    /' >&2
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '/requests in/ {print $1}') \
$(awk -v t=$((after - before)) -v hz="$TICK" 'BEGIN { printf "%.2f", t / hz }')"
}

echo "== (a) no injected latency, 64 connections, $DURATION" >&2
read -r A A_N A_CPU <<<"$(run 64)"
curl -sf -X PUT -H 'Content-Type: application/json' -d '{"latencyMs":50}' \
  "$BASE/admin/faults/customers" >/dev/null
echo "== (b) 50 ms injected latency, 256 connections, $DURATION" >&2
read -r B B_N B_CPU <<<"$(run 256)"
STATS=$(curl -s "$BASE/admin/stats")

verdict() { awk -v m="$1" -v g="$2" 'BEGIN { print (m >= g ? "PASS" : "FAIL") }'; }
# ERP CPU time per request, and the rate that implies for one core the ERP had to itself
# (the machine may be shared: then the measured rate is lower than the core could give).
per_req() { awk -v c="$1" -v n="$2" 'BEGIN { printf "%.1f", c * 1e6 / n }'; }
capacity() { awk -v c="$1" -v n="$2" 'BEGIN { printf "%.0f", n / c }'; }
echo
printf '%-44s %10s %11s %6s %12s %16s\n' "scenario" "goal req/s" "measured" "" "ERP CPU/req" "req/s per ERP CPU-s"
printf '%-44s %10s %11s %6s %10s us %16s\n' "(a) GET /api/customers/{id}, no latency" ">= 20000" "$A" \
  "$(verdict "$A" 20000)" "$(per_req "$A_CPU" "$A_N")" "$(capacity "$A_CPU" "$A_N")"
printf '%-44s %10s %11s %6s %10s us %16s\n' "(b) same, 50 ms latency, 256 connections" ">= 4000" "$B" \
  "$(verdict "$B" 4000)" "$(per_req "$B_CPU" "$B_N")" "$(capacity "$B_CPU" "$B_N")"
echo "ERP stats: $STATS"
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg)"
