package dev.junction.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One inbound or outbound call. Holds no secret and no body: {@link #target()} is a path or URL
 * already passed through {@link Redaction#url(String)} by the factory methods.
 *
 * @param direction whether Junction was called or called out
 * @param principal who called (an API key's name, a connection's name); {@code anonymous} when
 *     unauthenticated
 * @param method HTTP method, upper case
 * @param target path (inbound) or URL (outbound), with user info and secret query values redacted
 * @param status HTTP status, or 0 when no response was received
 * @param duration time from the first byte sent to the last byte received
 * @param correlationId id tying together the calls made for one request or run
 * @param time when the call started
 * @param bytes response body bytes, or -1 when unknown
 * @param attempts number of attempts (1 unless an outbound call was retried)
 */
public record AuditEntry(
    Direction direction,
    String principal,
    String method,
    String target,
    int status,
    Duration duration,
    String correlationId,
    Instant time,
    long bytes,
    int attempts) {

  /** Longest target kept; longer ones are cut and end with {@code …}. */
  public static final int MAX_TARGET_LENGTH = 2000;

  public AuditEntry {
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(time, "time");
    principal = principal == null || principal.isBlank() ? "anonymous" : principal;
    method = method.toUpperCase(java.util.Locale.ROOT);
    if (target.length() > MAX_TARGET_LENGTH) {
      target = target.substring(0, MAX_TARGET_LENGTH - 1) + "…";
    }
    if (status < 0 || status > 999) {
      throw new IllegalArgumentException("audit status must be 0..999, was " + status);
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("audit duration must not be negative, was " + duration);
    }
    if (bytes < -1) throw new IllegalArgumentException("audit bytes must be >= -1, was " + bytes);
    if (attempts < 1) {
      throw new IllegalArgumentException("audit attempts must be >= 1, was " + attempts);
    }
  }

  /** An inbound request, with the path and query redacted. */
  public static AuditEntry inbound(
      String principal,
      String method,
      String pathAndQuery,
      int status,
      Duration duration,
      String correlationId,
      Instant time,
      long bytes) {
    return new AuditEntry(
        Direction.INBOUND,
        principal,
        method,
        Redaction.url(pathAndQuery),
        status,
        duration,
        correlationId,
        time,
        bytes,
        1);
  }

  /** An outbound call, with the URL redacted. */
  public static AuditEntry outbound(
      String connection,
      String method,
      String url,
      int status,
      Duration duration,
      String correlationId,
      Instant time,
      long bytes,
      int attempts) {
    return new AuditEntry(
        Direction.OUTBOUND,
        connection,
        method,
        Redaction.url(url),
        status,
        duration,
        correlationId,
        time,
        bytes,
        attempts);
  }

  /** Whether Junction was called ({@code INBOUND}) or called another system ({@code OUTBOUND}). */
  public enum Direction {
    INBOUND,
    OUTBOUND
  }
}
