package dev.junction.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.RecordStore;
import dev.junction.testing.SettableClock;
import dev.junction.testing.TestDatabases.Kind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Staging a window by two threads gives exactly the items of staging it by one, whether the helper
 * reads the upper half, gets no connection in time (the caller reads it), or the window has too
 * many repeated keys to group in memory.
 */
class WindowStagingIT {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private final List<AutoCloseable> closing = new ArrayList<>();
  private RecordStore store;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing.reversed()) c.close();
  }

  /** 3,000 inserts, then updates, deletes and re-creations spread over them: ~4,200 changes. */
  private long writeChanges(Kind kind) {
    store = SyncFixture.itemStore(kind, SettableClock.at(NOW.toString()), closing);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 1; id <= 3_000; id++) rows.add(item(id, 0));
    store.upsert("Item", rows);
    for (long id = 1; id <= 3_000; id += 7) store.upsert("Item", List.of(item(id, 1)));
    for (long id = 5; id <= 3_000; id += 11) store.delete("Item", Map.of("id", id));
    for (long id = 5; id <= 3_000; id += 33) store.upsert("Item", List.of(item(id, 2)));
    for (long id = 2; id <= 3_000; id += 13) store.upsert("Item", List.of(item(id, 3)));
    return store.changes().head();
  }

  private static Map<String, Object> item(long id, int n) {
    return Map.of("id", id, "n", n, "name", "item " + id);
  }

  /**
   * Stages (0, head] with {@code staging} and reads all of its items at once, then again page by
   * page (700 after the last page's sequence), then 300 after skipping 1,234.
   */
  private List<List<JdbcDeltaFeed.Row>> stageAndRead(
      WindowStaging staging, String consumer, long head) throws Exception {
    try (Connection c = store.dataSource().getConnection()) {
      WindowStaging.Window w =
          staging.stage(c, consumer, "items", 0, "Item", 0, head, NOW, NOW.plusSeconds(3600));
      List<JdbcDeltaFeed.Row> all = staging.items(c, w, "Item", 0, 0, 100_000);
      List<JdbcDeltaFeed.Row> paged = new ArrayList<>();
      List<JdbcDeltaFeed.Row> page;
      long after = 0;
      do {
        page = staging.items(c, w, "Item", after, 0, 700);
        paged.addAll(page);
        if (!page.isEmpty()) after = page.getLast().sequence();
      } while (page.size() == 700);
      List<JdbcDeltaFeed.Row> skipped = staging.items(c, w, "Item", 0, 1_234, 300);
      c.commit();
      assertThat(paged).isEqualTo(all);
      assertThat(skipped).isEqualTo(all.subList(1_234, 1_534));
      return List.of(all, paged, skipped);
    }
  }

  /** A data source that counts connection requests and can hold them until released. */
  private DataSource counting(AtomicInteger requests, CountDownLatch release) {
    DataSource real = store.dataSource();
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                requests.incrementAndGet();
                release.await();
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void twoThreadsStageExactlyTheItemsOfOne(Kind kind) throws Exception {
    long head = writeChanges(kind);
    List<List<JdbcDeltaFeed.Row>> reads =
        stageAndRead(new WindowStaging(500_000, store.dataSource(), Long.MAX_VALUE), "a", head);
    List<JdbcDeltaFeed.Row> serial = reads.getFirst();

    AtomicInteger requests = new AtomicInteger();
    CountDownLatch open = new CountDownLatch(0);
    List<List<JdbcDeltaFeed.Row>> parallel =
        stageAndRead(new WindowStaging(500_000, counting(requests, open), 100), "b", head);
    assertThat(requests).as("the helper read the upper half on its own connection").hasValue(1);

    AtomicInteger blockedRequests = new AtomicInteger();
    CountDownLatch held = new CountDownLatch(1);
    List<List<JdbcDeltaFeed.Row>> givenBack =
        stageAndRead(new WindowStaging(500_000, counting(blockedRequests, held), 100), "c", head);
    held.countDown(); // the pool "frees" a connection only after the caller read both halves
    assertThat(blockedRequests).hasValue(1);

    List<List<JdbcDeltaFeed.Row>> groupedByDatabase =
        stageAndRead(new WindowStaging(50, store.dataSource(), 100), "d", head);

    Set<String> keys = new HashSet<>();
    for (JdbcDeltaFeed.Row r : serial) assertThat(keys.add(r.key())).as(r.key()).isTrue();
    assertThat(keys).hasSize(3_000); // every key once, deleted ones as deletions
    long deleted = // deleted and not created again by either later loop
        java.util.stream.LongStream.rangeClosed(1, 3_000)
            .filter(id -> id % 11 == 5 && id % 33 != 5 && id % 13 != 2)
            .count();
    assertThat(serial.stream().filter(JdbcDeltaFeed.Row::delete).count()).isEqualTo(deleted);
    assertThat(serial.stream().mapToLong(JdbcDeltaFeed.Row::sequence))
        .isSorted()
        .doesNotHaveDuplicates();
    assertThat(parallel).isEqualTo(reads);
    assertThat(givenBack).isEqualTo(reads);
    assertThat(groupedByDatabase).as("read from the change log, not held").isEqualTo(reads);
  }
}
