package dev.junction.changes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.config.StoreConfig;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import dev.junction.testing.SettableClock;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The change log's gap-free guarantee (DESIGN invariant 2), on H2 and PostgreSQL: the naive
 * strategy demonstrably loses a change, the commit-order counter does not, and a reader tailing the
 * log under 8 concurrent writers sees every committed change exactly once.
 */
class ChangeFeedIT {
  static final EntityConfig ITEM =
      EntityConfig.of(
          "Item",
          List.of("id"),
          List.of(FieldConfig.of("id", FieldType.LONG), FieldConfig.of("n", FieldType.INTEGER)));

  private final SettableClock clock = SettableClock.at("2026-01-01T00:00:00Z");
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void close() throws Exception {
    threads.shutdownNow();
    for (AutoCloseable c : closing.reversed()) c.close();
  }

  private TestDatabase database(Kind kind) {
    TestDatabase db = TestDatabases.create(kind);
    closing.add(db);
    return db;
  }

  private RecordStore store(TestDatabase db, int poolSize) {
    RecordStore store =
        Store.builder(new StoreConfig(db.url(), db.username(), null, poolSize, false))
            .clock(clock)
            .open();
    closing.add(store);
    store.migrate(List.of(ITEM));
    return store;
  }

  /** A raw pool on the same database, for driving transactions by hand. */
  private HikariDataSource pool(TestDatabase db) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.kind() == Kind.H2 ? db.url() + ";LOCK_TIMEOUT=60000" : db.url());
    config.setUsername(db.username());
    config.setAutoCommit(false);
    config.setMaximumPoolSize(4);
    HikariDataSource pool = new HikariDataSource(config);
    closing.add(pool);
    return pool;
  }

  private static NewChange change(long id) {
    return new NewChange("Item", "{\"id\":" + id + "}", Change.Operation.UPSERT, 1);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void naiveWriteTimeSequenceLosesAChangeThatCommitsOutOfOrder(Kind kind) throws Exception {
    TestDatabase db = database(kind);
    store(db, 2);
    HikariDataSource pool = pool(db);
    JdbcChangeLog naive =
        new JdbcChangeLog(pool, clock, SequenceAllocator.DATABASE_SEQUENCE_AT_WRITE);

    try (Connection t1 = pool.getConnection();
        Connection t2 = pool.getConnection()) {
      naive.append(t1, List.of(change(1))); // takes sequence 1, stays open
      naive.append(t2, List.of(change(2))); // takes sequence 2
      t2.commit();

      List<Change> firstRead = naive.read(0, 100);
      assertThat(firstRead).extracting(Change::sequence).containsExactly(2L);
      long last = firstRead.getLast().sequence();

      t1.commit();
      assertThat(naive.read(last, 100)).isEmpty(); // the tailing reader never sees sequence 1 …
      assertThat(naive.read(0, 100))
          .extracting(Change::sequence)
          .containsExactly(1L, 2L); // … yet it is committed
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void commitOrderCounterMakesTheLaterWriterWaitSoNoChangeIsLost(Kind kind) throws Exception {
    TestDatabase db = database(kind);
    store(db, 2);
    HikariDataSource pool = pool(db);
    JdbcChangeLog safe = new JdbcChangeLog(pool, clock, SequenceAllocator.COMMIT_ORDER_COUNTER);

    List<Change> seen = new ArrayList<>();
    try (Connection t1 = pool.getConnection()) {
      safe.append(t1, List.of(change(1))); // holds the counter row until it ends
      Future<?> t2 =
          threads.submit(
              () -> {
                try (Connection c = pool.getConnection()) {
                  safe.append(c, List.of(change(2)));
                  c.commit();
                }
                return null;
              });
      seen.addAll(safe.read(0, 100));
      assertThat(seen).isEmpty();
      assertThat(t2).isNotDone();
      assertThat(safe.head()).isZero();

      t1.commit();
      t2.get();
    }
    long last = seen.isEmpty() ? 0 : seen.getLast().sequence();
    seen.addAll(safe.read(last, 100));
    assertThat(seen).extracting(Change::sequence).containsExactly(1L, 2L);
    assertThat(seen).extracting(Change::key).containsExactly("{\"id\":1}", "{\"id\":2}");
    assertThat(safe.head()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void tailingReaderSeesEveryChangeOfEightConcurrentWritersExactlyOnce(Kind kind) throws Exception {
    TestDatabase db = database(kind);
    RecordStore store = store(db, 10);
    int writers = 8;
    int transactions = 30;
    int batch = 12;

    Set<String> committed = Collections.synchronizedSet(new HashSet<>());
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Change> seen = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> {
              long last = 0;
              while (true) {
                boolean finished = !writing.get();
                List<Change> page = store.changes().read(last, 97);
                seen.addAll(page);
                if (!page.isEmpty()) last = page.getLast().sequence();
                if (finished && page.isEmpty()) return;
              }
            },
            threads);

    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      long base = w * 1_000_000L;
      running.add(
          threads.submit(
              () -> {
                Map<Long, Long> versions = new HashMap<>();
                List<Long> live = new ArrayList<>();
                long nextId = base;
                for (int t = 0; t < transactions; t++) {
                  List<Map<String, Object>> rows = new ArrayList<>();
                  List<String> expected = new ArrayList<>();
                  for (int i = 0; i < batch / 2; i++) { // inserts
                    long id = nextId++;
                    rows.add(Map.of("id", id, "n", t));
                    versions.merge(id, 1L, Long::sum);
                    expected.add(key(id, "UPSERT", versions.get(id)));
                    live.add(id);
                  }
                  Set<Long> updated = new HashSet<>();
                  for (int i = 0; i < batch / 4 && live.size() > 2 * batch; i++) { // updates
                    long id = live.get((t * 7 + i * 3) % (live.size() - batch));
                    if (!updated.add(id)) continue;
                    rows.add(Map.of("id", id, "n", 1000 + t));
                    versions.merge(id, 1L, Long::sum);
                    expected.add(key(id, "UPSERT", versions.get(id)));
                  }
                  List<Long> deletes = new ArrayList<>();
                  if (t % 3 == 2) deletes.add(live.removeFirst());
                  for (long id : deletes) {
                    versions.merge(id, 1L, Long::sum);
                    expected.add(key(id, "DELETE", versions.get(id)));
                  }
                  store.transaction(
                      tx -> {
                        tx.upsert("Item", rows);
                        for (long id : deletes) tx.delete("Item", Map.of("id", id));
                      });
                  committed.addAll(expected); // acknowledged: the commit returned
                }
                return null;
              }));
    }
    for (Future<?> f : running) f.get();
    writing.set(false);
    await().atMost(Duration.ofSeconds(60)).until(reader::isDone);
    reader.get();

    List<String> seenKeys = new ArrayList<>();
    long previous = 0;
    for (Change c : seen) {
      assertThat(c.sequence()).isGreaterThan(previous);
      previous = c.sequence();
      seenKeys.add(
          key(Long.parseLong(c.key().replaceAll("\\D", "")), c.operation().name(), c.version()));
    }
    assertThat(committed).hasSizeGreaterThan(writers * transactions * batch / 2);
    assertThat(seenKeys).doesNotHaveDuplicates();
    assertThat(seenKeys).containsExactlyInAnyOrderElementsOf(committed);
    assertThat(store.changes().head()).isEqualTo(seen.size());
  }

  private static String key(long id, String operation, long version) {
    return id + "/" + operation + "/" + version;
  }
}
