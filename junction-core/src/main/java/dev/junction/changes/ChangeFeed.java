package dev.junction.changes;

import java.util.List;

/**
 * Reads the change log in sequence order. Thread-safe; every call reads committed data only.
 *
 * <p>Gap-free contract: sequences become visible in increasing order, so a reader that continues
 * with {@code read(lastSeen, n)} never misses a committed change and never sees one twice, however
 * concurrently writers commit. Sequences are dense except where a writing transaction rolled back
 * after allocation (which the counter strategy does not do: a rollback also rolls back the
 * counter).
 */
public interface ChangeFeed {

  /**
   * The changes with a sequence greater than {@code afterSequence}, in sequence order.
   *
   * @param afterSequence last sequence already seen, {@code 0} to start at the beginning
   * @param limit maximum number of changes returned, at least 1
   * @throws dev.junction.StoreException when the database cannot be read
   */
  List<Change> read(long afterSequence, int limit);

  /** The highest committed sequence, {@code 0} when the log is empty. */
  long head();
}
