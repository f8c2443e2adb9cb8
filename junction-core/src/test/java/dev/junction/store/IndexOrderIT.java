package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pages read in an index's order (on H2 with {@code USE INDEX ()}, see {@link
 * EntityTable#readInIndexOrder}) hold the same rows as the order and filter say, on both databases.
 */
class IndexOrderIT {
  private TestDatabase db;
  private RecordStore store;

  @AfterEach
  void close() {
    if (store != null) store.close();
    if (db != null) db.close();
  }

  record Row(int id, String category, BigDecimal price) {}

  private static List<Row> rows() {
    List<Row> rows = new ArrayList<>();
    for (int id = 1; id <= 60; id++) {
      rows.add(new Row(id, "C" + id % 3, BigDecimal.valueOf((id * 37L) % 101, 2)));
    }
    return rows;
  }

  private List<Integer> ids(Query query) {
    try (Stream<StoredRecord> records = store.query(query)) {
      return records.map(r -> (Integer) r.get("ID")).toList();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void pagesReadInIndexOrderHoldTheRowsTheirFilterAndOrderSelect(Kind kind) {
    db = TestDatabases.create(kind);
    store = Store.builder(db.storeConfig()).open();
    store.migrate(List.of(IndexOrderTest.PRODUCTS));
    List<Map<String, Object>> upserts = new ArrayList<>();
    for (Row r : rows()) {
      upserts.add(
          Map.of("ID", r.id(), "category", r.category(), "price", r.price(), "supplier", "S"));
    }
    store.upsert("Products", upserts);
    Expr filter =
        new Expr.And(List.of(Expr.eq("category", "C1"), IndexOrderTest.priceAbove("0.30")));
    List<Query.Order> byPrice = IndexOrderTest.BY_PRICE;

    // By key, a range on the indexed price: read in key order.
    assertThat(ids(new Query("Products", filter, List.of(), 5, 0, null)))
        .isEqualTo(
            rows().stream()
                .filter(
                    r ->
                        r.category().equals("C1")
                            && r.price().compareTo(new BigDecimal("0.30")) > 0)
                .map(Row::id)
                .limit(5)
                .toList());
    // By the index's order, filtered on another field: read in index order.
    assertThat(ids(new Query("Products", Expr.eq("category", "C2"), byPrice, 4, 0, null)))
        .isEqualTo(
            rows().stream()
                .filter(r -> r.category().equals("C2"))
                .sorted(Comparator.comparing(Row::price).reversed().thenComparing(Row::id))
                .map(Row::id)
                .limit(4)
                .toList());
  }
}
