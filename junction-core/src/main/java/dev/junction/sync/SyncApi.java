package dev.junction.sync;

import dev.junction.config.JunctionConfig;
import dev.junction.store.RecordStore;
import java.time.InstantSource;
import java.util.List;

/**
 * The Sync API engine (NAV-X Dynamic Sync API): {@code getChanges} for the integrations exposed
 * with {@code syncApi.exposeAsSyncApi: true}. Thread-safe; all state lives in the store's database,
 * so a restarted server (or another node) continues every consumer's paging.
 *
 * <p><b>ChangesOnly</b>: a request without {@code syncToken} opens the window {@code (0, head]} (a
 * full baseline), one with a token opens {@code (token, head]}; see {@link DeltaFeed} for what a
 * window holds. The window stays fixed while the consumer pages (by {@code skip} with the same
 * {@code syncToken}, or by {@code nextPageToken}); its last page carries the {@code syncToken} that
 * starts the next window. Sending an older token replays from that point. With {@code Database}
 * staging the window's items are persisted (so pages survive restarts) and removed when the
 * consumer opens its next window, is reset, or leaves the window idle past {@link
 * SyncSettings#windowIdleExpiry()}. With {@code InMemory} staging one response holds the whole
 * window, cut at {@code top} change-log rows ({@code moreChanges} then says to call again), and
 * nothing is written. <b>FullDataset</b>: every record, paged by {@code top}/{@code skip} or the
 * keyset {@code nextPageToken}; stateless.
 *
 * <p>Errors are {@link SyncException}s whose reason maps to 400, 404 or 410.
 */
public interface SyncApi {

  /**
   * One page of changes (or of the dataset) of {@code integration} for {@code consumer}.
   *
   * @param consumer the authenticated principal's name
   * @param integration the integration's name
   * @throws SyncException see {@link SyncException.Reason}
   * @throws dev.junction.StoreException when the database fails
   */
  SyncResponse getChanges(String consumer, String integration, SyncRequest request);

  /**
   * The name of the integration with {@code sortingOrder} that is exposed under {@code apiVersion}.
   *
   * @throws SyncException {@code UNKNOWN_INTEGRATION} when there is none
   */
  String integrationName(int sortingOrder, String apiVersion);

  /** Every consumer's state, ordered by consumer and integration. */
  List<ConsumerState> consumers();

  /**
   * Resets {@code consumer}'s state for {@code integration}: its staged windows are removed and
   * every token it holds answers 410 Gone, so its next request starts a fresh baseline.
   *
   * @return false when the consumer had no state for it
   */
  boolean reset(String consumer, String integration);

  /** Removes staged windows idle past their expiry; returns how many. */
  int removeExpiredWindows();

  /** The change-window machinery underneath, shared with OData delta links. */
  DeltaFeed feed();

  /** The token codec (signing key from the store's database). */
  SyncTokens tokens();

  /** The Sync API over {@code store} for the integrations and entities of {@code config}. */
  static SyncApi create(
      RecordStore store, JunctionConfig config, InstantSource clock, SyncSettings settings) {
    return new JdbcSyncApi(store, config, clock, settings);
  }
}
