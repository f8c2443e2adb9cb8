#!/usr/bin/env bash
# OData benchmark: Junction vs SAP CAP on the same 100,000-row entity, plus Junction's plain-JSON
# floor (the same queries answered straight from the store, no OData layer).
#
#   junction-bench/odata-bench.sh            # from the repository root; ROWS, DURATION, ROUNDS,
#                                            # CONNS, CAP_DIR, QUERIES, JUNCTION_JAVA_OPTS to
#                                            # tune (see docs/odata.md)
#
# - CAP 9 (@sap/cds@9 + @cap-js/sqlite@2, Node 20) is installed from npm into a temporary folder,
#   seeded from a CSV with the same rows, and served with NODE_ENV=production. Its production
#   authentication wants JWT (@sap/xssec); `auth: dummy` turns it off, so CAP runs WITHOUT auth
#   while Junction checks an API key on every request.
# - Junction runs on its default embedded H2 file store with default settings.
# - Servers are pinned to CPU 0 and wrk to CPU 1 (taskset); each query is warmed up first, then
#   CAP, Junction and the floor are measured interleaved for ROUNDS rounds; medians are reported.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-100000}
DURATION=${DURATION:-5s}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-10s}
CONNS=${CONNS:-16}
JPORT=${JPORT:-8099}
CPORT=${CPORT:-4004}
# QUERIES="top" measures only some of the four queries (key page top count)
QUERIES=${QUERIES:-key page top count}
# JUNCTION_JAVA_OPTS: extra JVM options for the Junction server (e.g. -XX:StartFlightRecording=...)
JUNCTION_JAVA_OPTS=${JUNCTION_JAVA_OPTS:-}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
WORK=$(mktemp -d /tmp/odata-bench.XXXXXX)
# CAP_DIR=<folder of an earlier run's "cap"> reuses that CAP install (compiling better-sqlite3
# from source takes minutes on this machine); by default CAP is installed afresh.
CAP_DIR=${CAP_DIR:-}
PIDS=()
# the started servers and their children (npx runs CAP's node as a child), by process id
descendants() { local c; for c in $(pgrep -P "$1"); do descendants "$c"; echo "$c"; done; }
cleanup() {
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] || continue
    for d in $(descendants "$p") "$p"; do kill "$d" 2>/dev/null || true; done
  done
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }
for port in "$JPORT" "$CPORT"; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    echo "port $port is already in use (a server of an earlier run?); stop it or set JPORT/CPORT" >&2
    exit 1
  fi
done

echo "== building Junction (work dir $WORK)"
./mvnw -B -q -pl junction-bench -am package -DskipTests dependency:build-classpath \
  -Dmdep.outputFile="$WORK/cp.txt" -Dspotless.check.skip=true > "$WORK/build.log" 2>&1 ||
  { tail -40 "$WORK/build.log" >&2; echo "build failed (full log: $WORK/build.log)" >&2; exit 1; }
CP="junction-bench/target/classes:$(cat "$WORK/cp.txt")"

if [ -n "$CAP_DIR" ]; then
  echo "== reusing the SAP CAP install in $CAP_DIR"
  cp -r "$CAP_DIR" "$WORK/cap"
  rm -f "$WORK/cap/db.sqlite"
else
  echo "== installing SAP CAP into $WORK/cap"
  mkdir -p "$WORK/cap"
  cd "$WORK/cap"
  cat > package.json <<'JSON'
{ "name": "bench", "version": "1.0.0", "private": true,
  "cds": { "requires": { "db": { "kind": "sqlite", "credentials": { "url": "db.sqlite" } },
                         "auth": { "kind": "dummy" } } } }
JSON
  npm install --silent --no-audit --no-fund @sap/cds@9 @cap-js/sqlite@2 express@4 >/dev/null
  # npm builds better-sqlite3 from source when no prebuilt binary can be fetched; rebuild only if
  # that did not happen (see shared/peers/README.md).
  node -e "require('better-sqlite3')" 2>/dev/null || npm rebuild better-sqlite3 >/dev/null 2>&1
  cd - >/dev/null
