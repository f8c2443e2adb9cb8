package dev.junction.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One record of an entity as stored: its field values (Java types per {@link
 * dev.junction.config.FieldType}), its version (grows by one with every change; the ETag) and the
 * time of its last change. {@code values} is copied into an unmodifiable map in its iteration order
 * (records read from the store keep their {@link RowValues}, which already is one).
 */
public record StoredRecord(
    String entity, Map<String, Object> values, long version, Instant modified) {
  public StoredRecord {
    Objects.requireNonNull(entity, "entity");
    // RowValues (what the store reads) is already unmodifiable and in field order: kept as is
    values =
        values instanceof RowValues
            ? values
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
  }

  public Object get(String field) {
    return values.get(field);
  }
}
