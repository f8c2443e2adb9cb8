package dev.junction.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of the Sync API.
 *
 * @param maxTop largest page size ({@code top}) accepted; also the InMemory window cap
 * @param windowIdleExpiry a Database-staged window not read for this long is removed; a later page
 *     request for it answers 410 Gone
 * @param tokenRetention a sync token older than this answers 410 Gone (the consumer starts a fresh
 *     baseline)
 * @param stagedKeysInMemory Database staging groups a window's repeated keys in memory, and pages
 *     filter by them in memory, while there are at most this many (beyond that the database does
 *     both, slower); also the most keys the server keeps cached for all windows together
 * @param readAhead while a consumer handles a Database-staged page, a spare processor reads the
 *     records of its next page (see {@code PageReadAhead}); by default on when the machine has more
 *     than one processor
 */
public record SyncSettings(
    int maxTop,
    Duration windowIdleExpiry,
    Duration tokenRetention,
    int stagedKeysInMemory,
    boolean readAhead) {
  public static final SyncSettings DEFAULTS =
      new SyncSettings(10_000, Duration.ofHours(1), Duration.ofDays(30), 500_000);

  /** Settings with read-ahead on when the machine has more than one processor. */
  public SyncSettings(
      int maxTop, Duration windowIdleExpiry, Duration tokenRetention, int stagedKeysInMemory) {
    this(
        maxTop,
        windowIdleExpiry,
        tokenRetention,
        stagedKeysInMemory,
        Runtime.getRuntime().availableProcessors() > 1);
  }

  public SyncSettings {
    if (maxTop < 1 || maxTop > 100_000) {
      throw new IllegalArgumentException("maxTop must be within 1..100000, was " + maxTop);
    }
    Objects.requireNonNull(windowIdleExpiry, "windowIdleExpiry");
    Objects.requireNonNull(tokenRetention, "tokenRetention");
    if (windowIdleExpiry.isNegative() || windowIdleExpiry.isZero()) {
      throw new IllegalArgumentException(
          "windowIdleExpiry must be positive, was " + windowIdleExpiry);
    }
    if (tokenRetention.isNegative() || tokenRetention.isZero()) {
      throw new IllegalArgumentException("tokenRetention must be positive, was " + tokenRetention);
    }
    if (stagedKeysInMemory < 0) {
      throw new IllegalArgumentException(
          "stagedKeysInMemory must be >= 0, was " + stagedKeysInMemory);
    }
  }
}