fi
mkdir -p "$WORK/cap/db/data" "$WORK/cap/srv"
cd "$WORK/cap"
cat > db/schema.cds <<'CDS'
namespace shop;
entity Products {
  key ID : Integer; name : String(100); category : String(20); price : Decimal(10,2);
  stock : Integer; active : Boolean; created : Date; updated : Timestamp;
  supplier : String(50); rating : Integer;
}
CDS
echo 'using shop from '"'"'../db/schema'"'"'; service CatalogService { entity Products as projection on shop.Products; }' > srv/service.cds
python3 - "$ROWS" > db/data/shop-Products.csv <<'PY'
import sys, datetime
rows = int(sys.argv[1])
print("ID;name;category;price;stock;active;created;updated;supplier;rating")
d0 = datetime.date(2020, 1, 1); t0 = datetime.datetime(2024, 1, 1)
for i in range(1, rows + 1):
    price = (i * 7919) % 100000
    print(f"{i};Product {i};C{i % 10};{price // 100}.{price % 100:02d};{(i * 31) % 1000};"
          f"{'false' if i % 3 == 0 else 'true'};{d0 + datetime.timedelta(days=i % 1500)};"
          f"{(t0 + datetime.timedelta(minutes=i)).strftime('%Y-%m-%dT%H:%M:%SZ')};Supplier {i % 250};{i % 5 + 1}")
PY
node -e "require('@sap/cds').deploy('*').to('sqlite:db.sqlite').then(()=>process.exit())" >/dev/null
# The same secondary index Junction's bench entity declares (ODataBenchServer: price desc, ID).
node -e "const db = new (require('better-sqlite3'))('db.sqlite');
db.exec('CREATE INDEX shop_Products_price_desc_ID ON shop_Products (price DESC, ID)');
db.exec('ANALYZE'); db.close()"
cd - >/dev/null

KEY="bench-$(date +%s%N)"
echo -n "$KEY" > "$WORK/key.txt"

wait_for() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$@" && return 0; sleep 0.5; done; echo "not up: $*" >&2; exit 1; }

# CPU time (clock ticks) used so far by process PID and all its descendants
tree_ticks() {
  local total=0 p
  for p in $1 $(pgrep -P "$1"); do
    [ "$p" = "$1" ] || { total=$((total + $(tree_ticks "$p"))); continue; }
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}

# one LABEL QUERY PID URL [wrk args]: one measurement; appends "label|query|req/s|p99|cpu ms/req"
# to results.txt. CPU per request is the server's (PID and children) CPU time during the run divided
# by the requests served: unlike req/s it barely moves with other load on the machine.
one() {
  local label=$1 query=$2 pid=$3 url=$4; shift 4
  local before after out
  before=$(tree_ticks "$pid")
  out=$(taskset -c 1 wrk -t1 -c"$CONNS" -d"$DURATION" --timeout 60s --latency "$@" "$url")
  after=$(tree_ticks "$pid")
  local rps p99 errors n cpu
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu=$(awk -v a="$before" -v b="$after" -v n="$n" -v t="$(getconf CLK_TCK)" \
    'BEGIN{ if (n > 0) printf "%.3f", (b - a) / t * 1000 / n; else print "nan" }')
  errors=$(awk '/Non-2xx/ {print "non-2xx: " $4} /Socket errors/ {print}' <<<"$out")
  printf '  %-9s %-6s round %s: %10s req/s  p99 %8s  cpu %8s ms/req %s\n' \
    "$label" "$query" "$ROUND" "$rps" "$p99" "$cpu" "$errors"
  echo "$label|$query|$rps|$p99|$cpu" >> "$WORK/results.txt"
}

CAP="http://127.0.0.1:$CPORT/odata/v4/catalog/Products"
J="http://127.0.0.1:$JPORT/odata/Products"
P="http://127.0.0.1:$JPORT/plain"
declare -A CAPQ=([key]="$CAP(12345)" [page]="$CAP?\$filter=category%20eq%20'C3'%20and%20price%20gt%20100&\$top=100"
                 [top]="$CAP?\$orderby=price%20desc,ID&\$top=1000" [count]="$CAP/\$count?\$filter=price%20gt%20500")
declare -A JQ=([key]="$J(12345)" [page]="$J?\$filter=category%20eq%20'C3'%20and%20price%20gt%20100&\$top=100"
               [top]="$J?\$orderby=price%20desc,ID&\$top=1000" [count]="$J/\$count?\$filter=price%20gt%20500")
declare -A FQ=([key]="$P/key?id=12345" [page]="$P/page" [top]="$P/top" [count]="$P/count")

