package dev.junction.pipeline;

/** Follows a run (for a progress bar); called on the run's thread, must be fast. */
public interface RunListener {
  default void started(String runId, String integration) {}

  /**
   * Each row of the interleaved stream, in output order (after aggregation, before mapping): each
   * parent immediately followed by its child rows.
   */
  default void row(Row row) {}

  /** Called every 1,000 rows with the rows streamed and calls made so far. */
  default void progress(long rows, long calls) {}

  default void finished(Run run) {}

  static RunListener none() {
    return new RunListener() {};
  }
}
