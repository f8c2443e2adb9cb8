package dev.junction.config;

/**
 * Client-side rate limit of a connection.
 *
 * @param requestsPerSecond sustained rate; 0 (default) means unlimited
 * @param followServerHeaders slow down as the server's {@code RateLimit-*} / {@code
 *     X-RateLimit-Remaining}/{@code -Reset} headers say (default true)
 */
public record RateLimitConfig(
    @Min(0) double requestsPerSecond, @Default("true") boolean followServerHeaders) {

  public static RateLimitConfig defaults() {
    return new RateLimitConfig(0, true);
  }

  public boolean unlimited() {
    return requestsPerSecond == 0;
  }
}
