package dev.junction.bench.batch;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.config.StoreConfig;
import dev.junction.jobs.BatchJobs;
import dev.junction.jobs.ExportRequest;
import dev.junction.jobs.ImportRequest;
import dev.junction.jobs.Job;
import dev.junction.jobs.JobStatus;
import dev.junction.packages.Manifest;
import dev.junction.packages.PackageFormat;
import dev.junction.packages.PackageLimits;
import dev.junction.packages.PackageReader;
import dev.junction.packages.PackageWriter;
import dev.junction.packages.RowSource;
import dev.junction.packages.SourceRow;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipFile;
import org.postgresql.PGConnection;

/**
 * Batch export and import of {@code rows} records of 10 fields: export to a CSV package (run the
 * JVM with {@code -Xmx256m}), import that package into a fresh H2 store and into a fresh PostgreSQL
 * schema, and PostgreSQL's own {@code COPY} of the same CSV into a plain table, all in one run.
 * Usage: {@code java -Xmx256m -cp junction-bench.jar dev.junction.bench.batch.BatchBench [rows]
 * [postgresUrl]}.
 */
public final class BatchBench {
  static final EntityConfig ENTITY =
      EntityConfig.of(
          "BenchRecord",
          List.of("id"),
          List.of(
              FieldConfig.of("id", FieldType.LONG),
              new FieldConfig("name", FieldType.STRING, 40, 0, 0, true, false),
              new FieldConfig("city", FieldType.STRING, 30, 0, 0, false, false),
              FieldConfig.of("qty", FieldType.INTEGER),
              new FieldConfig("price", FieldType.DECIMAL, 0, 12, 2, false, false),
              FieldConfig.of("active", FieldType.BOOLEAN),
              FieldConfig.of("created", FieldType.DATE),
              FieldConfig.of("updated", FieldType.DATETIME),
              new FieldConfig("code", FieldType.STRING, 10, 0, 0, false, false),
              new FieldConfig("note", FieldType.STRING, 80, 0, 0, false, false)));

