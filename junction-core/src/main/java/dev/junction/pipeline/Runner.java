package dev.junction.pipeline;

import dev.junction.config.JunctionConfig;
import java.util.UUID;

/**
 * Runs integrations by name: fetch → chain → aggregate → map → validate → load. This is what {@code
 * junction run <integration>} and {@code POST /api/integrations/{name}/runs} call.
 *
 * <p>Thread-safe: runs of different integrations (or the same one) may go on concurrently, each on
 * its caller's thread with its child calls on virtual threads.
 */
public interface Runner extends AutoCloseable {

  /**
   * Runs {@code integration} with a fresh run id; see {@link #run(String, String, RunListener)}.
   */
  default Run run(String integration) {
    return run(integration, UUID.randomUUID().toString(), RunListener.none());
  }

  /**
   * Runs {@code integration} to its end and reports it. Failures during the run (a root call that
   * fails after its retries, a child failing under the stop policy, the store refusing a batch) end
   * it with status {@link RunStatus#FAILED} and the error in {@link Run#errors()}; rows loaded
   * before stay loaded. Failed child calls under the continue policy and rejected rows are reported
   * as warnings and rejections (status {@link RunStatus#PARTIAL}).
   *
   * @param runId the run's id, also the correlation id of its calls (the caller picks it so it can
   *     answer with it before the run ends)
   * @throws PipelineException before anything is fetched, when the integration is unknown, is a
   *     child endpoint ({@code This endpoint is configured as a child endpoint and cannot be run
   *     directly}), or names itself as an aggregation source ({@code Cannot reference the same
   *     integration as the primary endpoint})
   */
  Run run(String integration, String runId, RunListener listener);

  /** Closes the connectors the runner created (not those it was given). */
  @Override
  void close();

  static RunnerBuilder builder(JunctionConfig config) {
    return new RunnerBuilder(config);
  }
}
