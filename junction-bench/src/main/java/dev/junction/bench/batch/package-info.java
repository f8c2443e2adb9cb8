/** End-to-end benchmark of batch export and import against PostgreSQL's own COPY. */
package dev.junction.bench.batch;
