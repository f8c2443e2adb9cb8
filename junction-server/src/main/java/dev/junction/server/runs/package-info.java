/**
 * Runs of integrations over HTTP: {@code POST /api/integrations/{name}/runs} starts one on a
 * virtual thread and answers 202 with its id; {@code GET /api/integrations/{name}/runs/{id}}
 * reports it. Runs are kept in memory (the last {@link dev.junction.server.runs.Runs#KEEP} per
 * integration); their outbound calls go to the server's audit log under the run id.
 */
package dev.junction.server.runs;
