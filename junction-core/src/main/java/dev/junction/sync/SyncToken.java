package dev.junction.sync;

import java.time.Instant;
import java.util.Objects;

/**
 * The content of a signed token (see {@link SyncTokens}). Consumers only ever see the opaque,
 * signed text.
 *
 * @param kind what the token continues
 * @param consumer the principal it was issued to; it works for no one else
 * @param scope the integration (or, for OData, the entity set) it belongs to
 * @param epoch the store epoch it was issued in
 * @param generation the consumer's sync-state generation (a reset bumps it)
 * @param sequence {@link Kind#SYNC}: the change sequence the consumer has stored up to; {@link
 *     Kind#PAGE}: the staged window's start
 * @param window {@link Kind#PAGE}: staged window id; else 0
 * @param position {@link Kind#PAGE}: items already served; {@link Kind#DELTA_PAGE}: the window's
 *     end; else 0
 * @param after {@link Kind#FULL_PAGE}: canonical key JSON of the last record served; {@link
 *     Kind#DELTA_PAGE}: the last served sequence as text; else empty
 * @param issued when it was issued
 */
public record SyncToken(
    Kind kind,
    String consumer,
    String scope,
    String epoch,
    long generation,
    long sequence,
    long window,
    long position,
    String after,
    Instant issued) {

  public SyncToken {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(issued, "issued");
    after = after == null ? "" : after;
    if (sequence < 0) throw new IllegalArgumentException("sequence must be >= 0, was " + sequence);
  }

  /** A sync token: where the consumer's next window starts. */
  public static SyncToken sync(
      String consumer, String scope, String epoch, long generation, long sequence, Instant issued) {
    return new SyncToken(Kind.SYNC, consumer, scope, epoch, generation, sequence, 0, 0, "", issued);
  }

  /** What a token continues. */
  public enum Kind {
    /** The start of the next ChangesOnly window. */
    SYNC,
    /** The next page of a Database-staged window. */
    PAGE,
    /** The next page of a FullDataset read (keyset). */
    FULL_PAGE,
    /** The next page of a stateless {@link DeltaFeed} window (used by OData delta links). */
    DELTA_PAGE
  }
}
