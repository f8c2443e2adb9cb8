#!/usr/bin/env bash
# Builds the benchmark jar when needed and runs one benchmark: junction-bench/bench.sh <name> [options]
# Without a name it lists the benchmarks. Each prints its figures next to its goal or reference.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME}/bin/java" ]]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [[ "${1:-}" == sync ]]; then # starts the real server: needs the unshaded classpath
  shift
  exec junction-bench/sync-bench.sh "$@"
fi
if [[ "${1:-}" == streaming ]]; then # the point of this one: bounded memory
  BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx48m}
fi
jar=junction-bench/target/junction-bench.jar
if [[ ! -f "$jar" || -n "$(find junction-*/src pom.xml junction-*/pom.xml -newer "$jar" -print -quit)" ]]; then
  echo "building the benchmark jar…" >&2
  ./mvnw -B -q -pl junction-bench -am package -DskipTests -Dspotless.check.skip=true
fi
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:--Xmx2g} -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true \
  -jar "$jar" "$@"
