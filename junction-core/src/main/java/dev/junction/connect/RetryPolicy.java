package dev.junction.connect;

import java.time.Duration;
import java.util.Objects;

/**
 * How a connection retries transient failures.
 *
 * @param maxAttempts attempts in total, at least 1 (1 = no retry)
 * @param initialBackoff wait after the first failed attempt
 * @param multiplier growth of the wait per attempt, at least 1
 * @param maxBackoff cap of one wait
 * @param jitter randomization factor in [0, 1): each wait is drawn from wait × (1 ± jitter)
 * @param retryNonIdempotent true to retry POST and PATCH too
 * @param maxRetryAfter the longest {@code Retry-After} honoured; a longer one fails the call
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialBackoff,
    double multiplier,
    Duration maxBackoff,
    double jitter,
    boolean retryNonIdempotent,
    Duration maxRetryAfter) {

  public RetryPolicy {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (maxAttempts < 1)
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    if (initialBackoff.toMillis() < 1)
      throw new IllegalArgumentException("initialBackoff must be >= 1 ms, was " + initialBackoff);
    if (multiplier < 1)
      throw new IllegalArgumentException("multiplier must be >= 1: " + multiplier);
    if (maxBackoff.compareTo(initialBackoff) < 0)
      throw new IllegalArgumentException(
          "maxBackoff " + maxBackoff + " must be >= initialBackoff " + initialBackoff);
    if (jitter < 0 || jitter >= 1)
      throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
  }

  /** 4 attempts, 500 ms doubling up to 30 s, jitter 0.5, idempotent only, Retry-After ≤ 5 min. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        4, Duration.ofMillis(500), 2.0, Duration.ofSeconds(30), 0.5, false, Duration.ofMinutes(5));
  }

  /** No retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(
        1, Duration.ofMillis(1), 1.0, Duration.ofMillis(1), 0, false, Duration.ZERO);
  }

  public RetryPolicy withMaxAttempts(int n) {
    return new RetryPolicy(
        n, initialBackoff, multiplier, maxBackoff, jitter, retryNonIdempotent, maxRetryAfter);
  }
}
