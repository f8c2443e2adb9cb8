package dev.junction.connect;

import dev.junction.config.RetryConfig;
import dev.junction.config.StatusRule;
import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * Classifies each response by status (per-status rules first, then: 2xx ok, 429 and 5xx retry,
 * anything else fail) and retries transient failures — retriable statuses and transport errors such
 * as timeouts and resets — with exponential backoff and jitter (Resilience4j's {@link
 * IntervalFunction}), waiting {@code Retry-After} instead when the server sends it. Only idempotent
 * methods are retried unless the connection allows more.
 *
 * <p>Resilience4j's {@code Retry} is not used for the loop itself: its waits cannot be redirected
 * to the connection's {@link Sleeper}, and the wait must come from each response's {@code
 * Retry-After}.
 */
final class RetryInterceptor implements Interceptor {
  /** The longest {@code Retry-After} honoured; a longer one fails the call at once. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  private final RetryConfig policy;
  private final List<StatusRule> rules;
  private final Sleeper sleeper;
  private final InstantSource clock;
  private final IntervalFunction backoff;

  RetryInterceptor(
      RetryConfig policy, List<StatusRule> rules, Sleeper sleeper, InstantSource clock) {
    this.policy = policy;
    this.rules = List.copyOf(rules);
    this.sleeper = sleeper;
    this.clock = clock;
    this.backoff =
        policy.jitter() > 0
            ? IntervalFunction.ofExponentialRandomBackoff(
                policy.initialBackoff().toMillis(),
                policy.multiplier(),
                policy.jitter(),
                policy.maxBackoff().toMillis())
            : IntervalFunction.ofExponentialBackoff(
                policy.initialBackoff().toMillis(),
                policy.multiplier(),
                policy.maxBackoff().toMillis());
  }

  StatusAction classify(int status) {
    for (StatusRule rule : rules) {
      if (rule.status().contains(status)) {
        return switch (rule.action()) {
          case RETRY -> StatusAction.RETRY;
          case FAIL -> StatusAction.FAIL;
          case IGNORE -> StatusAction.IGNORE;
        };
      }
    }
    if (status >= 200 && status < 300) return StatusAction.OK;
    if (status == 429 || status >= 500) return StatusAction.RETRY;
    return StatusAction.FAIL;
  }

  @Override
  public Response intercept(Chain chain) {
    Call call = chain.call();
    boolean mayRetry = call.idempotent() || policy.retryNonIdempotent();
    for (int attempt = 1; ; attempt++) {
      Response response;
      try {
        response = chain.proceed(call);
      } catch (ConnectorException e) {
        if (!e.retriable() || !mayRetry || attempt >= policy.maxAttempts()) {
          throw e.withMessage(
              prefix(chain, call)
                  + ": "
                  + e.getMessage()
                  + after(attempt)
                  + notRetried(e, mayRetry, call),
              attempt);
        }
        pause(Duration.ofMillis(backoff.apply(attempt)), chain, attempt);
        continue;
      }
      StatusAction action = classify(response.status());
      switch (action) {
        case OK, IGNORE -> {
          return response.withAttempts(attempt);
        }
        case FAIL ->
            throw new ConnectorException(
                prefix(chain, call)
                    + ": HTTP "
                    + response.status()
                    + after(attempt)
                    + "; not retried",
                chain.connection(),
                response.status(),
                attempt,
                false);
        case RETRY -> {
          if (!mayRetry || attempt >= policy.maxAttempts()) {
            String why =
                mayRetry ? "" : "; " + call.method() + " is not idempotent and was not retried";
            throw new ConnectorException(
                prefix(chain, call) + ": HTTP " + response.status() + after(attempt) + why,
                chain.connection(),
                response.status(),
                attempt,
                true);
          }
          Duration wait = Duration.ofMillis(backoff.apply(attempt));
          Optional<Duration> retryAfter =
              policy.honorRetryAfter() ? retryAfter(response) : Optional.empty();
          if (retryAfter.isPresent()) {
            if (retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0) {
              throw new ConnectorException(
                  prefix(chain, call)
                      + ": HTTP "
                      + response.status()
                      + " with Retry-After "
                      + retryAfter.get().toSeconds()
                      + " s, longer than the allowed "
                      + MAX_RETRY_AFTER.toSeconds()
                      + " s"
                      + after(attempt),
                  chain.connection(),
                  response.status(),
                  attempt,
                  true);
            }
            wait = retryAfter.get();
          }
          pause(wait, chain, attempt);
        }
      }
    }
  }

  /** The start of a failure message; built only when a call fails. */
  private static String prefix(Chain chain, Call call) {
    return "Connection '" + chain.connection() + "' " + call.method() + " " + call.label();
  }

  private static String after(int attempts) {
    return " after " + attempts + (attempts == 1 ? " attempt" : " attempts");
  }

  private static String notRetried(ConnectorException e, boolean mayRetry, Call call) {
    if (!e.retriable()) return "; not retried";
    if (!mayRetry) return "; " + call.method() + " is not idempotent and was not retried";
    return "";
  }

  private void pause(Duration wait, Chain chain, int attempt) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(
          "Connection '" + chain.connection() + "' " + chain.call() + ": interrupted",
          chain.connection(),
          0,
          attempt,
          false,
          e);
    }
  }

  /** {@code Retry-After} as delay-seconds or an HTTP date, relative to the clock. */
  Optional<Duration> retryAfter(Response response) {
    Optional<String> header = response.header("Retry-After");
    if (header.isEmpty()) return Optional.empty();
    String value = header.get().trim();
    try {
      long seconds = Long.parseLong(value);
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}
