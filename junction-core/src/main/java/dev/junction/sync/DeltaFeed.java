package dev.junction.sync;

import dev.junction.config.EntityConfig;
import dev.junction.store.RecordStore;
import java.util.List;

/**
 * Deduplicated change windows over the store's gap-free change log: the machinery that the Sync API
 * and OData delta links share. Stateless and thread-safe; every call reads committed data only.
 *
 * <p>A <em>window</em> {@code (from, to]} holds every record of one entity whose change has a
 * sequence in that range, once, at the position of its latest change: as its current state when
 * that change was an upsert, as a {@link ChangeItem.Removed} key when it was a delete (or when the
 * record was deleted by the time the page is read). Because {@code to} is at most {@link #head()}
 * when it is chosen and the change log is gap-free, the window's membership never changes, so the
 * same call returns the same items whenever it is made; paging through it with {@code
 * afterSequence} neither skips nor repeats a record. A consumer that has stored every page of
 * {@code (from, to]} continues with the window {@code (to, head]}.
 *
 * <p>Typical delta link: remember {@code to} (signed, see {@link SyncTokens}); on the next call
 * read {@code page(entity, to, head(), after, n)} until {@link ChangePage#last()}.
 */
public interface DeltaFeed {

  /** The highest committed change sequence: the end of a window that starts now. */
  long head();

  /**
   * One page of the window {@code (fromSequence, toSequence]} of {@code entity}. Each call groups
   * the whole window's change rows in the database, so its cost grows with the window: for windows
   * of hundreds of thousands of changes prefer {@link #capped} or the Sync API's Database staging.
   *
   * @param afterSequence {@code fromSequence} for the first page, then the previous page's {@link
   *     ChangePage#lastSequence()}
   * @param limit at most this many items, at least 1
   * @throws IllegalArgumentException when the entity is unknown or the bounds are inconsistent
   * @throws dev.junction.StoreException when the database cannot be read
   */
  ChangePage page(String entity, long fromSequence, long toSequence, long afterSequence, int limit);

  /**
   * A window that starts after {@code fromSequence} and ends at the head or earlier, holding at
   * most {@code maxChanges} change-log rows of {@code entity} (so at most that many items), read
   * whole into memory. {@link ChangePage#last()} is false when the head was not reached: call again
   * from {@link ChangePage#toSequence()}.
   */
  ChangePage capped(String entity, long fromSequence, int maxChanges);

  /** The feed over {@code store} for {@code entities} (which the store has migrated). */
  static DeltaFeed of(RecordStore store, List<EntityConfig> entities) {
    return new JdbcDeltaFeed(store, entities);
  }
}
