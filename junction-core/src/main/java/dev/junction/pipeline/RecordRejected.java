package dev.junction.pipeline;

import java.util.Objects;

/**
 * A row that failed mapping or validation and was skipped.
 *
 * @param entity target entity
 * @param row position of the row in the run's interleaved stream, from 1
 * @param field the field at fault
 * @param reason what was wrong, with the bad value
 */
public record RecordRejected(String entity, long row, String field, String reason) {
  public RecordRejected {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return entity + " row " + row + " field '" + field + "': " + reason;
  }
}
