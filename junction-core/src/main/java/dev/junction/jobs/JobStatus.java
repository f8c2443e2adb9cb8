package dev.junction.jobs;

import java.util.Optional;

/** The status of a job; {@link #wireName()} is the Dynamics 365 execution status. */
public enum JobStatus {
  NOT_RUN("NotRun"),
  EXECUTING("Executing"),
  SUCCEEDED("Succeeded"),
  PARTIALLY_SUCCEEDED("PartiallySucceeded"),
  FAILED("Failed"),
  CANCELED("Canceled");

  private final String wireName;

  JobStatus(String wireName) {
    this.wireName = wireName;
  }

  /** {@code NotRun}, {@code Executing}, {@code Succeeded}, … as in D365's data management API. */
  public String wireName() {
    return wireName;
  }

  /** True once the job will not change any more. */
  public boolean finished() {
    return this != NOT_RUN && this != EXECUTING;
  }

  public static Optional<JobStatus> ofWireName(String name) {
    for (JobStatus s : values()) if (s.wireName.equals(name)) return Optional.of(s);
    return Optional.empty();
  }
}
