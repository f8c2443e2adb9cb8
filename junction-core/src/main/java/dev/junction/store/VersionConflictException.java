package dev.junction.store;

import dev.junction.StoreException;

/**
 * An optimistic write found the record at another version than the caller expected (an {@code
 * If-Match} that no longer matches). Nothing of the transaction is written.
 */
public final class VersionConflictException extends StoreException {
  private final long expected;
  private final long actual;

  public VersionConflictException(String entity, String key, long expected, long actual) {
    super(
        "Entity '"
            + entity
            + "' record "
            + key
            + ": expected version "
            + expected
            + " but it is "
            + (actual == 0 ? "absent" : "at version " + actual)
            + "; nothing was written, reload the record and retry");
    this.expected = expected;
    this.actual = actual;
  }

  public long expected() {
    return expected;
  }

  /** The record's current version, {@code 0} when it does not exist. */
  public long actual() {
    return actual;
  }
}
