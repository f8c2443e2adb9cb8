package dev.junction.server.runs;

import dev.junction.pipeline.EntityCounts;
import dev.junction.pipeline.RecordRejected;
import dev.junction.pipeline.Run;
import dev.junction.pipeline.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A run as the API reports it, running or finished.
 *
 * @param id run id, also the correlation id of its calls in the audit trail
 * @param integration integration name
 * @param status {@code RUNNING}, {@code SUCCEEDED}, {@code PARTIAL} or {@code FAILED}
 * @param started start time (ISO-8601)
 * @param durationMs run time so far, or in all once finished
 * @param rows rows streamed (after aggregation)
 * @param entities counts per entity (empty while running)
 * @param calls HTTP calls made
 * @param attempts HTTP attempts made (retries included)
 * @param failedCalls calls that failed after their retries
 * @param warningCount warnings in total
 * @param warnings the first 1000 warnings
 * @param errors the error that stopped the run, if any
 * @param rejected the first 1000 rejected rows
 */
public record RunView(
    String id,
    String integration,
    RunStatus status,
    Instant started,
    long durationMs,
    long rows,
    Map<String, EntityCounts> entities,
    long calls,
    long attempts,
    long failedCalls,
    long warningCount,
    List<String> warnings,
    List<String> errors,
    List<String> rejected) {
  public RunView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(integration, "integration");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(started, "started");
    entities = Map.copyOf(entities);
    warnings = List.copyOf(warnings);
    errors = List.copyOf(errors);
    rejected = List.copyOf(rejected);
  }

  static RunView of(Run run) {
    return new RunView(
        run.id(),
        run.integration(),
        run.status(),
        run.started(),
        run.duration().toMillis(),
        run.rows(),
        run.entities(),
        run.calls(),
        run.attempts(),
        run.failedCalls(),
        run.warningCount(),
        run.warnings(),
        run.errors(),
        run.rejected().stream().map(RecordRejected::toString).toList());
  }

  static RunView running(
      String id, String integration, Instant started, Duration soFar, long rows, long calls) {
    return new RunView(
        id,
        integration,
        RunStatus.RUNNING,
        started,
        soFar.toMillis(),
        rows,
        Map.of(),
        calls,
        0,
        0,
        0,
        List.of(),
        List.of(),
        List.of());
  }
}
