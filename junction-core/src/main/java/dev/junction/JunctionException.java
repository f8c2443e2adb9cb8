package dev.junction;

/**
 * Root of every exception the engine throws. Messages say what failed, which instance, the bad
 * value (never a secret) and what happens next.
 */
public class JunctionException extends RuntimeException {
  public JunctionException(String message) {
    super(message);
  }

  public JunctionException(String message, Throwable cause) {
    super(message, cause);
  }
}
