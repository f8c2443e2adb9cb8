package dev.junction.sync;

import dev.junction.store.StoredRecord;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a deduplicated change window: the latest state of one record, either as it is now
 * ({@link Upserted}) or as a deletion marker ({@link Removed}).
 */
public sealed interface ChangeItem {

  /** Sequence of the record's latest change inside the window; items are ordered by it. */
  long sequence();

  /** The record's key fields (entity field names, Java values). */
  Map<String, Object> key();

  /**
   * A record inserted or modified inside the window, read when the page was served (so possibly
   * newer than the window's end; the newer change is then delivered again by the next window).
   */
  record Upserted(StoredRecord record, Map<String, Object> key, long sequence)
      implements ChangeItem {
    public Upserted {
      Objects.requireNonNull(record, "record");
      key = Map.copyOf(key);
    }
  }

  /** A record whose latest state is deleted: delivered as its key only. */
  record Removed(Map<String, Object> key, long sequence) implements ChangeItem {
    public Removed {
      key = Map.copyOf(key);
    }
  }
}
