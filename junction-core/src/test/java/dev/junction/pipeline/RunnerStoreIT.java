package dev.junction.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.erp.SampleErp;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Import into entities end to end: sample ERP orders → lines, mapped to SalesOrder and
 * SalesOrderLine, loaded through the store's batched upsert on H2 and PostgreSQL; bad rows are
 * rejected with their reason and the rest load; a second run finds everything unchanged.
 */
class RunnerStoreIT {
  private static final int ORDERS = 30;
  private static SampleErp erp;

  @BeforeAll
  static void startErp() {
    erp = SampleErp.builder().port(0).seed(5).customers(8).orders(ORDERS).start();
  }

  @AfterAll
  static void stopErp() {
    erp.close();
  }

  private static JunctionConfig config() {
    return ConfigLoader.parse(
        "t.yaml",
        """
        connections:
          - name: erp
            baseUrl: %s/api
        entities:
          - name: SalesOrder
            key: [number]
            fields:
              - { name: number, type: string, length: 20 }
              - { name: customerNumber, type: string, length: 20, required: true }
              - { name: orderDate, type: date }
              - { name: status, type: string, length: 10 }
              - { name: total, type: decimal, precision: 6, scale: 2 }
              - { name: source, type: string, length: 10 }
              - { name: lastModified, type: datetime }
          - name: SalesOrderLine
            key: [orderNumber, lineNo]
            fields:
              - { name: orderNumber, type: string, length: 20 }
              - { name: lineNo, type: integer }
              - { name: sku, type: string, length: 30 }
              - { name: quantity, type: decimal, precision: 18, scale: 3 }
              - { name: unitPrice, type: decimal, precision: 18, scale: 2 }
        integrations:
          - name: orders
            sortingOrder: 20
            connection: erp
            endpoint:
              path: orders
              dataPath: result.items
              pagination: { type: cursor, nextCursorPath: result.nextCursor, sizeParam: limit, pageSize: 8 }
            mappings:
              - entity: SalesOrder
                rows: parent
                fields:
                  - { field: number, source: id }
                  - { field: customerNumber, source: customerId }
                  - { field: orderDate, source: orderDate }
                  - { field: status, source: status }
                  - { field: total, source: total }
                  - { field: source, constant: erp }
                  - { field: lastModified, source: lastModified }
              - entity: SalesOrderLine
                rows: child 21
                fields:
                  - { field: orderNumber, source: parent.id }
                  - { field: lineNo, source: lineNo }
                  - { field: sku, source: sku }
                  - { field: quantity, source: quantity }
                  - { field: unitPrice, source: unitPrice }
          - name: order-lines
            sortingOrder: 21
            connection: erp
            endpoint: { pagination: { type: linkHeader } }
            chaining:
              parentEndpointSortOrder: 20
              parentKeyJsonPath: id
              childUrlTemplate: orders/{{parent.id}}/lines?limit=3
        """
            .formatted(erp.baseUrl()));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void importsOrdersWithLinesRejectsBadRowsAndFindsThemUnchangedNextTime(Kind kind) {
    JunctionConfig config = config();
    RowCollector rows = new RowCollector();
    try (TestDatabase db = TestDatabases.create(kind);
        RecordStore store = Store.builder(db.storeConfig()).open()) {
      store.migrate(config.entities());
      Run first;
      Run second;
      try (Runner runner =
          Runner.builder(config).loader(RecordLoader.of(store)).batchSize(16).build()) {
        first = runner.run("orders", "run-1", rows);
        second = runner.run("orders");
      }
      long orders = rows.rows.stream().filter(r -> r.depth() == 0).count();
      long lines = rows.rows.size() - orders;
      long tooBig =
          rows.rows.stream()
              .filter(r -> r.depth() == 0)
              .filter(
                  r ->
                      r.data().get("total").decimalValue().compareTo(new BigDecimal("9999.99")) > 0)
              .count();
      assertThat(orders).isEqualTo(ORDERS);
      assertThat(tooBig).isPositive().isLessThan(ORDERS);

      assertThat(first.status()).isEqualTo(RunStatus.PARTIAL);
      assertThat(first.counts("SalesOrder"))
          .isEqualTo(new EntityCounts(ORDERS, ORDERS - tooBig, 0, 0, tooBig));
      assertThat(first.counts("SalesOrderLine")).isEqualTo(new EntityCounts(lines, lines, 0, 0, 0));
      assertThat(first.rejected())
          .hasSize((int) tooBig)
          .allSatisfy(
              r -> {
                assertThat(r.entity()).isEqualTo("SalesOrder");
                assertThat(r.field()).isEqualTo("total");
                assertThat(r.reason()).contains("has more than 6 digits").contains("(from total)");
              });
      assertThat(first.calls()).isEqualTo(second.calls()).isGreaterThan(ORDERS);

      assertThat(second.counts("SalesOrder"))
          .isEqualTo(new EntityCounts(ORDERS, 0, 0, ORDERS - tooBig, tooBig));
      assertThat(second.counts("SalesOrderLine"))
          .isEqualTo(new EntityCounts(lines, 0, 0, lines, 0));

      Row firstOrder = rows.rows.getFirst();
      var stored =
          store.get("SalesOrder", Map.of("number", firstOrder.data().get("id").asString()));
      if (firstOrder.data().get("total").decimalValue().compareTo(new BigDecimal("9999.99")) <= 0) {
        assertThat(stored).isPresent();
        assertThat(stored.get().get("source")).isEqualTo("erp");
        assertThat(stored.get().get("customerNumber"))
            .isEqualTo(firstOrder.data().get("customerId").asString());
      }
      assertThat(store.count("SalesOrderLine", null)).isEqualTo(lines);
    }
  }
}
