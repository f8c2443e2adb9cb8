package dev.junction.sync;

import static dev.junction.sync.SyncFixture.FULL;
import static dev.junction.sync.SyncFixture.HIDDEN;
import static dev.junction.sync.SyncFixture.IN_MEMORY;
import static dev.junction.sync.SyncFixture.STAGED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import dev.junction.sync.SyncException.Reason;
import dev.junction.testing.SettableClock;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Sync API engine on H2 and PostgreSQL: every mode, staging mode, token rule and error. */
class SyncApiIT {
  static final String ALICE = "alice";
  static final String BOB = "bob";

  private final SettableClock clock = SettableClock.at("2026-03-01T10:00:00Z");
  private final List<AutoCloseable> closing = new ArrayList<>();
  private RecordStore store;
  private SyncApi sync;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing.reversed()) c.close();
  }

  private void open(TestDatabase db) {
    open(db, SyncSettings.DEFAULTS);
  }

  private void open(TestDatabase db, SyncSettings settings) {
    store = Store.builder(db.storeConfig()).clock(clock).open();
    closing.add(store);
    store.migrate(List.of(SyncFixture.ITEM));
    sync = SyncApi.create(store, SyncFixture.config(), clock, settings);
  }

  private void open(Kind kind) {
    TestDatabase db = TestDatabases.create(kind);
    closing.add(db);
    open(db);
  }

  private void put(long id, int n) {
    store.upsert("Item", List.of(Map.of("id", id, "n", n, "name", "item " + id)));
  }

  private void putAll(long from, long to) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (long id = from; id <= to; id++)
      rows.add(Map.of("id", id, "n", (int) id, "name", "i" + id));
    store.upsert("Item", rows);
  }

  private void delete(long id) {
    store.delete("Item", Map.of("id", id));
  }

  private static List<Object> ids(SyncResponse r, String idField) {
    return r.value().stream().map(m -> m.get(idField)).toList();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void baselineThenOnlyChangesSinceTheTokenWithDeletionMarkers(Kind kind) {
    open(kind);
    putAll(1, 3);

    SyncResponse baseline = sync.getChanges(ALICE, STAGED, SyncRequest.first(100));
    assertThat(baseline.value())
        .containsExactly(
            Map.of("itemId", 1L, "quantity", 1, "label", "i1"),
            Map.of("itemId", 2L, "quantity", 2, "label", "i2"),
            Map.of("itemId", 3L, "quantity", 3, "label", "i3"));
    assertThat(baseline.syncToken()).isNotBlank();
    assertThat(baseline.nextPageToken()).isNull();
    assertThat(baseline.moreChanges()).isFalse();

    put(2, 20);
    delete(3);
    put(4, 4);
    SyncResponse changes =
        sync.getChanges(ALICE, STAGED, SyncRequest.since(baseline.syncToken(), 100));

    assertThat(changes.value())
        .containsExactly(
            Map.of("itemId", 2L, "quantity", 20, "label", "item 2"),
            Map.of("itemId", 3L, "@removed", Map.of("reason", "deleted")),
            Map.of("itemId", 4L, "quantity", 4, "label", "item 4"));
    SyncResponse nothing =
        sync.getChanges(ALICE, STAGED, SyncRequest.since(changes.syncToken(), 100));
    assertThat(nothing.value()).isEmpty();
    assertThat(nothing.syncToken()).isNotBlank();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aRecordChangedSeveralTimesInAWindowAppearsOnceInItsLatestState(Kind kind) {
    open(kind);
    put(1, 1);
    put(2, 1);
    SyncResponse start = sync.getChanges(ALICE, STAGED, SyncRequest.first(100));
    put(1, 2);
    put(1, 3);
    put(2, 2);
    delete(2); // ended deleted: a marker only
    put(5, 1);
    delete(5); // created and deleted inside the window: a marker too
    put(1, 4);

    SyncResponse window = sync.getChanges(ALICE, STAGED, SyncRequest.since(start.syncToken(), 100));

    assertThat(window.value())
        .containsExactly(
            Map.of("itemId", 2L, "@removed", Map.of("reason", "deleted")),
            Map.of("itemId", 5L, "@removed", Map.of("reason", "deleted")),
            Map.of("itemId", 1L, "quantity", 4, "label", "item 1"));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anOlderTokenReplaysFromItsPoint(Kind kind) {
    open(kind);
    put(1, 1);
    SyncResponse first = sync.getChanges(ALICE, STAGED, SyncRequest.first(100));
    put(2, 1);
    SyncResponse second = sync.getChanges(ALICE, STAGED, SyncRequest.since(first.syncToken(), 100));
    put(3, 1);
    sync.getChanges(ALICE, STAGED, SyncRequest.since(second.syncToken(), 100));

    SyncResponse replay = sync.getChanges(ALICE, STAGED, SyncRequest.since(first.syncToken(), 100));

    assertThat(ids(replay, "itemId")).containsExactly(2L, 3L);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theWindowStaysFixedWhilePagingBySkipOrPageToken(Kind kind) {
    open(kind);
    putAll(1, 10);

    SyncResponse p1 = sync.getChanges(ALICE, STAGED, new SyncRequest(4, 0, null, null));
    put(11, 1); // after the window opened: not in it
    put(1, 100); // already served: not again in this window
    SyncResponse p2 = sync.getChanges(ALICE, STAGED, new SyncRequest(4, 4, null, null));
    SyncResponse p2again = sync.getChanges(ALICE, STAGED, SyncRequest.next(p1.nextPageToken(), 4));
    SyncResponse p3 = sync.getChanges(ALICE, STAGED, SyncRequest.next(p2.nextPageToken(), 4));

    assertThat(ids(p1, "itemId")).containsExactly(1L, 2L, 3L, 4L);
    assertThat(p1.syncToken()).isNull();
    assertThat(p1.nextPageToken()).isNotBlank();
    assertThat(p1.moreChanges()).isTrue();
    assertThat(ids(p2, "itemId")).containsExactly(5L, 6L, 7L, 8L);
    assertThat(p2again.value()).isEqualTo(p2.value());
    assertThat(ids(p3, "itemId")).containsExactly(9L, 10L);
    assertThat(p3.nextPageToken()).isNull();
    assertThat(p3.syncToken()).isNotBlank();

    SyncResponse next = sync.getChanges(ALICE, STAGED, SyncRequest.since(p3.syncToken(), 4));
    assertThat(ids(next, "itemId")).containsExactly(11L, 1L);
    assertThat(stagedWindows()).isEqualTo(1); // the consumed window was removed
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void twoSimultaneousFirstRequestsOfOneConsumerShareOneWindow(Kind kind) throws Exception {
    open(kind);
    putAll(1, 50);
    for (int round = 0; round < 10; round++) {
      String consumer = "racer-" + round;
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      java.util.concurrent.Callable<SyncResponse> first =
          () -> {
            start.await();
            return sync.getChanges(consumer, STAGED, SyncRequest.first(20));
          };
      try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
        var a = pool.submit(first);
        var b = pool.submit(first);
        SyncResponse ra = a.get();
        SyncResponse rb = b.get();
        assertThat(ids(ra, "itemId")).hasSize(20).isEqualTo(ids(rb, "itemId"));
      }
      assertThat(stagedWindows(consumer)).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void inMemoryStagingAnswersAWholeWindowCappedAndWritesNothing(Kind kind) {
    open(kind);
    putAll(1, 5);
    put(1, 10);

    SyncResponse capped = sync.getChanges(ALICE, IN_MEMORY, SyncRequest.first(4));
    SyncResponse rest = sync.getChanges(ALICE, IN_MEMORY, SyncRequest.since(capped.syncToken(), 4));

    assertThat(ids(capped, "id")).containsExactly(1L, 2L, 3L, 4L);
    assertThat(capped.value().getFirst()).containsEntry("n", 10); // current state
    assertThat(capped.moreChanges()).isTrue();
    assertThat(capped.nextPageToken()).isNull();
    assertThat(ids(rest, "id")).containsExactly(5L, 1L);
    assertThat(rest.moreChanges()).isFalse();
    assertThat(stagedWindows()).isZero();
    assertThatThrownBy(
            () ->
                sync.getChanges(ALICE, IN_MEMORY, new SyncRequest(4, 4, capped.syncToken(), null)))
        .isInstanceOf(SyncException.class)
        .hasMessageContaining("InMemory staging")
        .hasMessageContaining("skip must be 0");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void fullDatasetPagesEverythingByTopSkipOrKeysetToken(Kind kind) {
    open(kind);
    putAll(1, 7);
    delete(3);

    SyncResponse p1 = sync.getChanges(ALICE, FULL, new SyncRequest(3, 0, null, null));
    SyncResponse p2 = sync.getChanges(ALICE, FULL, new SyncRequest(3, 3, null, null));
    SyncResponse p2token = sync.getChanges(ALICE, FULL, SyncRequest.next(p1.nextPageToken(), 3));

    assertThat(ids(p1, "id")).containsExactly(1L, 2L, 4L);
    assertThat(ids(p2, "id")).containsExactly(5L, 6L, 7L);
    assertThat(p2token.value()).isEqualTo(p2.value());
    assertThat(p2token.nextPageToken()).isNull(); // fewer than top + 1 left: the last page
    assertThat(p2token.moreChanges()).isFalse();
    assertThat(p1.syncToken()).isNull();
    assertThat(sync.getChanges(BOB, FULL, SyncRequest.first(100)).value()).hasSize(6);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void startingFromNowReturnsOnlyAToken(Kind kind) {
    open(kind);
    putAll(1, 5);

    SyncResponse now = sync.getChanges(ALICE, STAGED, SyncRequest.since(SyncRequest.LATEST, 100));
    put(6, 1);
    SyncResponse next = sync.getChanges(ALICE, STAGED, SyncRequest.since(now.syncToken(), 100));

    assertThat(now.value()).isEmpty();
    assertThat(now.syncToken()).isNotBlank();
    assertThat(ids(next, "itemId")).containsExactly(6L);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aServerRestartBetweenTwoPagesKeepsTheStagedWindow(Kind kind) {
    TestDatabase db = kind == Kind.H2 ? TestDatabases.h2File() : TestDatabases.postgres();
    closing.add(db);
    open(db);
    putAll(1, 6);
    SyncResponse p1 = sync.getChanges(ALICE, STAGED, new SyncRequest(4, 0, null, null));
    store.close(); // the server stops …

    open(db); // … and a new one starts on the same database
    put(7, 1);
    SyncResponse p2 = sync.getChanges(ALICE, STAGED, SyncRequest.next(p1.nextPageToken(), 4));
    SyncResponse p2bySkip = sync.getChanges(ALICE, STAGED, new SyncRequest(4, 4, null, null));

    assertThat(ids(p1, "itemId")).containsExactly(1L, 2L, 3L, 4L);
    assertThat(ids(p2, "itemId")).containsExactly(5L, 6L);
    assertThat(p2bySkip.value()).isEqualTo(p2.value());
    SyncResponse next = sync.getChanges(ALICE, STAGED, SyncRequest.since(p2.syncToken(), 4));
    assertThat(ids(next, "itemId")).containsExactly(7L);
  }

  /**
   * A file database of {@code kind} with items 1–6, then item 2 changed twice, item 4 once and item
   * 5 deleted: changes that later ones supersede.
   */
  private TestDatabase openWithSupersededChanges(Kind kind) {
    TestDatabase db = kind == Kind.H2 ? TestDatabases.h2File() : TestDatabases.postgres();
    closing.add(db);
    open(db);
    putAll(1, 6);
    put(2, 20);
    put(2, 21);
    put(4, 40);
    delete(5);
    return db;
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void supersededChangesAreDroppedWhetherKeysAreGroupedInMemoryOrByTheDatabaseAcrossARestart(
      Kind kind) {
    TestDatabase db = openWithSupersededChanges(kind);
    SyncSettings byDatabase =
        new SyncSettings(
            SyncSettings.DEFAULTS.maxTop(),
            SyncSettings.DEFAULTS.windowIdleExpiry(),
            SyncSettings.DEFAULTS.tokenRetention(),
            0);
    for (SyncSettings settings : List.of(SyncSettings.DEFAULTS, byDatabase)) {
      store.close();
      open(db, settings);
      String consumer = "consumer-" + settings.stagedKeysInMemory();
      SyncResponse p1 = sync.getChanges(consumer, STAGED, new SyncRequest(2, 0, null, null));
      store.close(); // a restart: the new server has nothing of the window in memory
      open(db, settings);
      SyncResponse p2 = sync.getChanges(consumer, STAGED, SyncRequest.next(p1.nextPageToken(), 2));
      SyncResponse p2bySkip = sync.getChanges(consumer, STAGED, new SyncRequest(2, 2, null, null));
      SyncResponse p3bySkip = sync.getChanges(consumer, STAGED, new SyncRequest(2, 4, null, null));
      SyncResponse p3 = sync.getChanges(consumer, STAGED, SyncRequest.next(p2.nextPageToken(), 2));
      SyncResponse skipOne = sync.getChanges(consumer, STAGED, new SyncRequest(2, 1, null, null));

      assertThat(ids(p1, "itemId")).as("in memory: %s", settings).containsExactly(1L, 3L);
      assertThat(ids(p2, "itemId")).containsExactly(6L, 2L);
      assertThat(p2.value().get(1)).containsEntry("quantity", 21);
      assertThat(p2bySkip.value()).isEqualTo(p2.value());
      assertThat(p3.value())
          .containsExactly(
              Map.of("itemId", 4L, "quantity", 40, "label", "item 4"),
              Map.of("itemId", 5L, "@removed", Map.of("reason", "deleted")));
      assertThat(p3bySkip.value()).isEqualTo(p3.value());
      assertThat(p3.syncToken()).isNotBlank();
      assertThat(ids(skipOne, "itemId")).containsExactly(3L, 6L);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void pagesOfAWindowHeldInMemoryAreThoseOfTheChangeLog(Kind kind) {
    openWithSupersededChanges(kind);
    put(1, 10);
    delete(1);
    // Staged and paged by one server: every page comes from the items it read when staging.
    SyncResponse p1 = sync.getChanges(ALICE, STAGED, new SyncRequest(2, 0, null, null));
    SyncResponse p2 = sync.getChanges(ALICE, STAGED, SyncRequest.next(p1.nextPageToken(), 2));
    SyncResponse p2bySkip = sync.getChanges(ALICE, STAGED, new SyncRequest(2, 2, null, null));
    SyncResponse skipOne = sync.getChanges(ALICE, STAGED, new SyncRequest(2, 1, null, null));
    SyncResponse p3 = sync.getChanges(ALICE, STAGED, SyncRequest.next(p2.nextPageToken(), 2));
    // The same window read again by the change log (after its last page the server lets it go).
    SyncResponse again = sync.getChanges(ALICE, STAGED, new SyncRequest(2, 2, null, null));

    assertThat(ids(p1, "itemId")).containsExactly(3L, 6L);
    assertThat(ids(p2, "itemId")).containsExactly(2L, 4L);
    assertThat(p2.value().get(0)).containsEntry("quantity", 21);
    assertThat(p2bySkip.value()).isEqualTo(p2.value());
    assertThat(ids(skipOne, "itemId")).containsExactly(6L, 2L);
    assertThat(p3.value())
        .containsExactly(
            Map.of("itemId", 5L, "@removed", Map.of("reason", "deleted")),
            Map.of("itemId", 1L, "@removed", Map.of("reason", "deleted")));
    assertThat(p3.syncToken()).isNotBlank();
    assertThat(again.value()).isEqualTo(p2.value());
  }

  @Test
  void tokensOfAnotherConsumerOrIntegrationOrMalformedAre400() {
    open(Kind.H2);
    putAll(1, 3);
    SyncResponse alice = sync.getChanges(ALICE, STAGED, new SyncRequest(2, 0, null, null));
    String token =
        sync.getChanges(ALICE, STAGED, SyncRequest.next(alice.nextPageToken(), 2)).syncToken();
    String tampered =
        token.substring(0, token.length() - 3) + (token.endsWith("A") ? "BBB" : "AAA");

    assertFails(
        () -> sync.getChanges(BOB, STAGED, SyncRequest.since(token, 10)),
        Reason.BAD_REQUEST,
        "issued to another consumer");
    assertThat(catchMessage(() -> sync.getChanges(BOB, STAGED, SyncRequest.since(token, 10))))
        .doesNotContain(ALICE);
    assertFails(
        () -> sync.getChanges(BOB, STAGED, SyncRequest.next(alice.nextPageToken(), 10)),
        Reason.BAD_REQUEST,
        "issued to another consumer");
    assertFails(
        () -> sync.getChanges(ALICE, IN_MEMORY, SyncRequest.since(token, 10)),
        Reason.BAD_REQUEST,
        "belongs to 'items'");
    assertFails(
        () -> sync.getChanges(ALICE, STAGED, SyncRequest.since("not-a-token", 10)),
        Reason.BAD_REQUEST,
        "syncToken is malformed");
    assertFails(
        () -> sync.getChanges(ALICE, STAGED, SyncRequest.since(tampered, 10)),
        Reason.BAD_REQUEST,
        "syncToken is malformed");
    assertFails(
        () -> sync.getChanges(ALICE, STAGED, SyncRequest.since(alice.nextPageToken(), 10)),
        Reason.BAD_REQUEST,
        "cannot be used here");
  }

  @Test
  void topOutOfRangeUnknownAndHiddenIntegrationsAreRefused() {
    open(Kind.H2);
    assertFails(
        () -> sync.getChanges(ALICE, STAGED, SyncRequest.first(0)),
        Reason.BAD_REQUEST,
        "top must be within 1..10000, was 0");
    assertFails(
        () -> sync.getChanges(ALICE, STAGED, SyncRequest.first(10_001)),
        Reason.BAD_REQUEST,
        "top must be within 1..10000, was 10001");
    assertFails(
        () -> sync.getChanges(ALICE, STAGED, new SyncRequest(10, -1, null, null)),
        Reason.BAD_REQUEST,
        "skip must be >= 0, was -1");
    assertFails(
        () -> sync.getChanges(ALICE, "nope", SyncRequest.first(10)),
        Reason.UNKNOWN_INTEGRATION,
        "No integration is named 'nope'");
    assertFails(
        () -> sync.getChanges(ALICE, HIDDEN, SyncRequest.first(10)),
        Reason.NOT_EXPOSED,
        "exposeAsSyncApi: true");
    assertThat(sync.integrationName(10, "v2.0")).isEqualTo(STAGED);
    assertThat(sync.integrationName(12, "v3.1")).isEqualTo(FULL);
    assertFails(() -> sync.integrationName(12, "v2.0"), Reason.UNKNOWN_INTEGRATION, "v3.1");
    assertFails(() -> sync.integrationName(99, "v2.0"), Reason.UNKNOWN_INTEGRATION, "99");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void unservableTokensAre410Gone(Kind kind) {
    open(kind);
    putAll(1, 3);
    String token = sync.getChanges(ALICE, STAGED, SyncRequest.first(100)).syncToken();
    SyncResponse paging = sync.getChanges(BOB, STAGED, new SyncRequest(2, 0, null, null));

    // A token ahead of the change log: the store was restored from an older backup.
    String ahead =
        sync.tokens()
            .issue(SyncToken.sync(ALICE, STAGED, sync.tokens().epoch(), 0, 999, clock.instant()));
    assertFails(
        () -> sync.getChanges(ALICE, STAGED, SyncRequest.since(ahead, 10)),
        Reason.GONE,
        "restored from a backup");
    // Another store epoch.
    String foreign =
        sync.tokens().issue(SyncToken.sync(ALICE, STAGED, "other-epoch", 0, 1, clock.instant()));
    assertFails(
        () -> sync.getChanges(ALICE, STAGED, SyncRequest.since(foreign, 10)),
        Reason.GONE,
        "epoch differs");
    // A staged window idle past its expiry.
    clock.advance(Duration.ofHours(2));
    assertFails(
        () -> sync.getChanges(BOB, STAGED, SyncRequest.next(paging.nextPageToken(), 2)),
        Reason.GONE,
        "no longer staged");
    assertFails(
        () -> sync.getChanges(BOB, STAGED, new SyncRequest(2, 2, null, null)),
        Reason.GONE,
        "request it again with skip 0");
    assertThat(sync.removeExpiredWindows()).isEqualTo(2); // bob's, and alice's completed one
    // Past the token retention.
    clock.advance(Duration.ofDays(31));
    assertFails(
        () -> sync.getChanges(ALICE, STAGED, SyncRequest.since(token, 10)),
        Reason.GONE,
        "longer ago than the retention");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aResetConsumerStartsOverAndItsOldTokensAreGone(Kind kind) {
    open(kind);
    putAll(1, 3);
    String alice = sync.getChanges(ALICE, STAGED, SyncRequest.first(100)).syncToken();
    String bob = sync.getChanges(BOB, STAGED, SyncRequest.first(100)).syncToken();

    assertThat(sync.consumers())
        .extracting(
            ConsumerState::consumer, ConsumerState::integration, ConsumerState::recordsServed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ALICE, STAGED, 3L),
            org.assertj.core.groups.Tuple.tuple(BOB, STAGED, 3L));
    assertThat(sync.reset(ALICE, STAGED)).isTrue();
    assertThat(sync.reset(ALICE, FULL)).isFalse();

    assertFails(
        () -> sync.getChanges(ALICE, STAGED, SyncRequest.since(alice, 10)),
        Reason.GONE,
        "was reset");
    assertThat(sync.getChanges(ALICE, STAGED, SyncRequest.first(100)).value()).hasSize(3);
    assertThat(sync.getChanges(BOB, STAGED, SyncRequest.since(bob, 100)).value()).isEmpty();
    assertThat(sync.consumers().getFirst().generation()).isEqualTo(1);
  }

  private int stagedWindows() {
    return stagedWindows(null);
  }

  private int stagedWindows(String consumer) {
    String where = consumer == null ? "" : " WHERE consumer = '" + consumer + "'";
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM junction_sync_window" + where)) {
      rs.next();
      int n = rs.getInt(1);
      c.rollback();
      return n;
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  private static String catchMessage(ThrowingCallable call) {
    try {
      call.call();
    } catch (Throwable t) {
      return t.getMessage();
    }
    throw new AssertionError("expected a failure");
  }

  private static void assertFails(ThrowingCallable call, Reason reason, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(SyncException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageContaining(message);
  }
}
