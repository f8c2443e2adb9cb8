package dev.junction.config;

import java.time.Duration;

/**
 * Retry policy of a connection: exponential backoff with jitter; 429, 5xx, timeouts and connection
 * resets are retried, {@code Retry-After} is honoured, and only idempotent calls are retried unless
 * {@code retryNonIdempotent} is set.
 *
 * @param maxAttempts attempts in all, the first included (default 3; 1 disables retries)
 * @param initialBackoff wait before the second attempt (default 200ms)
 * @param maxBackoff upper bound of any wait (default 30s)
 * @param multiplier growth of the wait per attempt, at least 1 (default 2)
 * @param jitter random share of each wait, 0 to 1 (default 0.2)
 * @param retryNonIdempotent retry POST/PATCH too (default false)
 * @param honorRetryAfter wait as long as a {@code Retry-After} header says, up to maxBackoff
 *     (default true)
 */
public record RetryConfig(
    @Default("3") @Positive int maxAttempts,
    @Default("200ms") @Positive Duration initialBackoff,
    @Default("30s") @Positive Duration maxBackoff,
    @Default("2.0") double multiplier,
    @Default("0.2") double jitter,
    boolean retryNonIdempotent,
    @Default("true") boolean honorRetryAfter) {

  public RetryConfig {
    initialBackoff = initialBackoff == null ? Duration.ofMillis(200) : initialBackoff;
    maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
  }

  public static RetryConfig defaults() {
    return new RetryConfig(3, null, null, 2.0, 0.2, false, true);
  }

  /** No retries: one attempt. */
  public static RetryConfig none() {
    return new RetryConfig(1, null, null, 2.0, 0.2, false, true);
  }
}
