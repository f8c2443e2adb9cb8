#!/usr/bin/env bash
# Issue 6's Sync API benchmark: junction-bench/sync-bench.sh [h2|postgres] [changes]
# (also reached as junction-bench/bench.sh sync …). Starts the real server in-process (Spring Boot
# needs its unshaded classpath, hence this script), writes the change log, then drains it through
# the Sync API and reads the same entity by OData paging, both over loopback HTTP; prints both
# figures next to the goal. Options for the JVM: BENCH_JAVA_OPTS (default: none, the JVM's default heap,
# as ./junction runs the server; it prints the heap and H2 page cache it ran with).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME}/bin/java" ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
cp_file=junction-bench/target/sync-bench-classpath.txt
if [[ ! -f "$cp_file" || -n "$(find junction-*/src pom.xml junction-*/pom.xml -newer "$cp_file" -print -quit)" ]]; then
  echo "building the benchmark classes…" >&2
  ./mvnw -B -q -pl junction-bench -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$PWD/$cp_file.tmp" -Dspotless.check.skip=true >&2
  mv "$cp_file.tmp" "$cp_file"
fi
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true \
  -cp "junction-bench/target/classes:$(cat "$cp_file")" dev.junction.bench.sync.SyncBench "$@"
