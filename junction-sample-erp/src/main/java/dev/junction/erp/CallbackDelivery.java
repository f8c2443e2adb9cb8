package dev.junction.erp;

import java.time.Duration;
import java.util.Objects;

/**
 * How change notifications reach the registered callback URLs.
 *
 * <ul>
 *   <li>{@code concurrent}: false posts one notification at a time per URL, in sequence order; true
 *       posts each on its own virtual thread, so they may arrive in any order.
 *   <li>{@code reorderWindow}: above 1, notifications are held until that many are pending (or
 *       {@code flushAfter} has passed) and the batch is sent in reverse sequence order, so a
 *       receiver deterministically sees them out of order.
 *   <li>{@code secret}: when set, each POST carries {@code X-Erp-Timestamp} and {@code
 *       X-Erp-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}.
 * </ul>
 */
public record CallbackDelivery(
    boolean concurrent, int reorderWindow, Duration flushAfter, String secret) {

  public CallbackDelivery {
    if (reorderWindow < 0) {
      throw new IllegalArgumentException(
          "Callback reorderWindow must not be negative, was " + reorderWindow);
    }
    Objects.requireNonNull(flushAfter, "Callback flushAfter must not be null");
    if (flushAfter.isNegative() || flushAfter.isZero()) {
      throw new IllegalArgumentException("Callback flushAfter must be positive, was " + flushAfter);
    }
    if (secret != null && secret.isBlank()) {
      throw new IllegalArgumentException("Callback secret must not be blank when set");
    }
  }

  /** One at a time per URL, in order, unsigned. */
  public static CallbackDelivery inOrder() {
    return new CallbackDelivery(false, 0, Duration.ofMillis(200), null);
  }

  public CallbackDelivery concurrently() {
    return new CallbackDelivery(true, reorderWindow, flushAfter, secret);
  }

  public CallbackDelivery reorderedInWindowsOf(int window) {
    return new CallbackDelivery(concurrent, window, flushAfter, secret);
  }

  public CallbackDelivery flushedAfter(Duration flushAfter) {
    return new CallbackDelivery(concurrent, reorderWindow, flushAfter, secret);
  }

  public CallbackDelivery signedWith(String secret) {
    return new CallbackDelivery(concurrent, reorderWindow, flushAfter, secret);
  }

  @Override
  public String toString() {
    return "CallbackDelivery[concurrent="
        + concurrent
        + ", reorderWindow="
        + reorderWindow
        + ", flushAfter="
        + flushAfter
        + ", signed="
        + (secret != null)
        + "]";
  }
}
