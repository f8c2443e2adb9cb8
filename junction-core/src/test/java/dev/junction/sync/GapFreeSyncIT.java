package dev.junction.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.changes.ChangeFeed;
import dev.junction.changes.ChangeLog;
import dev.junction.changes.NaiveChangeLogs;
import dev.junction.changes.NewChange;
import dev.junction.store.Query;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import dev.junction.store.StoredRecord;
import dev.junction.testing.SettableClock;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * DESIGN invariant 2 through the Sync API, on H2 and PostgreSQL: 8 writers insert, update and
 * delete while 2 consumers page {@code getChanges}; one extra transaction is held open for a few
 * seconds after it has taken its change sequence. Afterwards each consumer's materialized copy
 * equals the table, with no record twice in any window. The same run with the naive (write-time
 * database sequence) change log loses the held transaction's record, so the proof fails without the
 * gap-free technique.
 */
class GapFreeSyncIT {
  static final int WRITERS = 8;
  static final int TRANSACTIONS_PER_WRITER = 40;
  static final long HELD_ID = 99_000_000L;

  private final SettableClock clock = SettableClock.at("2026-03-01T10:00:00Z");
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void close() throws Exception {
    threads.shutdownNow();
    for (AutoCloseable c : closing.reversed()) c.close();
  }

