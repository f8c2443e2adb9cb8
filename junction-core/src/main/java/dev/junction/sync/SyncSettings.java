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
 */
public record SyncSettings(int maxTop, Duration windowIdleExpiry, Duration tokenRetention) {
  public static final SyncSettings DEFAULTS =
      new SyncSettings(10_000, Duration.ofHours(1), Duration.ofDays(30));

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
  }
}
