package dev.junction.bench.store;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.config.StoreConfig;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import dev.junction.store.UpsertResult;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.postgresql.PGConnection;

/**
 * Batched upsert throughput of the entity store with the change log on, into embedded H2 and into
 * PostgreSQL, next to PostgreSQL's own {@code COPY} of the same rows into a plain table (the
 * physical reference), all in one run. Prints a table.
 *
 * <p>Run: {@code junction-bench/store-bench.sh [--records N] [--batch N] [--targets h2,postgres]
 * [--pg-url URL] [--pg-user USER]}.
 *
 * <p>Scenarios per store, on a fresh database: <b>all new</b> (N new records), <b>50 % updates</b>
 * (N rows: half change existing records, half are new), <b>100 % unchanged</b> (the same N rows
 * again). Row generation is inside the timed loops of every scenario, COPY included.
 */
public final class StoreBench {
  static final EntityConfig ITEM =
      EntityConfig.of(
          "BenchItem",
          List.of("id"),
          List.of(
              new FieldConfig("id", FieldType.LONG, 0, 0, 0, true, false),
              new FieldConfig("code", FieldType.STRING, 20, 0, 0, true, false),
              new FieldConfig("name", FieldType.STRING, 100, 0, 0, false, false),
              FieldConfig.of("qty", FieldType.INTEGER),
              new FieldConfig("price", FieldType.DECIMAL, 0, 12, 2, false, false),
              FieldConfig.of("active", FieldType.BOOLEAN),
              FieldConfig.of("day", FieldType.DATE),
              FieldConfig.of("changedAt", FieldType.DATETIME),
              FieldConfig.of("weight", FieldType.LONG),
              new FieldConfig("note", FieldType.STRING, 200, 0, 0, false, false)));