  /** What one run observed. */
  record Outcome(
      List<Map<Long, Map<String, Object>>> copies,
      Map<Long, Map<String, Object>> table,
      long duplicatesWithinAWindow,
      long headBeforeHold,
      long headDuringHold,
      long windows) {

    /** Keys whose copy differs from the table (missing, extra or stale), per consumer. */
    List<Set<Long>> differences() {
      List<Set<Long>> out = new ArrayList<>();
      for (Map<Long, Map<String, Object>> copy : copies) {
        Set<Long> diff = new HashSet<>();
        for (var e : table.entrySet())
          if (!e.getValue().equals(copy.get(e.getKey()))) diff.add(e.getKey());
        for (Long k : copy.keySet()) if (!table.containsKey(k)) diff.add(k);
        out.add(diff);
      }
      return out;
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void consumersPagingGetChangesUnderEightWritersMissNothingAndSeeNoDuplicates(Kind kind)
      throws Exception {
    Outcome o = run(kind, ChangeLog::jdbc);

    assertThat(o.table()).hasSizeGreaterThan(WRITERS * TRANSACTIONS_PER_WRITER);
    assertThat(o.table()).containsKey(HELD_ID);
    assertThat(o.differences()).containsExactly(Set.of(), Set.of()); // 0 missed, both consumers
    assertThat(o.copies()).allSatisfy(copy -> assertThat(copy).isEqualTo(o.table()));
    assertThat(o.duplicatesWithinAWindow()).isZero();
    assertThat(o.windows()).isGreaterThan(4); // the consumers really paged during the writes
    // The held transaction owns the counter row: the feed waits for it (delayed, not lossy).
    assertThat(o.headDuringHold()).isEqualTo(o.headBeforeHold());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theSameProofFailsWhenSequencesAreTakenAtWriteTime(Kind kind) throws Exception {
    Outcome o = run(kind, NaiveChangeLogs::naive);

    assertThat(o.table()).containsKey(HELD_ID);
    // The held transaction committed a sequence the consumers had already passed: it is lost.
    assertThat(o.differences()).allSatisfy(diff -> assertThat(diff).contains(HELD_ID));
    assertThat(o.headDuringHold()).isGreaterThan(o.headBeforeHold()); // others went ahead
  }

  private Outcome run(Kind kind, BiFunction<DataSource, InstantSource, ChangeLog> strategy)
      throws Exception {
    TestDatabase db = TestDatabases.create(kind);
    closing.add(db);
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ThreadLocal<Boolean> hold = ThreadLocal.withInitial(() -> false);
    RecordStore store =
        Store.builder(new dev.junction.config.StoreConfig(db.url(), db.username(), null, 14, false))
            .clock(clock)
            .changeLog(
                (ds, c) -> new HoldingChangeLog(strategy.apply(ds, c), hold, paused, release))
            .open();
    closing.add(store);
    store.migrate(List.of(SyncFixture.ITEM));
    SyncApi sync = SyncApi.create(store, SyncFixture.config(), clock, SyncSettings.DEFAULTS);

    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong duplicates = new AtomicLong();
    List<AtomicLong> windowCounts = List.of(new AtomicLong(), new AtomicLong());
    List<CompletableFuture<Map<Long, Map<String, Object>>>> consumers = new ArrayList<>();
    for (String consumer : List.of("c1", "c2")) {
      AtomicLong windows = windowCounts.get(consumers.size());
      consumers.add(
          CompletableFuture.supplyAsync(
              () -> consume(sync, consumer, writing, duplicates, windows), threads));
    }
    List<Future<?>> writers = new ArrayList<>();
    AtomicBoolean released = new AtomicBoolean();
    for (int w = 0; w < WRITERS; w++) {
      long base = (w + 1) * 1_000_000L;
      writers.add(threads.submit(() -> write(store, base, released)));
    }

    await().atMost(Duration.ofSeconds(60)).until(() -> store.changes().head() > 300);
    Future<?> holder =
        threads.submit(
            () -> {
              hold.set(true);
              store.upsert("Item", List.of(Map.of("id", HELD_ID, "n", 1, "name", "held")));
              return null;
            });
    paused.await();
    long before = store.changes().head();
    // Hold the transaction open for a few seconds while the others write and consumers page.
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> true);
    long during = store.changes().head();
    // Both consumers finish two more windows while the transaction is still open, so each has
    // completed a window that ends past every sequence taken before the hold: a change the
    // technique lets through behind a reader is then really behind it.
    long[] seen = windowCounts.stream().mapToLong(AtomicLong::get).toArray();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                windowCounts.get(0).get() >= seen[0] + 2
                    && windowCounts.get(1).get() >= seen[1] + 2);
    release.countDown();
    released.set(true);
    holder.get();
    for (Future<?> f : writers) f.get();
    writing.set(false);
    List<Map<Long, Map<String, Object>>> copies = new ArrayList<>();
    for (var c : consumers) copies.add(c.get());

    Map<Long, Map<String, Object>> table = new HashMap<>();
    try (Stream<StoredRecord> all = store.query(Query.all("Item"))) {
      all.forEach(
          r ->
              table.put(
                  (Long) r.get("id"), Map.of("quantity", r.get("n"), "label", r.get("name"))));
    }
    long windows = windowCounts.get(0).get() + windowCounts.get(1).get();
    return new Outcome(copies, table, duplicates.get(), before, during, windows);
  }

  /**
   * One writer: inserts, updates and deletes of its own key range, in small transactions — at least
   * {@link #TRANSACTIONS_PER_WRITER}, and on until the held transaction is released, so other
   * writers are still at work while it is open (on a fast machine they had all finished before the
   * hold began, and without the technique the held change then came last and was not lost).
   */
  private static Void write(RecordStore store, long base, AtomicBoolean released) {
    List<Long> live = new ArrayList<>();
    long next = base;
    for (int t = 0; t < TRANSACTIONS_PER_WRITER || (!released.get() && t < 100_000); t++) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        long id = next++;
        rows.add(Map.of("id", id, "n", t, "name", "w" + base + "t" + t));
        live.add(id);
      }
      for (int i = 0; i < 3 && live.size() > 10; i++) {
        long id = live.get((t * 7 + i * 5) % (live.size() - 5));
        rows.add(Map.of("id", id, "n", 1000 + t * 10 + i, "name", "u" + t));
      }
      List<Long> deletes = t % 3 == 2 ? List.of(live.removeFirst()) : List.of();
      store.transaction(
          tx -> {
            tx.upsert("Item", rows);
            for (long id : deletes) tx.delete("Item", Map.of("id", id));
          });
    }
    return null;
  }

  /**
   * One consumer: pages getChanges (97 per page) until the writers have stopped and a window comes
   * back empty; applies every page to its copy and counts keys seen twice within a window.
   */
  private static Map<Long, Map<String, Object>> consume(
      SyncApi sync,
      String consumer,
      AtomicBoolean writing,
      AtomicLong duplicates,
      AtomicLong windows) {
    Map<Long, Map<String, Object>> copy = new HashMap<>();
    String syncToken = null;
    String pageToken = null;
    Set<Object> inWindow = new HashSet<>();
    long windowItems = 0;
    while (true) {
      boolean finished = !writing.get();
      SyncResponse r =
          sync.getChanges(
              consumer, SyncFixture.STAGED, new SyncRequest(97, 0, syncToken, pageToken));
      for (Map<String, Object> item : r.value()) {
        Long id = (Long) item.get("itemId");
        if (!inWindow.add(id)) duplicates.incrementAndGet();
        if (item.containsKey("@removed")) copy.remove(id);
        else copy.put(id, Map.of("quantity", item.get("quantity"), "label", item.get("label")));
      }
      windowItems += r.value().size();
      if (r.nextPageToken() != null) {
        pageToken = r.nextPageToken();
        continue;
      }
      pageToken = null;
      syncToken = r.syncToken();
      inWindow.clear();
      windows.incrementAndGet();
      if (finished && windowItems == 0) return copy;
      windowItems = 0;
    }
  }

  /**
   * Delegates to a change log; on the thread that armed {@code hold}, keeps the transaction open
   * after its sequences are taken until the test releases it.
   */
  private record HoldingChangeLog(
      ChangeLog delegate, ThreadLocal<Boolean> hold, CountDownLatch paused, CountDownLatch release)
      implements ChangeLog {
    @Override
    public void append(Connection transaction, List<NewChange> changes) {
      delegate.append(transaction, changes);
      if (hold.get()) {
        paused.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public ChangeFeed feed() {
      return delegate.feed();
    }
  }
}
