package dev.junction.changes;

import java.util.Objects;

/**
 * A change a transaction is about to commit; the change log gives it its sequence and time.
 *
 * @param entity entity name
 * @param key canonical JSON of the record key
 * @param operation what happened
 * @param version the record's version after the change
 */
public record NewChange(String entity, String key, Change.Operation operation, long version) {
  public NewChange {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operation, "operation");
    if (version < 1) throw new IllegalArgumentException("version must be >= 1, was " + version);
  }
}
