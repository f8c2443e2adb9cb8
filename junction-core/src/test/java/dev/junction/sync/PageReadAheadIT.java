package dev.junction.sync;

import static dev.junction.sync.SyncFixture.STAGED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.Query;
import dev.junction.store.RecordStore;
import dev.junction.store.StoredRecord;
import dev.junction.testing.SettableClock;
import dev.junction.testing.TestDatabases.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Reading the next staged page ahead changes nothing a consumer sees but when a record is read: the
 * pages are the same, and a record changed after its page was read ahead arrives in the next
 * window.
 */
class PageReadAheadIT {
  private final SettableClock clock = SettableClock.at("2026-03-01T10:00:00Z");
  private final List<AutoCloseable> closing = new ArrayList<>();
  private RecordStore store;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing.reversed()) c.close();
  }

  private SyncApi open(Kind kind) {
    store = SyncFixture.itemStore(kind, clock, closing);
    return api(true);
  }

  private SyncApi api(boolean readAhead) {
    SyncSettings d = SyncSettings.DEFAULTS;
    return SyncApi.create(
        store,
        SyncFixture.config(),
        clock,
        new SyncSettings(
            d.maxTop(),
            d.windowIdleExpiry(),
            d.tokenRetention(),
            d.stagedKeysInMemory(),
            readAhead));
  }

  private void put(long id, int n) {
    store.upsert("Item", List.of(Map.of("id", id, "n", n, "name", "item " + id)));
  }

  /**
   * All pages of one window, from {@code syncToken} (null: a baseline), 400 per page; with {@code
   * readAhead}, each next page is asked for only once it has been read ahead.
   */
  private static List<SyncResponse> window(
      SyncApi sync, String consumer, String syncToken, PageReadAhead readAhead)
      throws InterruptedException {
    List<SyncResponse> pages = new ArrayList<>();
    SyncResponse page = sync.getChanges(consumer, STAGED, new SyncRequest(400, 0, syncToken, null));
    pages.add(page);
    while (page.nextPageToken() != null) {
      if (readAhead != null) awaitReadAhead(readAhead);
      page = sync.getChanges(consumer, STAGED, SyncRequest.next(page.nextPageToken(), 400));
      pages.add(page);
    }
    return pages;
  }

  private static void apply(Map<Object, Map<String, Object>> copy, List<SyncResponse> pages) {
    for (SyncResponse p : pages) {
      for (Map<String, Object> r : p.value()) {
        if (r.containsKey("@removed")) copy.remove(r.get("itemId"));
        else copy.put(r.get("itemId"), Map.copyOf(r));
      }
    }
  }

  private static void awaitReadAhead(PageReadAhead readAhead) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!readAhead.idle() && System.nanoTime() < deadline) Thread.sleep(5);
    assertThat(readAhead.idle()).as("the next page was read ahead within 10 s").isTrue();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void pagesAreTheSameAndALaterChangeArrivesInTheNextWindow(Kind kind) throws Exception {
    SyncApi sync = open(kind);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = 1; id <= 2_000; id++) rows.add(Map.of("id", id, "n", 0, "name", "item " + id));
    store.upsert("Item", rows);
    for (long id = 3; id <= 2_000; id += 9) put(id, 1);
    for (long id = 4; id <= 2_000; id += 17) store.delete("Item", Map.of("id", id));

    SyncApi off = api(false);
    assertThat(((JdbcSyncApi) off).readAhead()).isNull();
    List<SyncResponse> plain = window(off, "plain", null, null);
    PageReadAhead readAhead = ((JdbcSyncApi) sync).readAhead();
    List<SyncResponse> ahead = window(sync, "ahead", null, readAhead);
    assertThat(plain).hasSizeGreaterThan(3);
    assertThat(ahead).hasSameSizeAs(plain);
    for (int i = 0; i < plain.size(); i++) {
      assertThat(ahead.get(i).value()).as("page %d", i).isEqualTo(plain.get(i).value());
    }
    assertThat(readAhead.taken()).as("every page after the first").isEqualTo(plain.size() - 1);

    // The second and third pages are read ahead, then a record of the second changes before it is
    // served; both are then asked for without waiting.
    Map<Object, Map<String, Object>> copy = new HashMap<>();
    SyncResponse first = sync.getChanges("late", STAGED, new SyncRequest(400, 0, null, null));
    apply(copy, List.of(first));
    awaitReadAhead(readAhead);
    long taken = readAhead.taken();
    put(500, 77);
    List<SyncResponse> rest = new ArrayList<>();
    SyncResponse page = first;
    while (page.nextPageToken() != null) {
      page = sync.getChanges("late", STAGED, SyncRequest.next(page.nextPageToken(), 400));
      rest.add(page);
    }
    apply(copy, rest);
    assertThat(readAhead.taken()).as("pages 2 and 3 were both read ahead").isGreaterThan(taken + 1);
    assertThat(copy.get(500L)).as("read ahead before the change").containsEntry("quantity", 0);

    apply(copy, window(sync, "late", page.syncToken(), null));
    assertThat(copy.get(500L)).containsEntry("quantity", 77);
    Map<Object, Object> table = new HashMap<>();
    try (Stream<StoredRecord> s = store.query(Query.all("Item"))) {
      s.forEach(r -> table.put(r.values().get("id"), r.values().get("n")));
    }
    Map<Object, Object> copied = new HashMap<>();
    copy.forEach((id, r) -> copied.put(id, r.get("quantity")));
    assertThat(copied).isEqualTo(table);
  }
}
