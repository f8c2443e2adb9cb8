package dev.junction.connect;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Spaces calls to at most {@code perSecond} per second, and, when the server says its quota is
 * spent ({@code RateLimit-Remaining: 0} or {@code X-RateLimit-Remaining: 0}), holds further calls
 * until its reset time ({@code RateLimit-Reset} / {@code X-RateLimit-Reset}: seconds from now, or
 * epoch seconds when the value is larger than 10⁹).
 *
 * <p>Not Resilience4j's RateLimiter: its waits use the system clock and {@code LockSupport}, while
 * this one must follow server headers and wait through the connection's clock and {@link Sleeper}.
 */
final class RateLimitInterceptor implements Interceptor {
  private final Duration spacing;
  private final boolean followHeaders;
  private final InstantSource clock;
  private final Sleeper sleeper;
  private final ReentrantLock lock = new ReentrantLock();
  private Instant nextFree = Instant.MIN;
  // written under the lock; read without it when calls are not spaced (perSecond 0)
  private volatile Instant blockedUntil = Instant.MIN;

  RateLimitInterceptor(
      double perSecond, boolean followHeaders, InstantSource clock, Sleeper sleeper) {
    if (perSecond < 0) throw new IllegalArgumentException("rate limit must be >= 0: " + perSecond);
    this.spacing =
        perSecond == 0 ? Duration.ZERO : Duration.ofNanos((long) (1_000_000_000L / perSecond));
    this.followHeaders = followHeaders;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  @Override
  public Response intercept(Chain chain) {
    Duration wait;
    if (spacing.isZero()) {
      // only the server's headers can hold calls: no shared state to update, so no lock (every
      // call of a busy connection would queue for it)
      Instant now = clock.instant();
      Instant until = blockedUntil;
      wait = until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
    } else {
      lock.lock();
      try {
        Instant now = clock.instant();
        Instant start = max(now, max(nextFree, blockedUntil));
        nextFree = start.plus(spacing);
        wait = Duration.between(now, start);
      } finally {
        lock.unlock();
      }
    }
    if (wait.isPositive()) {
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectorException(
            "Connection '" + chain.connection() + "' " + chain.call() + ": interrupted",
            chain.connection(),
            0,
            1,
            false,
            e);
      }
    }
    Response response = chain.proceed(chain.call());
    if (followHeaders) observe(response);
    return response;
  }

  private void observe(Response response) {
    Optional<String> remaining =
        response.header("RateLimit-Remaining").or(() -> response.header("X-RateLimit-Remaining"));
    if (remaining.isEmpty()) return;
    long left;
    try {
      left = Long.parseLong(remaining.get().trim());
    } catch (NumberFormatException e) {
      return;
    }
    if (left > 0) return;
    Optional<String> reset =
        response.header("RateLimit-Reset").or(() -> response.header("X-RateLimit-Reset"));
    if (reset.isEmpty()) return;
    long value;
    try {
      value = Long.parseLong(reset.get().trim());
    } catch (NumberFormatException e) {
      return;
    }
    Instant now = clock.instant();
    Instant until = value > 1_000_000_000L ? Instant.ofEpochSecond(value) : now.plusSeconds(value);
    lock.lock();
    try {
      blockedUntil = max(blockedUntil, until);
    } finally {
      lock.unlock();
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
