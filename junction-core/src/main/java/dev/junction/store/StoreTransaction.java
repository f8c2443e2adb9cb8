package dev.junction.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes and reads inside one transaction of {@link RecordStore#transaction}. Not thread-safe;
 * valid only inside the callback. Reads see this transaction's own writes. Records written are
 * locked until the transaction ends.
 */
public interface StoreTransaction {

  /** As {@link RecordStore#upsert}, inside this transaction. */
  UpsertResult upsert(String entity, List<? extends Map<String, ?>> rows);

  /** Inserts or replaces one record; returns it as stored (with its new or unchanged version). */
  StoredRecord put(String entity, Map<String, ?> row);

  /**
   * Replaces one existing record only if it is at {@code expectedVersion} (compare-and-set for
   * {@code If-Match}).
   *
   * @throws VersionConflictException when the record is absent or at another version
   */
  StoredRecord putIfVersion(String entity, Map<String, ?> row, long expectedVersion);

  /** Deletes one record; false when there was none. */
  boolean delete(String entity, Map<String, ?> key);

  /**
   * Deletes one record only if it is at {@code expectedVersion}.
   *
   * @throws VersionConflictException when the record is absent or at another version
   */
  void deleteIfVersion(String entity, Map<String, ?> key, long expectedVersion);

  /** The record with {@code key} as this transaction sees it. */
  Optional<StoredRecord> get(String entity, Map<String, ?> key);
}
