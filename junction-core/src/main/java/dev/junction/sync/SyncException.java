package dev.junction.sync;

import dev.junction.JunctionException;
import java.util.Objects;

/**
 * A Sync API request that cannot be served; {@link #reason()} tells the adapter which status to
 * answer. The message says what was wrong and what the consumer should do next; it never contains a
 * token's content or another consumer's name.
 */
public final class SyncException extends JunctionException {

  /** Why a request failed, each mapping to one HTTP status. */
  public enum Reason {
    /** No integration with that name or sorting order (404). */
    UNKNOWN_INTEGRATION(404),
    /** The integration exists but is not exposed as a Sync API (400). */
    NOT_EXPOSED(400),
    /** Bad {@code top}/{@code skip}, a malformed token, or a token of another consumer (400). */
    BAD_REQUEST(400),
    /**
     * The token can no longer be served: expired, reset, from another store epoch, or ahead of the
     * store (restored from a backup). The consumer must start a fresh baseline (410).
     */
    GONE(410);

    private final int status;

    Reason(int status) {
      this.status = status;
    }

    /** The HTTP status an adapter answers. */
    public int status() {
      return status;
    }
  }

  private final Reason reason;

  public SyncException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
