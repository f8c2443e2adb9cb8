package dev.junction.pipeline;

/** What a run does when a child call fails. */
public enum ErrorPolicy {
  /** Record a warning, emit the parent without that child's rows, go on with the next parent. */
  CONTINUE,
  /** Stop the run: it ends FAILED; rows already loaded stay loaded. */
  STOP
}
