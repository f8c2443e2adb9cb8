package dev.junction.connect;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the audit trail keeps of one outbound call (after all its attempts).
 *
 * @param connection connection name
 * @param method HTTP method
 * @param url the URL without user info and with credential query values redacted
 * @param status HTTP status of the last attempt, {@code 0} when none was received
 * @param attempts attempts made
 * @param started when the first attempt started
 * @param duration from the first attempt's start to the last attempt's end (waits included)
 * @param bytes response body bytes of the last attempt
 * @param correlationId the run's correlation id, or {@code null}
 * @param error the failure message when the call failed, else {@code null}
 */
public record CallRecord(
    String connection,
    String method,
    String url,
    int status,
    int attempts,
    Instant started,
    Duration duration,
    long bytes,
    String correlationId,
    String error) {
  public CallRecord {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
  }

  public boolean failed() {
    return error != null;
  }
}
