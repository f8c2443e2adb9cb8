package dev.junction.sync;

/**
 * A {@code getChanges} request.
 *
 * @param top page size, 1 to {@link SyncSettings#maxTop()}
 * @param skip items of the window (or dataset) to skip, at least 0
 * @param syncToken ChangesOnly: the token of the consumer's last completed window, {@code null} for
 *     a fresh baseline, or {@link #LATEST} to start from now (only a token is returned)
 * @param pageToken the opaque next-page token of the previous page, or null; when given, {@code
 *     skip} and {@code syncToken} are ignored
 */
public record SyncRequest(int top, long skip, String syncToken, String pageToken) {
  /** The {@code syncToken} value that asks for a token at the current head and no records. */
  public static final String LATEST = "latest";

  /** Default page size when the request names none. */
  public static final int DEFAULT_TOP = 100;

  public SyncRequest {
    if (syncToken != null && syncToken.isBlank()) syncToken = null;
    if (pageToken != null && pageToken.isBlank()) pageToken = null;
  }

  public static SyncRequest first(int top) {
    return new SyncRequest(top, 0, null, null);
  }

  public static SyncRequest since(String syncToken, int top) {
    return new SyncRequest(top, 0, syncToken, null);
  }

  public static SyncRequest next(String pageToken, int top) {
    return new SyncRequest(top, 0, null, pageToken);
  }
}
