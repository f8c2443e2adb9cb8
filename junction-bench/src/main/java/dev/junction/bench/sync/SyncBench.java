package dev.junction.bench.sync;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldMapping;
import dev.junction.config.FieldType;
import dev.junction.config.IntegrationConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.MappingConfig;
import dev.junction.config.SecretRef;
import dev.junction.config.ServerConfig;
import dev.junction.config.StoreConfig;
import dev.junction.config.SyncApiConfig;
import dev.junction.config.SyncApiConfig.ResponseMode;
import dev.junction.config.SyncApiConfig.StagingMode;
import dev.junction.server.JunctionServer;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 6's goal, end to end over loopback HTTP against the real server: one consumer drains a
 * change log of N changes (default 1,000,000: 90 % inserts of new records, 5 % updates and 5 %
 * deletes of some of them) through the Sync API ({@code POST /api/sync/orders/changes}, Database
 * staging, pages of 10,000 by {@code nextPageToken}), and the same entity's rows are read through
 * OData server-driven paging ({@code GET /odata/BenchOrder}, {@code Prefer:
 * odata.maxpagesize=10000}, following {@code @odata.nextLink}). Both clients parse every response
 * with Jackson. Prints records/s of both side by side with the goal: Sync ≥ 200,000 records/s and
 * within 1.5× of OData. Three warm-up rounds of both (printed, not judged) come first: server,
 * client and loader share one JVM, so the JIT compiles and recompiles the code they share (H2's
 * reads, Tomcat, Jackson) for several rounds (thousands of methods made not entrant and compiled
 * again), and both drains still got faster from one round to the next until the third or fourth.
 * Each line also splits the client's time into waiting (request sent to whole body received: server
 * and transfer) and parsing. The goal is judged on the median round of each of the five measured
 * rounds: a single drain of one to three seconds swings by a fifth from one round to the next with
 * garbage collection. {@code -Dbench.warmups=N -Dbench.rounds=M} change the counts.
 *
 * <p>Run: {@code junction-bench/bench.sh sync [h2|postgres] [changes]}. H2 is an embedded file
 * store in a temporary directory; PostgreSQL is the server at 127.0.0.1:5432 (user postgres), in a
 * fresh schema that is dropped afterwards.
 */
public final class SyncBench {
  static final int PAGE = 10_000;
  static final int WARM_UPS = Integer.getInteger("bench.warmups", 3);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
  static final double GOAL_RECORDS_PER_SECOND = 200_000;
  static final double GOAL_RATIO = 1.5;
  static final String PG = "jdbc:postgresql://127.0.0.1:5432/postgres";
  static final JsonMapper JSON = JsonMapper.builder().build();

  static final EntityConfig ORDER =
      EntityConfig.of(
          "BenchOrder",
          List.of("id"),
          List.of(
              FieldConfig.of("id", FieldType.LONG),
              FieldConfig.of("customer", FieldType.STRING),
              FieldConfig.of("amount", FieldType.DECIMAL),
              FieldConfig.of("lines", FieldType.INTEGER)));

