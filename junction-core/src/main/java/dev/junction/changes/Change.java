package dev.junction.changes;

import java.time.Instant;
import java.util.Objects;

/**
 * One committed change of one record, as read from the change log.
 *
 * @param sequence position in the log; sequences are handed out in commit order, so a reader that
 *     has seen sequence {@code n} will never later see a committed change below {@code n}
 * @param entity entity name
 * @param key the record's key as canonical JSON ({@code {"id":42}}, key fields in key order)
 * @param operation what happened
 * @param version the record's version after the change (for a delete: its last version plus one)
 * @param committed the store's clock at the end of the writing transaction
 */
public record Change(
    long sequence,
    String entity,
    String key,
    Operation operation,
    long version,
    Instant committed) {

  public Change {
    if (sequence < 1) throw new IllegalArgumentException("sequence must be >= 1, was " + sequence);
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(committed, "committed");
  }

  /** The kind of change. */
  public enum Operation {
    UPSERT,
    DELETE
  }
}
