package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link RecordStore#count} reuses a count only until the next committed change: every kind of
 * write, through this store or another store on the same database, makes the next count exact.
 */
class CountCacheIT {
  static final EntityConfig ITEM =
      EntityConfig.of(
          "Item",
          List.of("id"),
          List.of(
              FieldConfig.of("id", FieldType.INTEGER), FieldConfig.of("price", FieldType.DECIMAL)));
  static final EntityConfig OTHER =
      EntityConfig.of("Other", List.of("id"), List.of(FieldConfig.of("id", FieldType.INTEGER)));
  static final Expr EXPENSIVE =
      new Expr.Compare(Expr.CompareOp.GT, Expr.field("price"), Expr.literal(new BigDecimal("50")));

  private TestDatabase db;
  private final List<RecordStore> stores = new ArrayList<>();

  private RecordStore open() {
    RecordStore store = Store.builder(db.storeConfig()).open();
    store.migrate(List.of(ITEM, OTHER));
    stores.add(store);
    return store;
  }

  @AfterEach
  void close() {
    stores.forEach(RecordStore::close);
    if (db != null) db.close();
  }

  static Map<String, Object> item(int id, String price) {
    return Map.of("id", id, "price", new BigDecimal(price));
  }

  /** Inserts a row with plain SQL, bypassing the store and its change log. */
  private static void insertBehindTheStoresBack(RecordStore store, int id, String price)
      throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO \"e_item\" (\"id\", \"price\", \"_version\", \"_modified\")"
                    + " VALUES (?, ?, 1, CURRENT_TIMESTAMP)")) {
      insert.setInt(1, id);
      insert.setBigDecimal(2, new BigDecimal(price));
      insert.executeUpdate();
      c.commit();
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aCountIsReusedUntilAChangeCommitsAndEveryWriteMakesTheNextCountExact(Kind kind)
      throws SQLException {
    db = TestDatabases.create(kind);
    RecordStore store = open();
    store.upsert("Item", List.of(item(1, "10"), item(2, "60"), item(3, "70")));
    assertThat(store.count("Item", EXPENSIVE)).isEqualTo(2);
    assertThat(store.count("Item", null)).isEqualTo(3);

    // The count is reused: a row added without a logged change is not seen…
    insertBehindTheStoresBack(store, 4, "80");
    assertThat(store.count("Item", EXPENSIVE)).isEqualTo(2);
    // …until any change commits (here one of another entity), which makes every count exact.
    store.upsert("Other", List.of(Map.of("id", 1)));
    assertThat(store.count("Item", EXPENSIVE)).isEqualTo(3);
    assertThat(store.count("Item", null)).isEqualTo(4);

    // An insert, an update that moves a row out of the filter, a delete.
    store.upsert("Item", List.of(item(5, "90")));
    assertThat(store.count("Item", EXPENSIVE)).isEqualTo(4);
    store.upsert("Item", List.of(item(2, "5")));
    assertThat(store.count("Item", EXPENSIVE)).isEqualTo(3);
    assertThat(store.count("Item", null)).isEqualTo(5);
    assertThat(store.delete("Item", Map.of("id", 3))).isTrue();
    assertThat(store.count("Item", EXPENSIVE)).isEqualTo(2);
    assertThat(store.count("Item", null)).isEqualTo(4);

    // A transaction.
    store.transaction(
        tx -> {
          tx.upsert("Item", List.of(item(6, "99"), item(7, "98")));
          tx.delete("Item", Map.of("id", 1));
        });
    assertThat(store.count("Item", EXPENSIVE)).isEqualTo(4);
    assertThat(store.count("Item", null)).isEqualTo(5);

    // A write through another store on the same database (another Junction process).
    RecordStore other = open();
    other.upsert("Item", List.of(item(8, "100")));
    assertThat(store.count("Item", EXPENSIVE)).isEqualTo(5);
    other.delete("Item", Map.of("id", 8));
    assertThat(store.count("Item", EXPENSIVE)).isEqualTo(4);
    assertThat(store.count("Item", null)).isEqualTo(5);
  }
}