  private SyncBench() {}

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ROOT"))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    String db = args.length > 0 ? args[0] : "h2";
    int changes = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    if (!db.equals("h2") && !db.equals("postgres")) {
      throw new IllegalArgumentException("database must be h2 or postgres, was " + db);
    }
    int inserts = changes / 10 * 9;
    int updates = (changes - inserts) / 2;
    int deletes = changes - inserts - updates;
    Path dir = Files.createTempDirectory("junction-sync-bench");
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    StoreConfig storeConfig;
    if (db.equals("postgres")) {
      execute("CREATE SCHEMA " + schema);
      storeConfig = new StoreConfig(PG + "?currentSchema=" + schema, "postgres", null, 8, false);
    } else {
      // -Dbench.h2.settings=";CACHE_SIZE=524288" tries H2 settings other than Junction's defaults
      storeConfig =
          StoreConfig.of(
              "jdbc:h2:file:"
                  + dir.resolve("bench").toAbsolutePath()
                  + System.getProperty("bench.h2.settings", ""));
    }
    String key = "bench-" + UUID.randomUUID();
    Path keyFile = dir.resolve("api-key");
    Files.writeString(keyFile, key);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    JunctionConfig config =
        new JunctionConfig(
            storeConfig,
            new ServerConfig(
                port,
                "127.0.0.1",
                List.of(
                    new ServerConfig.ApiKeyConfig(
                        "bench", new SecretRef("${file:" + keyFile + "}"), List.of()))),
            List.of(),
            List.of(ORDER),
            List.of(integration()));
    ConfigurableApplicationContext server = null;
    try {
      // Load with a store of our own, closed before the server opens the same database.
      long t0 = System.nanoTime();
      long head;
      long cache;
      try (RecordStore store = Store.open(storeConfig, InstantSource.system())) {
        store.migrate(List.of(ORDER));
        load(store, inserts, updates, deletes);
        head = store.changes().head();
        cache = db.equals("h2") ? h2CacheMegabytes(store) : -1;
      }
      System.out.printf(
          "%s: %,d changes (%,d inserts, %,d updates, %,d deletes) written in %.1f s; JVM max heap"
              + " %,d MB%s%n",
          db,
          head,
          inserts,
          updates,
          deletes,
          seconds(t0),
          Runtime.getRuntime().maxMemory() >> 20,
          cache < 0 ? "" : ", H2 page cache " + cache + " MB");
      server = start(config, port);
      String base = "http://127.0.0.1:" + port;
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      Client client = new Client(http, base, key);
      long expectedItems = inserts; // every record once: live ones and deletion markers
      long expectedRows = inserts - deletes;
      List<Double> syncRates = new ArrayList<>();
      List<Double> odataRates = new ArrayList<>();
      for (int round = 1 - WARM_UPS; round <= ROUNDS; round++) {
        Result sync = measure(client, () -> client.drainSync());
        Result odata = measure(client, () -> client.pageOData());
        System.out.printf(
            "%s %s: Sync API getChanges %,9d records in %5.2f s = %,9.0f records/s"
                + " (CPU %.1f µs/record; waiting %.2f s, parsing %.2f s)"
                + " | OData paging %,9d rows in %5.2f s = %,9.0f rows/s"
                + " (CPU %.1f µs/row; waiting %.2f s, parsing %.2f s) | ratio %.2f%s%n",
            db,
            round <= 0 ? "warm-up " + (round + WARM_UPS) : "round " + round,
            sync.n,
            sync.seconds,
            sync.rate(),
            sync.cpuMicrosPerItem(),
            sync.waitSeconds,
            sync.parseSeconds,
            odata.n,
            odata.seconds,
            odata.rate(),
            odata.cpuMicrosPerItem(),
            odata.waitSeconds,
            odata.parseSeconds,
            odata.rate() / sync.rate(),
            sync.n == expectedItems && odata.n == expectedRows
                ? ""
                : "  (expected " + expectedItems + " / " + expectedRows + ")");
        if (round <= 0) continue;
        syncRates.add(sync.rate());
        odataRates.add(odata.rate());
      }
      double syncRate = median(syncRates);
      double odataRate = median(odataRates);
      System.out.printf(
          "%s median of %d rounds: Sync API %,.0f records/s | OData paging %,.0f rows/s | ratio"
              + " %.2f%n",
          db, ROUNDS, syncRate, odataRate, odataRate / syncRate);
      System.out.printf(
          "goal: Sync >= %,.0f records/s: %s (%,.0f); within %.1fx of OData paging: %s (%.2fx)%n",
          GOAL_RECORDS_PER_SECOND,
          syncRate >= GOAL_RECORDS_PER_SECOND ? "met" : "NOT met",
          syncRate,
          GOAL_RATIO,
          odataRate / syncRate <= GOAL_RATIO ? "met" : "NOT met",
          odataRate / syncRate);
    } finally {
      if (server != null) server.close();
      if (db.equals("postgres")) execute("DROP SCHEMA " + schema + " CASCADE");
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // temporary files only
      }
    }
  }

  /** The page cache (MB) of the H2 database {@code store} runs on, as the store set it up. */
  private static long h2CacheMegabytes(RecordStore store) throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        Statement s = c.createStatement();
        java.sql.ResultSet rs =
            s.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'")) {
      return rs.next() ? Long.parseLong(rs.getString(1)) : -1;
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static ConfigurableApplicationContext start(JunctionConfig config, int port) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("server.port", port);
    properties.put("server.address", "127.0.0.1");
    properties.put("logging.level.root", "WARN");
    return new SpringApplicationBuilder(JunctionServer.class)
        .properties(properties)
        .initializers(
            ctx -> ctx.getBeanFactory().registerSingleton(JunctionServer.CONFIG_BEAN, config))
        .run();
  }

  /**
   * {@code n} items in {@code seconds}, using {@code cpuNanos} of this process's CPU (server and
   * client together; load-independent, unlike the rate).
   */
  record Result(long n, double seconds, long cpuNanos, double waitSeconds, double parseSeconds) {
    double rate() {
      return n / seconds;
    }

    double cpuMicrosPerItem() {
      return cpuNanos / 1e3 / n;
    }
  }

  interface Drain {
    long run() throws Exception;
  }

  private static Result measure(Client client, Drain drain) throws Exception {
    client.waitNanos[0] = 0;
    client.parseNanos[0] = 0;
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    long n = drain.run();
    return new Result(
        n,
        seconds(t0),
        processCpuNanos() - cpu0,
        client.waitNanos[0] / 1e9,
        client.parseNanos[0] / 1e9);
  }

  /**
   * The two HTTP readers; each parses every response body into a Jackson tree. {@code waitNanos}:
   * time from sending a request to holding its whole body (server and transfer); {@code
   * parseNanos}: time spent parsing bodies.
   */
  record Client(HttpClient http, String base, String key, long[] waitNanos, long[] parseNanos) {
    Client(HttpClient http, String base, String key) {
      this(http, base, key, new long[1], new long[1]);
    }

    /** A fresh consumer drains the whole feed from the start, 10,000 per page. */
    long drainSync() throws Exception {
      String consumerReset = base + "/api/sync/admin/consumers/bench/integrations/orders";
      send(HttpRequest.newBuilder(URI.create(consumerReset)).DELETE()); // start a fresh baseline
      long n = 0;
      String pageToken = null;
      while (true) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("top", PAGE);
        if (pageToken != null) body.put("pageToken", pageToken);
        JsonNode page =
            json(
                send(
                    HttpRequest.newBuilder(URI.create(base + "/api/sync/orders/changes"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))));
        n += page.get("value").size();
        JsonNode next = page.get("nextPageToken");
        if (next == null || next.isNull()) return n;
        pageToken = next.asString();
      }
    }

    /** Every row of the entity by OData server-driven paging, 10,000 per page. */
    long pageOData() throws Exception {
      long n = 0;
      String url = base + "/odata/BenchOrder";
      while (url != null) {
        JsonNode page =
            json(
                send(
                    HttpRequest.newBuilder(URI.create(url))
                        .header("Prefer", "odata.maxpagesize=" + PAGE)
                        .GET()));
        n += page.get("value").size();
        JsonNode next = page.get("@odata.nextLink");
        url = next == null ? null : next.asString();
      }
      return n;
    }

    private byte[] send(HttpRequest.Builder request) throws Exception {
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r =
          http.send(
              request.header("X-Api-Key", key).timeout(Duration.ofMinutes(2)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      waitNanos[0] += System.nanoTime() - t0;
      if (r.statusCode() >= 300 && r.statusCode() != 404) {
        throw new IllegalStateException(
            r.request().method()
                + " "
                + r.uri()
                + " answered "
                + r.statusCode()
                + ": "
                + new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
      }
      return r.body();
    }

    private JsonNode json(byte[] body) {
      long t0 = System.nanoTime();
      JsonNode tree = JSON.readTree(body);
      parseNanos[0] += System.nanoTime() - t0;
      return tree;
    }
  }

  /** Inserts, then updates and deletes some of the inserted records (spread over the table). */
  static void load(RecordStore store, int inserts, int updates, int deletes) {
    List<Map<String, Object>> batch = new ArrayList<>(PAGE);
    for (long id = 1; id <= inserts; id++) {
      batch.add(row(id, "C" + (id % 5_000)));
      if (batch.size() == PAGE) {
        store.upsert(ORDER.name(), batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) store.upsert(ORDER.name(), batch);
    batch.clear();
    long stride = Math.max(1, inserts / Math.max(1, updates + deletes));
    for (long i = 0; i < updates; i++) {
      batch.add(row(1 + (i * stride) % inserts, "U" + i));
      if (batch.size() == PAGE) {
        store.upsert(ORDER.name(), batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) store.upsert(ORDER.name(), batch);
    for (long first = 0; first < deletes; first += 1_000) {
      long from = first;
      store.transaction(
          tx -> {
            for (long i = from; i < Math.min(deletes, from + 1_000); i++) {
              tx.delete(ORDER.name(), Map.of("id", 1 + ((updates + i) * stride) % inserts));
            }
          });
    }
  }

  private static Map<String, Object> row(long id, String customer) {
    return Map.of(
        "id",
        id,
        "customer",
        customer,
        "amount",
        BigDecimal.valueOf(id % 100_000, 2),
        "lines",
        (int) (id % 17));
  }

  static IntegrationConfig integration() {
    return new IntegrationConfig(
        "orders",
        1,
        "erp",
        null,
        null,
        null,
        null,
        List.of(
            new MappingConfig(
                ORDER.name(),
                MappingConfig.Rows.PARENT,
                ORDER.fields().stream().map(f -> FieldMapping.from(f.name(), f.name())).toList())),
        null,
        null,
        new SyncApiConfig(true, ResponseMode.CHANGES_ONLY, StagingMode.DATABASE, null, List.of()));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(PG, "postgres", null);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
