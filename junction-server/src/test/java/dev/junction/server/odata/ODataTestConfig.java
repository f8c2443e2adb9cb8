package dev.junction.server.odata;

import dev.junction.actions.ActionRegistry;
import dev.junction.config.ActionConfig;
import dev.junction.config.CachePolicy;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.config.JunctionConfig;
import dev.junction.config.RelationConfig;
import dev.junction.config.ServerConfig;
import dev.junction.config.ServerConfig.ApiKeyConfig;
import dev.junction.config.StoreConfig;
import dev.junction.server.TestSecrets;
import dev.junction.store.RecordStore;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.math.BigDecimal;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The hub the OData tests run against: a fresh PostgreSQL schema (dropped afterwards), six entities
 * (composite keys, a relation, an If-Match-only entity), the {@code approve} action and one API
 * key.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ODataTestConfig {
  static final String KEY = "odata-it-" + UUID.randomUUID();
  static final int CUSTOMERS = 100;
  static final int ORDERS = 20;

  static List<EntityConfig> entities() {
    return List.of(
        EntityConfig.of(
            "Customer",
            List.of("id"),
            List.of(
                FieldConfig.of("id", FieldType.LONG),
                new FieldConfig("name", FieldType.STRING, 40, 0, 0, true, false),
                FieldConfig.of("city", FieldType.STRING),
                new FieldConfig("balance", FieldType.DECIMAL, 0, 12, 2, false, false),
                FieldConfig.of("active", FieldType.BOOLEAN),
                FieldConfig.of("since", FieldType.DATE),
                FieldConfig.of("updated", FieldType.DATETIME),
                FieldConfig.of("visits", FieldType.INTEGER))),
        new EntityConfig(
            "SalesOrder",
            List.of("id"),
            List.of(
                FieldConfig.of("id", FieldType.LONG),
                FieldConfig.of("customerId", FieldType.LONG),
                FieldConfig.of("status", FieldType.STRING),
                new FieldConfig("total", FieldType.DECIMAL, 0, 12, 2, false, false)),
            List.of(new RelationConfig("lines", "SalesOrderLine", List.of("orderId"))),
            CachePolicy.REPLICA,
            false),
        EntityConfig.of(
            "SalesOrderLine",
            List.of("orderId", "lineNo"),
            List.of(
                FieldConfig.of("orderId", FieldType.LONG),
                FieldConfig.of("lineNo", FieldType.INTEGER),
                FieldConfig.of("sku", FieldType.STRING),
                FieldConfig.of("qty", FieldType.INTEGER))),
        EntityConfig.of(
            "BillOfMaterials",
            List.of("id"),
            List.of(
                FieldConfig.of("id", FieldType.STRING),
                FieldConfig.of("product", FieldType.STRING),
                FieldConfig.of("status", FieldType.STRING),
                FieldConfig.of("approvedBy", FieldType.STRING),
                FieldConfig.of("approvedAt", FieldType.DATETIME))),
        new EntityConfig(
            "Contract",
            List.of("id"),
            List.of(
                FieldConfig.of("id", FieldType.LONG), FieldConfig.of("title", FieldType.STRING)),
            List.of(),
            CachePolicy.REPLICA,
            true),
        EntityConfig.of(
            "Reading",
            List.of("id"),
            List.of(
                FieldConfig.of("id", FieldType.LONG), FieldConfig.of("value", FieldType.INTEGER))));
  }

  @Bean(destroyMethod = "close")
  TestDatabase odataDatabase() {
    return TestDatabases.postgres();
  }

  @Bean
  JunctionConfig junctionConfig(TestDatabase odataDatabase) {
    return new JunctionConfig(
        new StoreConfig(odataDatabase.url(), odataDatabase.username(), null, 10, false),
        new ServerConfig(
            0,
            "127.0.0.1",
            List.of(new ApiKeyConfig("it-user", TestSecrets.inFile(KEY), List.of()))),
        List.of(),
        entities(),
        List.of(),
        List.of(ActionConfig.bound("approve", "BillOfMaterials")));
  }

  /**
   * The same service at {@code /odata-olingo/*} with every request going through Olingo: the
   * reference KeyReadsIT compares the lean key reads at {@code /odata/*} with.
   */
  @Bean
  ServletRegistrationBean<ODataServlet> olingoOnlyServlet(
      JunctionConfig config, ObjectProvider<RecordStore> store) {
    Supplier<Backend> backend =
        () ->
            new Backend(
                config.entities(),
                config.actions(),
                store.getObject(),
                ActionRegistry.standard(),
                ODataLimits.defaults(),
                InstantSource.system());
    ServletRegistrationBean<ODataServlet> registration =
        new ServletRegistrationBean<>(
            new ODataServlet(backend, ODataLimits.defaults(), false), "/odata-olingo/*");
    registration.setName("odataOlingoOnly");
    return registration;
  }

  /**
   * Seeds the server's own store once it is built and wraps it so tests can count the statements
   * the OData layer runs.
   */
  @Bean
  static BeanPostProcessor countingStore() {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof RecordStore store && !(bean instanceof CountingRecordStore)) {
          seed(store);
          return new CountingRecordStore(store);
        }
        return bean;
      }
    };
  }

  static void seed(RecordStore store) {
    List<Map<String, Object>> customers = new ArrayList<>();
    String[] cities = {"Berlin", "Paris", "Rome", "Oslo", null};
    for (long i = 1; i <= CUSTOMERS; i++) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("id", i);
      c.put("name", "Customer " + i);
      c.put("city", cities[(int) (i % cities.length)]);
      c.put("balance", BigDecimal.valueOf(i * 10, 0).setScale(2));
      c.put("active", i % 2 == 0);
      c.put("since", LocalDate.of(2000 + (int) (i % 20), 1 + (int) (i % 12), 1 + (int) (i % 28)));
      c.put("updated", OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusHours(i));
      c.put("visits", (int) (i % 7));
      customers.add(c);
    }
    store.upsert("Customer", customers);
    List<Map<String, Object>> orders = new ArrayList<>();
    List<Map<String, Object>> lines = new ArrayList<>();
    for (long o = 1; o <= ORDERS; o++) {
      orders.add(
          Map.of(
              "id",
              o,
              "customerId",
              1 + o % 5,
              "status",
              o % 3 == 0 ? "closed" : "open",
              "total",
              BigDecimal.valueOf(o * 100, 0).setScale(2)));
      for (int l = 1; l <= 3; l++) {
        lines.add(Map.of("orderId", o, "lineNo", l, "sku", "SKU-" + (o * 10 + l), "qty", l));
      }
    }
    store.upsert("SalesOrder", orders);
    store.upsert("SalesOrderLine", lines);
    store.upsert(
        "BillOfMaterials",
        List.of(
            Map.of("id", "BOM-1", "product", "Bike", "status", "submitted"),
            Map.of("id", "BOM-2", "product", "Car", "status", "approved", "approvedBy", "someone"),
            Map.of("id", "BOM-3", "product", "Boat", "status", "draft")));
  }
}
