package dev.junction.jobs;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one job.
 *
 * @param id job id (the D365 execution id)
 * @param kind export or import
 * @param status current status
 * @param phase what it is doing: {@code queued}, {@code validating}, {@code loading}, {@code
 *     exporting}, {@code done}
 * @param done units of the phase done (rows)
 * @param total units of the phase in all, 0 when not known yet
 * @param counts row counts so far
 * @param message why it failed or was canceled, or a summary; empty while running
 * @param created when it was submitted
 * @param started when it first started, or null
 * @param finished when it finished, or null
 * @param definition export definition name, or null
 * @param activityId recurring activity, or null
 * @param attempts how many times a node started it (more than 1 after a restart)
 */
public record Job(
    String id,
    JobKind kind,
    JobStatus status,
    String phase,
    long done,
    long total,
    JobCounts counts,
    String message,
    Instant created,
    Instant started,
    Instant finished,
    String definition,
    String activityId,
    int attempts) {
  public Job {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(counts, "counts");
    message = message == null ? "" : message;
  }
}
