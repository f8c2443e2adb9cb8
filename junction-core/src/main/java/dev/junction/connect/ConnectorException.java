package dev.junction.connect;

import dev.junction.JunctionException;

/**
 * An outbound call failed. The message names the connection, the method, the target (path, page),
 * the cause (status or transport error), the attempts made and what happens next; it never contains
 * a secret (query values of credential parameters are redacted).
 */
public class ConnectorException extends JunctionException {
  private final String connection;
  private final int status;
  private final int attempts;
  private final boolean retriable;

  public ConnectorException(
      String message, String connection, int status, int attempts, boolean retriable) {
    this(message, connection, status, attempts, retriable, null);
  }

  public ConnectorException(
      String message,
      String connection,
      int status,
      int attempts,
      boolean retriable,
      Throwable cause) {
    super(message, cause);
    this.connection = connection;
    this.status = status;
    this.attempts = attempts;
    this.retriable = retriable;
  }

  /** Name of the connection the call went through. */
  public String connection() {
    return connection;
  }

  /** HTTP status of the last attempt, or {@code 0} when no response was received. */
  public int status() {
    return status;
  }

  /** Attempts made before giving up (at least 1). */
  public int attempts() {
    return attempts;
  }

  /**
   * True when the failure is transient (429, 5xx, timeout, reset) and the same call may succeed
   * later; false for TLS failures, refused redirects, 4xx and malformed responses.
   */
  public boolean retriable() {
    return retriable;
  }

  /** A copy with a different message (context added by a caller) and attempt count. */
  public ConnectorException withMessage(String newMessage, int newAttempts) {
    return new ConnectorException(newMessage, connection, status, newAttempts, retriable, this);
  }
}
