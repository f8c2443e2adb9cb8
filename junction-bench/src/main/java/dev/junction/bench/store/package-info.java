/** Throughput of the entity store's batched upsert with the change log, against PostgreSQL COPY. */
package dev.junction.bench.store;
