package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ordered pages on PostgreSQL read an index instead of sorting the table: by key (the primary key)
 * and by a declared index. A query that asked for another null ordering than the index's would scan
 * and sort the whole table for every page; PostgreSQL's own statistics show which happened.
 */
class PostgresIndexUseIT {
  private static final String TABLE = EntityTable.tableName(IndexOrderTest.PRODUCTS.name());
  private TestDatabase db;
  private RecordStore store;

  @AfterEach
  void close() {
    if (store != null) store.close();
    if (db != null) db.close();
  }

  /** PostgreSQL's plan for the SQL the store runs for {@code query}. */
  private String plan(Query query) throws Exception {
    JdbcRecordStore.Rendered sql = ((JdbcRecordStore) store).sqlOf(query);
    StringBuilder plan = new StringBuilder();
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement explain = c.prepareStatement("EXPLAIN " + sql.sql())) {
      for (int i = 0; i < sql.binds().size(); i++) explain.setObject(i + 1, sql.binds().get(i));
      try (ResultSet rs = explain.executeQuery()) {
        while (rs.next()) plan.append(rs.getString(1)).append('\n');
      }
      c.rollback();
    }
    return plan.toString();
  }

  private int read(Query query) {
    try (Stream<StoredRecord> records = store.query(query)) {
      return (int) records.count();
    }
  }

  @Test
  void keysetPagesByKeyAndByADeclaredIndexReadTheIndex() throws Exception {
    db = TestDatabases.postgres();
    store = Store.builder(db.storeConfig()).open();
    store.migrate(List.of(IndexOrderTest.PRODUCTS));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int id = 1; id <= 20_000; id++) {
      rows.add(
          Map.of(
              "ID",
              id,
              "category",
              "C" + id % 3,
              "price",
              BigDecimal.valueOf((id * 37L) % 10_007, 2),
              "supplier",
              "S" + id % 7));
    }
    store.upsert("Products", rows);
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("ANALYZE " + TABLE);
      c.commit();
    }
    // A page after key 15,000 by key, and a page by the declared index (price desc, ID).
    Query byKey = Query.all("Products").withLimit(100).after(List.of(15_000));
    Query byIndex =
        Query.all("Products")
            .withOrder(IndexOrderTest.BY_PRICE)
            .withLimit(100)
            .after(List.of(new BigDecimal("50.00"), 1));
    assertThat(read(byKey)).isEqualTo(100);
    assertThat(read(byIndex)).isEqualTo(100);
    assertThat(plan(byKey)).contains("Index Scan using " + TABLE + "_pk").doesNotContain("Sort");
    assertThat(plan(byIndex))
        .contains("Index Scan using " + TABLE + "_ix_price_desc_id")
        .doesNotContain("Sort");
  }
}
