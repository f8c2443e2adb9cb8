package dev.junction.erp;

import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Changes N records per second (customers and orders, alternately) through {@link Writes}, so each
 * change is visible to readers and posted to callbacks. Ticks ten times a second on its own daemon
 * thread; the rate can change at any time (0 pauses it).
 */
final class Mutator implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Mutator.class);
  private static final int TICKS_PER_SECOND = 10;

  private final Writes writes;
  private final SplittableRandom random;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("erp-mutator").factory());
  private volatile double changesPerSecond;
  private double owed;
  private long changes;

  Mutator(Writes writes, long seed, double changesPerSecond) {
    this.writes = writes;
    this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    rate(changesPerSecond);
    ticker.scheduleAtFixedRate(
        this::tick, 1000 / TICKS_PER_SECOND, 1000 / TICKS_PER_SECOND, TimeUnit.MILLISECONDS);
  }

  void rate(double changesPerSecond) {
    if (!(changesPerSecond >= 0 && changesPerSecond <= 100_000)) {
      throw ErpProblem.badRequest(
          "Mutator changesPerSecond must be from 0 to 100000, was " + changesPerSecond);
    }
    this.changesPerSecond = changesPerSecond;
  }

  double rate() {
    return changesPerSecond;
  }

  synchronized long changes() {
    return changes;
  }

  private synchronized void tick() {
    try {
      owed += changesPerSecond / TICKS_PER_SECOND;
      while (owed >= 1) {
        owed -= 1;
        if (changes++ % 2 == 0) {
          writes.touchCustomer(random);
        } else {
          writes.touchOrder(random);
        }
      }
      if (changesPerSecond == 0) {
        owed = 0;
      }
    } catch (RuntimeException e) {
      // keep ticking: a failed change must not stop the mutator for good
      LOG.warn("Mutator change failed", e);
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
  }
}
