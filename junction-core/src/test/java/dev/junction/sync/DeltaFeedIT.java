package dev.junction.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.RecordStore;
import dev.junction.testing.SettableClock;
import dev.junction.testing.TestDatabases.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The stateless change windows that OData delta links build on. */
class DeltaFeedIT {
  private final SettableClock clock = SettableClock.at("2026-03-01T10:00:00Z");
  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closing.reversed()) c.close();
  }

  private RecordStore store(Kind kind) {
    return SyncFixture.itemStore(kind, clock, closing);
  }

  private static void put(RecordStore store, long id, int n) {
    store.upsert("Item", List.of(Map.of("id", id, "n", n, "name", "i" + id)));
  }

  private static List<String> describe(List<ChangeItem> items) {
    return items.stream()
        .map(
            i ->
                switch (i) {
                  case ChangeItem.Upserted u -> u.key().get("id") + "=" + u.record().get("n");
                  case ChangeItem.Removed r -> r.key().get("id") + " removed";
                })
        .toList();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void pagesOfAWindowHoldEachRecordOnceAtItsLatestChangeAndRepeatIdentically(Kind kind) {
    RecordStore store = store(kind);
    DeltaFeed feed = DeltaFeed.of(store, List.of(SyncFixture.ITEM));
    put(store, 1, 1);
    long from = feed.head();
    put(store, 2, 1);
    put(store, 3, 1);
    put(store, 2, 2);
    store.delete("Item", Map.of("id", 3L));
    put(store, 4, 1);
    long to = feed.head();
    put(store, 5, 1); // after the window

    List<ChangeItem> all = new ArrayList<>();
    long after = from;
    int pages = 0;
    while (true) {
      ChangePage p = feed.page("Item", from, to, after, 2);
      all.addAll(p.items());
      pages++;
      after = p.lastSequence();
      if (p.last()) break;
    }

    assertThat(describe(all)).containsExactly("2=2", "3 removed", "4=1");
    assertThat(pages).isEqualTo(2);
    assertThat(describe(feed.page("Item", from, to, from, 10).items()))
        .containsExactly("2=2", "3 removed", "4=1");
    // 3 change rows: 2, 3, 2 again; record 3 is deleted by now, so it reads as removed.
    ChangePage capped = feed.capped("Item", from, 3);
    assertThat(describe(capped.items())).containsExactly("3 removed", "2=2");
    assertThat(capped.last()).isFalse();
    assertThat(describe(feed.capped("Item", capped.toSequence(), 100).items()))
        .containsExactly("3 removed", "4=1", "5=1");
    assertThatThrownBy(() -> feed.page("Nope", 0, 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entity 'Nope' is not known");
  }
}
