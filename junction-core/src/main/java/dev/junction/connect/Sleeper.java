package dev.junction.connect;

import java.time.Duration;

/**
 * Waits. The connector waits only through this, so tests can record waits instead of spending them.
 */
@FunctionalInterface
public interface Sleeper {
  /** Blocks the calling (virtual) thread for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;

  /** The real one. */
  static Sleeper system() {
    return d -> {
      if (!d.isNegative() && !d.isZero()) Thread.sleep(d);
    };
  }
}