echo "== starting CAP (NODE_ENV=production, auth: dummy = no authentication) on CPU 0"
(cd "$WORK/cap" && NODE_ENV=production PORT=$CPORT exec taskset -c 0 npx cds-serve > "$WORK/cap.log" 2>&1) &
CAP_PID=$!
PIDS+=($CAP_PID)
echo "== starting Junction (H2 file store, API key checked on every request) on CPU 0"
# shellcheck disable=SC2086 # JUNCTION_JAVA_OPTS is a list of options
taskset -c 0 "$JAVA_HOME/bin/java" $JUNCTION_JAVA_OPTS -cp "$CP" dev.junction.bench.odata.ODataBenchServer \
  "$JPORT" "$WORK/junction-data" "$ROWS" "$WORK/key.txt" > "$WORK/junction.log" 2>&1 &
J_PID=$!
PIDS+=($J_PID)
wait_for "$CAP(1)"
wait_for -H "X-Api-Key: $KEY" "$J(1)"
H=(-H "X-Api-Key: $KEY")

# The machine is shared: background load moves between measurements. The three targets are
# therefore measured interleaved, ROUNDS times per query, and the median round is reported.
for q in $QUERIES; do
  echo "== $q"
  ROUND=warm-up
  taskset -c 1 wrk -t1 -c"$CONNS" -d"$WARMUP" --timeout 60s "${CAPQ[$q]}" >/dev/null
  taskset -c 1 wrk -t1 -c"$CONNS" -d"$WARMUP" --timeout 60s "${H[@]}" "${JQ[$q]}" >/dev/null
  taskset -c 1 wrk -t1 -c"$CONNS" -d"$WARMUP" --timeout 60s "${H[@]}" "${FQ[$q]}" >/dev/null
  for ROUND in $(seq 1 "$ROUNDS"); do
    one cap "$q" "$CAP_PID" "${CAPQ[$q]}"
    one junction "$q" "$J_PID" "${JQ[$q]}" "${H[@]}"
    one floor "$q" "$J_PID" "${FQ[$q]}" "${H[@]}"
  done
done

median() { # label query field(3=req/s, 4=p99, 5=cpu ms/req) → median over rounds
  awk -F'|' -v l="$1" -v q="$2" -v f="$3" '$1==l && $2==q {print $f}' "$WORK/results.txt" |
    python3 -c '
import sys, statistics
def ms(v):
    for unit, k in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if v.endswith(unit): return float(v[:-len(unit)]) * k
    return float(v)
vals = [l.strip() for l in sys.stdin if l.strip() and l.strip() != "nan"]
if not vals: print("nan")
elif sys.argv[1] == "4": print("%.1fms" % statistics.median(ms(v) for v in vals))
elif sys.argv[1] == "5": print("%.2f" % statistics.median(float(v) for v in vals))
else: print("%.1f" % statistics.median(float(v) for v in vals))' "$3"
}

ratio() { awk -v a="$1" -v b="$2" -v f="$3" 'BEGIN{ if (a+0 > 0 && b+0 > 0) printf f, a / b; else print "n/a" }'; }
echo
echo "| query | CAP req/s | CAP p99 | Junction req/s | Junction p99 | Junction/CAP | floor req/s | floor p99 | floor/Junction |"
echo "|---|---|---|---|---|---|---|---|---|"
for q in $QUERIES; do
  cr=$(median cap $q 3); cp=$(median cap $q 4)
  jr=$(median junction $q 3); jp=$(median junction $q 4)
  fr=$(median floor $q 3); fp=$(median floor $q 4)
  echo "| $q | $cr | $cp | $jr | $jp | $(ratio "$jr" "$cr" "%.1fx") | $fr | $fp | $(ratio "$fr" "$jr" "%.2fx") |"
done
echo
echo "Server CPU per request (ms; medians): less sensitive to other load on the machine than req/s."
echo "| query | CAP | Junction | floor | CAP/Junction | Junction/floor |"
echo "|---|---|---|---|---|---|"
for q in $QUERIES; do
  cc=$(median cap $q 5); jc=$(median junction $q 5); fc=$(median floor $q 5)
  echo "| $q | $cc | $jc | $fc | $(ratio "$cc" "$jc" "%.1fx") | $(ratio "$jc" "$fc" "%.2fx") |"
done
echo "(medians of $ROUNDS interleaved rounds of wrk -t1 -c$CONNS -d$DURATION after a $WARMUP warm-up;"
echo " servers on CPU 0, wrk on CPU 1; $ROWS rows; CAP without authentication, Junction with its API"
echo " key checked; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
