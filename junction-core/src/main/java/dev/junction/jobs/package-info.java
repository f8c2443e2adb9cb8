/**
 * Asynchronous batch jobs: package exports (full or incremental from the change log) and imports
 * (validated, loaded in batches, with an error file), claimed by lease from one table so each job
 * runs once in a cluster and survives restarts, plus recurring integrations (enqueue, dequeue, ack
 * with redelivery).
 */
package dev.junction.jobs;
