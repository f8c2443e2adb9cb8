package dev.junction.jobs;

/** What a job does. */
public enum JobKind {
  EXPORT,
  IMPORT
}