  private static final LocalDate DAY0 = LocalDate.of(2024, 1, 1);
  private static final OffsetDateTime TIME0 =
      OffsetDateTime.of(2025, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  /** PostgreSQL application name of the bench's connections, to find their server processes. */
  static final String APPLICATION = "junction-store-bench";

  private StoreBench() {}

  record Result(String store, String scenario, long records, double seconds, UpsertResult counts) {
    double rate() {
      return records / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2)
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    int records = Integer.parseInt(options.getOrDefault("records", "1000000"));
    int batch = Integer.parseInt(options.getOrDefault("batch", "5000"));
    List<String> targets = List.of(options.getOrDefault("targets", "h2,postgres").split(","));
    String pgUrl = options.getOrDefault("pg-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    String pgUser = options.getOrDefault("pg-user", "postgres");

    System.out.printf(
        Locale.ROOT,
        "Store upsert benchmark: %,d records of a 10-field entity, batches of %,d, change log on%n",
        records,
        batch);
    List<Result> results = new ArrayList<>();
    if (targets.contains("h2")) {
      Path dir = Files.createTempDirectory("junction-bench-h2-");
      try {
        // -Dbench.h2.settings=";CACHE_SIZE=65536" tries H2 settings other than Junction's defaults
        String url =
            "jdbc:h2:file:"
                + dir.resolve("junction").toAbsolutePath()
                + System.getProperty("bench.h2.settings", "");
        results.addAll(
            runStore("H2 (file)", new StoreConfig(url, null, null, 4, false), records, batch));
      } finally {
        deleteTree(dir);
      }
    }
    if (targets.contains("postgres")) {
      String schema = "junction_bench_" + System.currentTimeMillis();
      execute(pgUrl, pgUser, "CREATE SCHEMA " + schema);
      execute(pgUrl, pgUser, "CREATE SCHEMA " + schema + "_copy");
      try {
        String separator = pgUrl.contains("?") ? "&" : "?";
        results.add(
            copy(
                pgUrl
                    + separator
                    + "currentSchema="
                    + schema
                    + "_copy&ApplicationName="
                    + APPLICATION,
                pgUser,
                records));
        String url =
            pgUrl + separator + "currentSchema=" + schema + "&ApplicationName=" + APPLICATION;
        results.addAll(
            runStore("PostgreSQL", new StoreConfig(url, pgUser, null, 4, false), records, batch));
      } finally {
        execute(pgUrl, pgUser, "DROP SCHEMA " + schema + " CASCADE");
        execute(pgUrl, pgUser, "DROP SCHEMA " + schema + "_copy CASCADE");
      }
    }
    print(results);
  }

  static List<Result> runStore(String name, StoreConfig config, int records, int batch) {
    List<Result> results = new ArrayList<>();
    try (RecordStore store = Store.builder(config).batchSize(Math.min(batch, 10_000)).open()) {
      store.migrate(List.of(ITEM));
      results.add(upsert(store, name, "all new", 0, records, 0, batch));
      int half = records / 2;
      results.add(upsert(store, name, "50 % updates", half, records, 1, batch));
      results.add(upsert(store, name, "100 % unchanged", half, records, 1, batch));
      long changes = store.changes().head();
      System.out.printf(Locale.ROOT, "%s: change log head after the run = %,d%n", name, changes);
    }
    return results;
  }

  /**
   * Upserts ids {@code from .. from+count-1} at revision {@code revision}, one transaction per
   * batch.
   */
  static Result upsert(
      RecordStore store,
      String name,
      String scenario,
      long from,
      int count,
      int revision,
      int batch) {
    UpsertResult total = UpsertResult.NONE;
    double serverStart = serverCpuSeconds(store.dataSource());
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    for (long id = from; id < from + count; id += batch) {
      List<Map<String, Object>> rows = new ArrayList<>(batch);
      for (long i = id; i < Math.min(from + count, id + batch); i++) rows.add(row(i, revision));
      total = total.plus(store.upsert("BenchItem", rows));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (processCpuNanos() - cpuStart) / 1e9;
    double server = serverCpuSeconds(store.dataSource()) - serverStart;
    Result r = new Result(name, scenario, count, seconds, total);
    System.out.printf(
        Locale.ROOT,
        "  %-11s %-16s %8.2f s %,12.0f records/s  (bench JVM CPU %.2f s%s)%n",
        name,
        scenario,
        seconds,
        r.rate(),
        cpu,
        Double.isNaN(server)
            ? ""
            : String.format(Locale.ROOT, ", PostgreSQL backends CPU %.2f s", server));
    return r;
  }

  /**
   * CPU time of this JVM (all threads): on a loaded machine wall-clock rates vary with the share of
   * the cores the run gets, so CPU per record is the steadier figure for comparing variants.
   */
  static long processCpuNanos() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  /**
   * CPU seconds used so far by the PostgreSQL server processes of the bench's connections (found by
   * application name, read from {@code /proc}), or NaN for H2 or when the server runs elsewhere.
   * Most of a PostgreSQL upsert's time is spent there, not in the bench JVM.
   */
  static double serverCpuSeconds(javax.sql.DataSource dataSource) {
    try (Connection c = dataSource.getConnection()) {
      if (!c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) return Double.NaN;
      List<Integer> pids = new ArrayList<>();
      try (var s =
          c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
        s.setString(1, APPLICATION);
        try (var rs = s.executeQuery()) {
          while (rs.next()) pids.add(rs.getInt(1));
        }
      } finally {
        c.rollback();
      }
      return processCpuSeconds(pids);
    } catch (SQLException | IOException e) {
      return Double.NaN;
    }
  }

  /** User + system CPU seconds of the given processes, from {@code /proc/<pid>/stat}. */
  static double processCpuSeconds(List<Integer> pids) throws IOException {
    long ticks = 0;
    for (int pid : pids) {
      Path stat = Path.of("/proc", String.valueOf(pid), "stat");
      if (!Files.isReadable(stat)) continue;
      String line = Files.readString(stat);
      String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
      ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    }
    return ticks / 100.0; // USER_HZ
  }

  static Map<String, Object> row(long id, int revision) {
    Map<String, Object> row = new HashMap<>(16);
    row.put("id", id);
    row.put("code", "C" + id);
    row.put("name", "Item number " + id + (revision > 0 ? " rev " + revision : ""));
    row.put("qty", (int) (id % 1000));
    row.put("price", BigDecimal.valueOf(id % 100_000, 2));
    row.put("active", id % 3 != 0);
    row.put("day", DAY0.plusDays(id % 700));
    row.put("changedAt", TIME0.plusSeconds(id));
    row.put("weight", id * 7);
    row.put("note", id % 5 == 0 ? null : "note " + (id % 977));
    return row;
  }

  /** PostgreSQL COPY of the same rows (as CSV) into a plain table with the same columns and key. */
  static Result copy(String url, String user, int records) throws SQLException, IOException {
    try (Connection c = DriverManager.getConnection(url, user, null)) {
      try (Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE copy_reference (id BIGINT PRIMARY KEY, code VARCHAR(20), name"
                + " VARCHAR(100), qty INTEGER, price NUMERIC(12,2), active BOOLEAN, day DATE,"
                + " changedat TIMESTAMPTZ, weight BIGINT, note VARCHAR(200))");
      }
      int pid;
      try (Statement s = c.createStatement();
          var rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      double serverStart = processCpuSeconds(List.of(pid));
      long start = System.nanoTime();
      long copied =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("COPY copy_reference FROM STDIN (FORMAT csv)", new CsvRows(records));
      double seconds = (System.nanoTime() - start) / 1e9;
      double server = processCpuSeconds(List.of(pid)) - serverStart;
      Result r =
          new Result(
              "PostgreSQL", "COPY (reference)", copied, seconds, new UpsertResult(copied, 0, 0));
      System.out.printf(
          Locale.ROOT,
          "  %-11s %-16s %8.2f s %,12.0f records/s  (PostgreSQL backend CPU %.2f s)%n",
          r.store(),
          r.scenario(),
          seconds,
          r.rate(),
          server);
      return r;
    }
  }

  /** The benchmark rows as CSV, generated while COPY reads them. */
  static final class CsvRows extends Reader {
    private final int records;
    private long next;
    private final StringBuilder buffer = new StringBuilder();
    private int position;

    CsvRows(int records) {
      this.records = records;
    }

    @Override
    public int read(char[] target, int offset, int length) {
      if (position == buffer.length()) {
        buffer.setLength(0);
        position = 0;
        for (int i = 0; i < 1000 && next < records; i++, next++) append(row(next, 0));
        if (buffer.isEmpty()) return -1;
      }
      int n = Math.min(length, buffer.length() - position);
      buffer.getChars(position, position + n, target, offset);
      position += n;
      return n;
    }

    private void append(Map<String, Object> row) {
      String[] columns = {
        "id", "code", "name", "qty", "price", "active", "day", "changedAt", "weight", "note"
      };
      for (int i = 0; i < columns.length; i++) {
        if (i > 0) buffer.append(',');
        Object v = row.get(columns[i]);
        if (v != null) buffer.append(v);
      }
      buffer.append('\n');
    }

    @Override
    public void close() {}
  }

  static void print(List<Result> results) {
    double copyRate =
        results.stream()
            .filter(r -> r.scenario().startsWith("COPY"))
            .mapToDouble(Result::rate)
            .findFirst()
            .orElse(0);
    System.out.println();
    System.out.println(
        "| store | scenario | records | seconds | records/s | inserted / updated / unchanged | vs COPY |");
    System.out.println("|---|---|---:|---:|---:|---|---:|");
    for (Result r : results) {
      String vsCopy =
          copyRate > 0 && r.store().equals("PostgreSQL")
              ? String.format(Locale.ROOT, "%.2f", r.rate() / copyRate)
              : "";
      System.out.printf(
          Locale.ROOT,
          "| %s | %s | %,d | %.2f | %,.0f | %,d / %,d / %,d | %s |%n",
          r.store(),
          r.scenario(),
          r.records(),
          r.seconds(),
          r.rate(),
          r.counts().inserted(),
          r.counts().updated(),
          r.counts().unchanged(),
          vsCopy);
    }
    System.out.printf(
        Locale.ROOT,
        "%nGoals: H2 all new >= 100,000 records/s; PostgreSQL all new >= 1/3 of COPY (%,.0f records/s).%n",
        copyRate / 3);
  }

  static void execute(String url, String user, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, null);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
