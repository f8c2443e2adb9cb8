#!/usr/bin/env bash
# Store upsert benchmark: 1,000,000 records into H2 and PostgreSQL (+ PostgreSQL COPY reference).
# Usage: junction-bench/store-bench.sh [--records N] [--batch N] [--targets h2,postgres]
#                                      [--pg-url jdbc:postgresql://127.0.0.1:5432/postgres] [--pg-user postgres]
# JVM options: BENCH_JAVA_OPTS (default -Xmx1g); e.g. BENCH_JAVA_OPTS="-Xmx1g -Dbench.h2.settings=;CACHE_SIZE=65536"
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
./mvnw -B -q -pl junction-bench -am package -DskipTests -Dspotless.check.skip=true
exec "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:--Xmx1g} -Dorg.jooq.no-logo=true -Dorg.jooq.no-tips=true \
  -cp junction-bench/target/junction-bench.jar dev.junction.bench.store.StoreBench "$@"
