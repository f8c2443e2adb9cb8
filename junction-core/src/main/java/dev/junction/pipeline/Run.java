package dev.junction.pipeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One execution of an integration.
 *
 * @param id run id, also the correlation id of its calls in the audit trail
 * @param integration integration name
 * @param status outcome
 * @param started start time
 * @param duration run time
 * @param rows rows of the interleaved stream (after aggregation)
 * @param entities counts per entity
 * @param calls HTTP calls made (a call retried counts once)
 * @param attempts HTTP attempts made (retries included)
 * @param failedCalls calls that failed after their retries
 * @param warningCount warnings in total ({@code warnings} keeps the first 1000)
 * @param warnings warnings (failed child calls, max child calls, max pages, duplicates)
 * @param errors the error that stopped the run, if any
 * @param rejected rejected rows (the first 1000)
 */
public record Run(
    String id,
    String integration,
    RunStatus status,
    Instant started,
    Duration duration,
    long rows,
    Map<String, EntityCounts> entities,
    long calls,
    long attempts,
    long failedCalls,
    long warningCount,
    List<String> warnings,
    List<String> errors,
    List<RecordRejected> rejected) {
  public Run {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(integration, "integration");
    Objects.requireNonNull(status, "status");
    entities = Map.copyOf(entities);
    warnings = List.copyOf(warnings);
    errors = List.copyOf(errors);
    rejected = List.copyOf(rejected);
  }

  /** Counts of one entity (zeros when the run did not touch it). */
  public EntityCounts counts(String entity) {
    return entities.getOrDefault(entity, EntityCounts.ZERO);
  }

  /** {@code n} and {@code noun}, plural unless {@code n} is 1: "1 call", "617 calls". */
  public static String counted(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** One line for a CLI summary. */
  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append("Run ").append(id).append(" of '").append(integration).append("': ").append(status);
    sb.append(" in ").append(duration.toMillis()).append(" ms, ").append(counted(rows, "row"));
    sb.append(", ").append(counted(calls, "call"));
    entities.forEach(
        (e, c) ->
            sb.append("; ")
                .append(e)
                .append(" fetched ")
                .append(c.fetched())
                .append(" inserted ")
                .append(c.inserted())
                .append(" updated ")
                .append(c.updated())
                .append(" unchanged ")
                .append(c.unchanged())
                .append(" failed ")
                .append(c.failed()));
    if (warningCount > 0) sb.append("; ").append(counted(warningCount, "warning"));
    if (!errors.isEmpty()) sb.append("; error: ").append(errors.getFirst());
    return sb.toString();
  }
}
