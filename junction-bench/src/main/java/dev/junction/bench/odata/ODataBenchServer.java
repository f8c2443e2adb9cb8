package dev.junction.bench.odata;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.config.JunctionConfig;
import dev.junction.config.SecretRef;
import dev.junction.config.ServerConfig;
import dev.junction.config.StoreConfig;
import dev.junction.server.JunctionServer;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Starts Junction for the OData benchmark: the default embedded H2 file store under {@code <dir>},
 * entity {@code Products} (10 fields) seeded with {@code <rows>} deterministic rows (the same rows
 * the script writes as CAP's CSV), the OData service at {@code /odata/} and the plain-JSON floor at
 * {@code /plain/}.
 *
 * <p>Usage: {@code ODataBenchServer <port> <dir> <rows> <apiKeyFile>}
 */
public final class ODataBenchServer {
  private ODataBenchServer() {}

  static EntityConfig products() {
    return EntityConfig.of(
            "Products",
            List.of("ID"),
            List.of(
                FieldConfig.of("ID", FieldType.INTEGER),
                new FieldConfig("name", FieldType.STRING, 100, 0, 0, false, false),
                new FieldConfig("category", FieldType.STRING, 20, 0, 0, false, false),
                new FieldConfig("price", FieldType.DECIMAL, 0, 10, 2, false, false),
                FieldConfig.of("stock", FieldType.INTEGER),
                FieldConfig.of("active", FieldType.BOOLEAN),
                FieldConfig.of("created", FieldType.DATE),
                FieldConfig.of("updated", FieldType.DATETIME),
                new FieldConfig("supplier", FieldType.STRING, 50, 0, 0, false, false),
                FieldConfig.of("rating", FieldType.INTEGER)))
        // For $orderby=price desc,ID&$top=1000: read in index order, stop after 1,000 rows (the
        // script gives CAP's SQLite table the same index).
        .withIndexes(List.of(List.of("price desc", "ID")));
  }

  /** Row {@code id} of the data set; the script's CSV for CAP holds the same values. */
  static Map<String, Object> row(int id) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("ID", id);
    r.put("name", "Product " + id);
    r.put("category", "C" + (id % 10));
    r.put("price", BigDecimal.valueOf((id * 7919L) % 100_000, 2));
    r.put("stock", (id * 31) % 1000);
    r.put("active", id % 3 != 0);
    r.put("created", LocalDate.of(2020, 1, 1).plusDays(id % 1500));
    r.put("updated", OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusMinutes(id));
    r.put("supplier", "Supplier " + (id % 250));
    r.put("rating", id % 5 + 1);
    return r;
  }

  private static void seed(RecordStore store, int rows) {
    if (store.count("Products", null) == rows) return;
    List<Map<String, Object>> batch = new ArrayList<>();
    for (int id = 1; id <= rows; id++) {
      batch.add(row(id));
      if (batch.size() == 5_000) {
        store.upsert("Products", batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) store.upsert("Products", batch);
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    int rows = Integer.parseInt(args[2]);
    Path keyFile = Path.of(args[3]).toAbsolutePath();
    Files.createDirectories(dir);
    JunctionConfig config =
        new JunctionConfig(
            StoreConfig.of("jdbc:h2:file:" + dir.resolve("junction").toAbsolutePath()),
            new ServerConfig(
                port,
                "127.0.0.1",
                List.of(
                    new ServerConfig.ApiKeyConfig(
                        "bench", new SecretRef("${file:" + keyFile + "}"), List.of()))),
            List.of(),
            List.of(products()),
            List.of());
    // Seed with a store of our own, closed before the server opens the same H2 file.
    try (RecordStore store = Store.open(config.store(), InstantSource.system())) {
      store.migrate(config.entities());
      seed(store, rows);
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.port", port);
    properties.put("server.address", "127.0.0.1");
    properties.put("logging.level.root", "WARN");
    new SpringApplicationBuilder(JunctionServer.class, PlainJsonFloor.class)
        .properties(properties)
        .initializers(
            ctx -> ctx.getBeanFactory().registerSingleton(JunctionServer.CONFIG_BEAN, config))
        .run();
    System.out.println("READY http://127.0.0.1:" + port + "/odata/Products");
  }
}