  private BatchBench() {}

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
    boolean formatOnly = args.length > 0 && args[0].equals("format");
    int rows = args.length > 0 && !formatOnly ? Integer.parseInt(args[0]) : 1_000_000;
    String pg = args.length > 1 ? args[1] : "jdbc:postgresql://127.0.0.1:5432/postgres";
    Path dir = Files.createTempDirectory("junction-batch-bench-");
    System.out.printf(
        "batch bench: %,d records of 10 fields, max heap %d MiB, %d cores%n",
        rows, Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
    try {
      formatOnly(dir, rows);
      if (formatOnly) return;
      Path pkg;
      try (RecordStore source = h2(dir.resolve("source"));
          BatchJobs jobs = jobs(source, dir.resolve("source-jobs"))) {
        mark();
        long t = System.nanoTime();
        seed(source, rows);
        report("seed H2 through RecordStore.upsert (setup)", rows, System.nanoTime() - t);
        mark();
        t = System.nanoTime();
        Job export = jobs.submitExport(ExportRequest.of(ENTITY.name()), null, null);
        jobs.runPending();
        long exportNanos = System.nanoTime() - t;
        check(jobs.get(export.id()), rows);
        report("export to CSV package", rows, exportNanos);
        pkg = dir.resolve("package.zip");
        Files.copy(jobs.packageFile(export.id()), pkg);
        System.out.printf("  package: %,d bytes%n", Files.size(pkg));
      }
      // -Dbench.import=postgres leaves the H2 import out (to time the PostgreSQL part alone)
      boolean withH2 = System.getProperty("bench.import", "h2,postgres").contains("h2");
      double h2 =
          withH2
              ? importInto(h2(dir.resolve("target")), dir.resolve("target-jobs"), pkg, rows, "H2")
              : Double.NaN;
      String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
      execute(pg, "CREATE SCHEMA " + schema);
      try {
        String url =
            pg
                + (pg.contains("?") ? "&" : "?")
                + "currentSchema="
                + schema
                + "&ApplicationName="
                + APPLICATION;
        postgresUrl = url;
        RecordStore store =
            Store.open(new StoreConfig(url, "postgres", null, 4, false), InstantSource.system());
        double junctionPg = importInto(store, dir.resolve("pg-jobs"), pkg, rows, "PostgreSQL");
        double copy = copy(url, pkg, rows);
        System.out.printf(
            "%nresult: import H2 %,.0f records/s (goal >= 100,000); PostgreSQL import"
                + " takes %.2fx the time of COPY (goal <= 4x)%n",
            h2, copy / junctionPg);
      } finally {
        execute(pg, "DROP SCHEMA " + schema + " CASCADE");
      }
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The package format alone, without a store: how much of a job is the file work. */
  private static void formatOnly(Path dir, int rows) throws IOException {
    Path file = dir.resolve("format-only.zip");
    List<Map<String, Object>> sample = new ArrayList<>();
    OffsetDateTime base = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    for (int i = 1; i <= 1000; i++) sample.add(record(i, base));
    mark();
    long t = System.nanoTime();
    try (var out = Files.newOutputStream(file);
        PackageWriter w = PackageWriter.create(out, PackageFormat.CSV)) {
      PackageWriter.EntityFile f = w.begin(ENTITY, Manifest.Kind.RECORDS);
      for (int i = 0; i < rows; i++) f.write(sample.get(i % 1000));
      w.finish("bench", Instant.now(), false, 0, 0);
    }
    report("write CSV package only (no store)", rows, System.nanoTime() - t);
    mark();
    t = System.nanoTime();
    long n = 0;
    try (PackageReader r =
        PackageReader.open(file, "p.zip", null, PackageLimits.defaults(), List.of(ENTITY))) {
      try (RowSource src = r.rows(r.manifest().entries().getFirst())) {
        for (SourceRow row = src.next(); row != null; row = src.next()) n++;
      }
    }
    report("read + parse CSV package only (no store)", n, System.nanoTime() - t);
  }

  private static Map<String, Object> record(int i, OffsetDateTime base) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", (long) i);
    r.put("name", "customer number " + i);
    r.put("city", i % 3 == 0 ? "Zürich" : "Lisbon");
    r.put("qty", i % 1000);
    r.put("price", BigDecimal.valueOf(i % 100_000, 2));
    r.put("active", i % 2 == 0);
    r.put("created", LocalDate.of(2020, 1, 1).plusDays(i % 2000));
    r.put("updated", base.plusSeconds(i));
    r.put("code", "C" + (i % 9999));
    r.put("note", i % 10 == 0 ? "has a \"quoted\", comma" : null);
    return r;
  }

  private static RecordStore h2(Path dir) {
    RecordStore store =
        Store.open(
            StoreConfig.of("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()),
            InstantSource.system());
    return store;
  }

  private static BatchJobs jobs(RecordStore store, Path dir) {
    store.migrate(List.of(ENTITY));
    BatchJobs.Builder b = BatchJobs.builder(store, List.of(ENTITY)).directory(dir);
    Integer loaders = Integer.getInteger("bench.loaders");
    if (loaders != null) b.loaders(loaders);
    return b.build();
  }

  private static void seed(RecordStore store, int rows) {
    List<Map<String, Object>> batch = new ArrayList<>(1000);
    OffsetDateTime base = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    for (int i = 1; i <= rows; i++) {
      batch.add(record(i, base));
      if (batch.size() == 1000) {
        store.upsert(ENTITY.name(), batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) store.upsert(ENTITY.name(), batch);
  }

  private static double importInto(RecordStore store, Path dir, Path pkg, int rows, String name)
      throws IOException {
    try (store;
        BatchJobs jobs = jobs(store, dir)) {
      Files.createDirectories(dir);
      Path upload = dir.resolve("upload.zip");
      Files.copy(pkg, upload);
      mark();
      Map<Long, Long> pg = postgresCpu();
      long t = System.nanoTime();
      Job job =
          jobs.submitImport(upload, new ImportRequest("package.zip", null, false), null, null);
      jobs.runPending();
      long nanos = System.nanoTime() - t;
      Job done = jobs.get(job.id());
      if (done.status() != JobStatus.SUCCEEDED || done.counts().inserted() != rows) {
        throw new IllegalStateException("import into " + name + " did not succeed: " + done);
      }
      double rate = report("import package into " + name + " (validate + load)", rows, nanos);
      if (name.equals("PostgreSQL")) reportPostgresCpu(pg, rows);
      return rate;
    }
  }

  private static double copy(String url, Path pkg, int rows) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", null);
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE copy_target (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, city"
              + " VARCHAR(30), qty INTEGER, price NUMERIC(12,2), active BOOLEAN, created DATE,"
              + " updated TIMESTAMPTZ, code VARCHAR(10), note VARCHAR(80))");
      try (ZipFile zip = new ZipFile(pkg.toFile());
          InputStream in = zip.getInputStream(zip.getEntry(ENTITY.name() + ".csv"));
          Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
        mark();
        Map<Long, Long> pg = postgresCpu();
        long t = System.nanoTime();
        long copied =
            c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY copy_target FROM STDIN (FORMAT csv, HEADER true)", reader);
        long nanos = System.nanoTime() - t;
        if (copied != rows) throw new IllegalStateException("COPY loaded " + copied + " rows");
        double rate = report("PostgreSQL COPY of the same CSV (reference)", rows, nanos);
        reportPostgresCpu(pg, rows);
        return rate;
      }
    }
  }

  private static void execute(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", null);
        Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute(sql);
    }
  }

  private static void check(Job job, int rows) {
    if (job.status() != JobStatus.SUCCEEDED || job.counts().exported() != rows) {
      throw new IllegalStateException("export did not succeed: " + job);
    }
  }

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();
  private static long cpuMark = OS.getProcessCpuTime();
  private static long threadCpuMark = THREADS.getCurrentThreadCpuTime();

  /**
   * Prints wall-clock rate and the CPU this process used since the previous report (all threads):
   * CPU per record stays comparable when other work shares the machine, wall time does not.
   */
  private static double report(String what, long rows, long nanos) {
    double seconds = nanos / 1e9;
    double rate = rows / seconds;
    long cpu = OS.getProcessCpuTime();
    long threadCpu = THREADS.getCurrentThreadCpuTime();
    System.out.printf(
        "%-55s %,12d records in %7.2f s = %,10.0f records/s, CPU %6.2f s (%.2f µs/record;"
            + " job thread %.2f)  (%s)%n",
        what,
        rows,
        seconds,
        rate,
        (cpu - cpuMark) / 1e9,
        (cpu - cpuMark) / 1e3 / rows,
        (threadCpu - threadCpuMark) / 1e3 / rows,
        Instant.now());
    cpuMark = cpu;
    threadCpuMark = threadCpu;
    return rate;
  }

  /** The application name of this benchmark's PostgreSQL connections. */
  private static final String APPLICATION = "junction-batch-bench";

  private static String postgresUrl;

  /**
   * CPU milliseconds of each PostgreSQL backend serving this benchmark's connections (found by
   * application name, so other work on the same server is not counted); empty when PostgreSQL runs
   * elsewhere.
   */
  private static Map<Long, Long> postgresCpu() {
    if (postgresUrl == null) return Map.of();
    Map<Long, Long> cpu = new java.util.HashMap<>();
    try (Connection c = DriverManager.getConnection(postgresUrl, "postgres", null);
        Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT pid FROM pg_stat_activity WHERE application_name = '"
                    + APPLICATION
                    + "' AND pid <> pg_backend_pid()")) {
      while (rs.next()) {
        long pid = rs.getLong(1);
        ProcessHandle.of(pid)
            .flatMap(p -> p.info().totalCpuDuration())
            .ifPresent(d -> cpu.put(pid, d.toMillis()));
      }
    } catch (java.sql.SQLException e) {
      return Map.of();
    }
    return cpu;
  }

  /** Prints the CPU this benchmark's backends used since {@code before}, when it can be seen. */
  private static void reportPostgresCpu(Map<Long, Long> before, long rows) {
    Map<Long, Long> after = postgresCpu();
    if (after.isEmpty()) return;
    long ms = 0;
    for (var e : after.entrySet()) ms += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    System.out.printf(
        "  PostgreSQL backends of this benchmark: CPU %6.2f s (%.2f µs/record)%n",
        ms / 1e3, ms * 1e3 / rows);
  }

  /** Starts the CPU count of the next report. */
  private static void mark() {
    cpuMark = OS.getProcessCpuTime();
    threadCpuMark = THREADS.getCurrentThreadCpuTime();
  }
}
