package dev.junction.pipeline;

/** Outcome of a run. */
public enum RunStatus {
  /** Started, not finished. */
  RUNNING,
  /** Finished with no warning and no rejected row. */
  SUCCEEDED,
  /** Finished, but some child calls failed (warnings) or some rows were rejected. */
  PARTIAL,
  /** Stopped by an error; rows loaded before it stay loaded. */
  FAILED
}
