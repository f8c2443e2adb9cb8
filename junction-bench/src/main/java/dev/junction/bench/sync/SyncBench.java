package dev.junction.bench.sync;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldMapping;
import dev.junction.config.FieldType;
import dev.junction.config.IntegrationConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.MappingConfig;
import dev.junction.config.StoreConfig;
import dev.junction.config.SyncApiConfig;
import dev.junction.config.SyncApiConfig.ResponseMode;
import dev.junction.config.SyncApiConfig.StagingMode;
import dev.junction.store.Query;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import dev.junction.store.StoredRecord;
import dev.junction.sync.SyncApi;
import dev.junction.sync.SyncRequest;
import dev.junction.sync.SyncResponse;
import dev.junction.sync.SyncSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One consumer drains N changes (default 1,000,000) through the Sync API in pages of 10,000 —
 * Database staging (the window staged by SQL, then paged), InMemory staging (windows capped at
 * 10,000 changes) — and, for comparison, the same rows read by plain keyset paging of the store.
 * Prints records/s of each.
 *
 * <p>Run: {@code java -jar junction-bench/target/junction-bench.jar sync [h2|postgres] [records]}.
 * PostgreSQL is the server at 127.0.0.1:5432 (user postgres); a fresh schema is created and
 * dropped.
 */
public final class SyncBench {
  static final int PAGE = 10_000;
  static final String PG = "jdbc:postgresql://127.0.0.1:5432/postgres";

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
    int records = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Path dir = Files.createTempDirectory("junction-sync-bench");
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String url;
    String user = null;
    if (db.equals("postgres")) {
      execute("CREATE SCHEMA " + schema);
      url = PG + "?currentSchema=" + schema;
      user = "postgres";
    } else {
      url = "jdbc:h2:file:" + dir.resolve("bench").toAbsolutePath();
    }
    try (RecordStore store =
        Store.builder(new StoreConfig(url, user, null, 4, false))
            .clock(InstantSource.system())
            .batchSize(5_000)
            .fetchSize(PAGE)
            .open()) {
      store.migrate(List.of(ORDER));
      long t0 = System.nanoTime();
      load(store, records);
      // Half of the records changed again, so windows have something to deduplicate.
      update(store, records / 2);
      System.out.printf(
          "%s: loaded %,d records (%,d changes) in %.1f s%n",
          db, records, store.changes().head(), seconds(t0));

      SyncApi sync = SyncApi.create(store, config(), InstantSource.system(), SyncSettings.DEFAULTS);
      for (int round = 1; round <= 2; round++) {
        report(
            db, "sync getChanges, Database staging", round, records, () -> drain(sync, "staged"));
        report(
            db, "sync getChanges, InMemory staging", round, records, () -> drain(sync, "memory"));
        report(db, "store keyset paging (baseline)", round, records, () -> keyset(store));
      }
    } finally {
      if (db.equals("postgres")) execute("DROP SCHEMA " + schema + " CASCADE");
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // temporary files only
      }
    }
  }

  interface Drain {
    long run();
  }

  private static void report(String db, String what, int round, int expected, Drain drain) {
    long t0 = System.nanoTime();
    long n = drain.run();
    double s = seconds(t0);
    System.out.printf(
        "%s round %d: %-36s %,10d records in %6.2f s = %,10.0f records/s%s%n",
        db, round, what, n, s, n / s, n == expected ? "" : "  (expected " + expected + ")");
  }

  /** A fresh consumer drains the whole feed from the start, 10,000 per page. */
  private static long drain(SyncApi sync, String integration) {
    String consumer = "bench-" + UUID.randomUUID();
    long n = 0;
    String syncToken = null;
    String pageToken = null;
    while (true) {
      SyncResponse r =
          sync.getChanges(consumer, integration, new SyncRequest(PAGE, 0, syncToken, pageToken));
      n += r.value().size();
      if (r.nextPageToken() != null) {
        pageToken = r.nextPageToken();
      } else if (r.moreChanges()) {
        pageToken = null;
        syncToken = r.syncToken();
      } else {
        return n;
      }
    }
  }

  private static long keyset(RecordStore store) {
    long n = 0;
    Query q = Query.all(ORDER.name()).withLimit(PAGE);
    List<Object> after = null;
    while (true) {
      List<StoredRecord> page = new ArrayList<>(PAGE);
      try (Stream<StoredRecord> s = store.query(after == null ? q : q.after(after))) {
        s.forEach(page::add);
      }
      n += page.size();
      if (page.size() < PAGE) return n;
      after = store.continuation(q, page.getLast());
    }
  }

  private static void update(RecordStore store, int records) {
    List<Map<String, Object>> batch = new ArrayList<>(PAGE);
    for (long id = 1; id <= records; id++) {
      batch.add(Map.of("id", id * 2, "customer", "U" + id, "amount", BigDecimal.ONE, "lines", 1));
      if (batch.size() == PAGE) {
        store.upsert(ORDER.name(), batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) store.upsert(ORDER.name(), batch);
  }

  private static void load(RecordStore store, int records) {
    List<Map<String, Object>> batch = new ArrayList<>(PAGE);
    for (long id = 1; id <= records; id++) {
      batch.add(
          Map.of(
              "id",
              id,
              "customer",
              "C" + (id % 5_000),
              "amount",
              BigDecimal.valueOf(id % 100_000, 2),
              "lines",
              (int) (id % 17)));
      if (batch.size() == PAGE) {
        store.upsert(ORDER.name(), batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) store.upsert(ORDER.name(), batch);
  }

  private static JunctionConfig config() {
    return new JunctionConfig(
        null,
        null,
        List.of(),
        List.of(ORDER),
        List.of(
            integration("staged", 1, StagingMode.DATABASE),
            integration("memory", 2, StagingMode.IN_MEMORY)));
  }

  private static IntegrationConfig integration(String name, int order, StagingMode staging) {
    return new IntegrationConfig(
        name,
        order,
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
        new SyncApiConfig(true, ResponseMode.CHANGES_ONLY, staging, null, List.of()));
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
