package dev.junction.pipeline;

import dev.junction.ValidationException.Violation;
import dev.junction.store.RecordStore;
import dev.junction.store.UpsertResult;
import java.util.List;
import java.util.Map;

/**
 * Where mapped records go: the store's batched upsert. Called on the run's thread with batches in
 * stream order (for each flush, parent entities before child entities).
 */
public interface RecordLoader {
  /** Upserts {@code records} of {@code entity} (field name → typed value) in one batch. */
  UpsertResult upsert(String entity, List<Map<String, Object>> records);

  /**
   * What is wrong with one mapped record (checked before it joins a batch; a record with violations
   * is rejected and skipped). Default: nothing.
   */
  default List<Violation> validate(String entity, Map<String, Object> record) {
    return List.of();
  }

  /** Loads into {@code store}, validating each record with {@link RecordStore#validate} first. */
  static RecordLoader of(RecordStore store) {
    return new RecordLoader() {
      @Override
      public UpsertResult upsert(String entity, List<Map<String, Object>> records) {
        return store.upsert(entity, records);
      }

      @Override
      public List<Violation> validate(String entity, Map<String, Object> record) {
        return store.validate(entity, record);
      }
    };
  }
}
