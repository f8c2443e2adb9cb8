#!/usr/bin/env bash
# OData benchmark: Junction vs SAP CAP on the same 100,000-row entity, plus Junction's plain-JSON
# floor (the same queries answered straight from the store, no OData layer).
#
#   junction-bench/odata-bench.sh            # from the repository root; ROWS, DURATION, CONNS to tune
#
# - CAP 9 (@sap/cds@9 + @cap-js/sqlite@2, Node 20) is installed from npm into a temporary folder,
#   seeded from a CSV with the same rows, and served with NODE_ENV=production. Its production
#   authentication wants JWT (@sap/xssec); `auth: dummy` turns it off, so CAP runs WITHOUT auth
#   while Junction checks an API key on every request.
# - Junction runs on its default embedded H2 file store with default settings.
# - Servers are pinned to CPU 0 and wrk to CPU 1 (taskset); each query is warmed up first.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-100000}
DURATION=${DURATION:-8s}
WARMUP=${WARMUP:-4s}
CONNS=${CONNS:-16}
JPORT=${JPORT:-8099}
CPORT=${CPORT:-4004}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
WORK=$(mktemp -d /tmp/odata-bench.XXXXXX)
# CAP_DIR=<folder of an earlier run's "cap"> reuses that CAP install (compiling better-sqlite3
# from source takes minutes on this machine); by default CAP is installed afresh.
CAP_DIR=${CAP_DIR:-}
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }

echo "== building Junction (work dir $WORK)"
./mvnw -B -q -pl junction-bench -am compile dependency:build-classpath \
  -Dmdep.outputFile="$WORK/cp.txt" -Dspotless.check.skip=true >/dev/null
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
cd - >/dev/null

KEY="bench-$(date +%s%N)"
echo -n "$KEY" > "$WORK/key.txt"

wait_for() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$@" && return 0; sleep 0.5; done; echo "not up: $*" >&2; exit 1; }

# run LABEL URL [header]: prints "label req/s p99"
measure() {
  local label=$1 url=$2; shift 2
  taskset -c 1 wrk -t1 -c"$CONNS" -d"$WARMUP" --timeout 60s "$@" "$url" >/dev/null
  local out; out=$(taskset -c 1 wrk -t1 -c"$CONNS" -d"$DURATION" --timeout 60s --latency "$@" "$url")
  local rps p99 non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $4} /Socket errors/ {print}' <<<"$out")
  printf '%-10s %-16s %10s req/s  p99 %8s %s\n' "$label" "$QUERY" "$rps" "$p99" "${non2xx:+NON-2XX: $non2xx}"
  echo "$label|$QUERY|$rps|$p99" >> "$WORK/results.txt"
}

CAP="http://127.0.0.1:$CPORT/odata/v4/catalog/Products"
J="http://127.0.0.1:$JPORT/odata/Products"
P="http://127.0.0.1:$JPORT/plain"
Q_KEY="(12345)"
Q_PAGE="?\$filter=category%20eq%20'C3'%20and%20price%20gt%20100&\$top=100"
Q_TOP="?\$orderby=price%20desc,ID&\$top=1000"
Q_COUNT="/\$count?\$filter=price%20gt%20500"

echo "== CAP (NODE_ENV=production, auth: dummy = no authentication)"
(cd "$WORK/cap" && NODE_ENV=production PORT=$CPORT exec taskset -c 0 npx cds-serve > "$WORK/cap.log" 2>&1) &
PIDS+=($!)
wait_for "$CAP(1)"
QUERY=key   measure cap "$CAP$Q_KEY"
QUERY=page  measure cap "$CAP$Q_PAGE"
QUERY=top   measure cap "$CAP$Q_TOP"
QUERY=count measure cap "$CAP$Q_COUNT"
cleanup; PIDS=()

echo "== Junction (H2 file store, API key checked on every request)"
taskset -c 0 "$JAVA_HOME/bin/java" -cp "$CP" dev.junction.bench.odata.ODataBenchServer \
  "$JPORT" "$WORK/junction-data" "$ROWS" "$WORK/key.txt" > "$WORK/junction.log" 2>&1 &
PIDS+=($!)
wait_for -H "X-Api-Key: $KEY" "$J(1)"
H=(-H "X-Api-Key: $KEY")
QUERY=key   measure junction "$J$Q_KEY" "${H[@]}"
QUERY=page  measure junction "$J$Q_PAGE" "${H[@]}"
QUERY=top   measure junction "$J$Q_TOP" "${H[@]}"
QUERY=count measure junction "$J$Q_COUNT" "${H[@]}"
QUERY=key   measure floor "$P/key?id=12345" "${H[@]}"
QUERY=page  measure floor "$P/page" "${H[@]}"
QUERY=top   measure floor "$P/top" "${H[@]}"
QUERY=count measure floor "$P/count" "${H[@]}"

echo
echo "| query | CAP req/s | CAP p99 | Junction req/s | Junction p99 | Junction/CAP | floor req/s | floor p99 | floor/Junction |"
echo "|---|---|---|---|---|---|---|---|---|"
for q in key page top count; do
  c=$(awk -F'|' -v q=$q '$1=="cap" && $2==q' "$WORK/results.txt")
  j=$(awk -F'|' -v q=$q '$1=="junction" && $2==q' "$WORK/results.txt")
  f=$(awk -F'|' -v q=$q '$1=="floor" && $2==q' "$WORK/results.txt")
  cr=$(cut -d'|' -f3 <<<"$c"); cp=$(cut -d'|' -f4 <<<"$c")
  jr=$(cut -d'|' -f3 <<<"$j"); jp=$(cut -d'|' -f4 <<<"$j")
  fr=$(cut -d'|' -f3 <<<"$f"); fp=$(cut -d'|' -f4 <<<"$f")
  echo "| $q | $cr | $cp | $jr | $jp | $(awk -v a="$jr" -v b="$cr" 'BEGIN{printf "%.1fx", a/b}') | $fr | $fp | $(awk -v a="$fr" -v b="$jr" 'BEGIN{printf "%.2fx", a/b}') |"
done
echo "(wrk -t1 -c$CONNS -d$DURATION after a $WARMUP warm-up; servers on CPU 0, wrk on CPU 1; $ROWS rows)"
