package dev.junction.pipeline;

/** Follows a run (for a progress bar); called on the run's thread, must be fast. */
public interface RunListener {
  default void started(String runId, String integration) {}

  /** Called every 1,000 rows with the rows streamed and calls made so far. */
  default void progress(long rows, long calls) {}

  default void finished(Run run) {}

  static RunListener none() {
    return new RunListener() {};
  }
}
