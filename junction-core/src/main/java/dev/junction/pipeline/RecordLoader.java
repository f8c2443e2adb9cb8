package dev.junction.pipeline;

import dev.junction.store.UpsertResult;
import java.util.List;
import java.util.Map;

/**
 * Where mapped records go: the store's batched upsert. Called on the run's thread with batches in
 * stream order (for each flush, parent entities before child entities).
 */
@FunctionalInterface
public interface RecordLoader {
  /** Upserts {@code records} of {@code entity} (field name → typed value) in one batch. */
  UpsertResult upsert(String entity, List<Map<String, Object>> records);
}
