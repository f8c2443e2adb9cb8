package dev.junction.jobs;

import dev.junction.config.CachePolicy;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.config.RelationConfig;
import dev.junction.packages.PackageLimits;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import dev.junction.testing.SettableClock;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** A store with Customer, SalesOrder → SalesOrderLine, and a BatchJobs over it. */
final class BatchFixture implements AutoCloseable {
  static final EntityConfig CUSTOMER =
      EntityConfig.of(
          "Customer",
          List.of("id"),
          List.of(
              FieldConfig.of("id", FieldType.INTEGER),
              new FieldConfig("name", FieldType.STRING, 20, 0, 0, true, false),
              FieldConfig.of("balance", FieldType.DECIMAL)));
  static final EntityConfig ORDER =
      new EntityConfig(
          "SalesOrder",
          List.of("id"),
          List.of(
              FieldConfig.of("id", FieldType.LONG),
              FieldConfig.of("customer", FieldType.INTEGER),
              FieldConfig.of("placed", FieldType.DATE)),
          List.of(new RelationConfig("lines", "SalesOrderLine", List.of("orderId"))),
          CachePolicy.REPLICA,
          false);
  static final EntityConfig LINE =
      EntityConfig.of(
          "SalesOrderLine",
          List.of("orderId", "line"),
          List.of(
              FieldConfig.of("orderId", FieldType.LONG),
              FieldConfig.of("line", FieldType.INTEGER),
              FieldConfig.of("qty", FieldType.INTEGER)));
  static final List<EntityConfig> ENTITIES = List.of(CUSTOMER, ORDER, LINE);

  final TestDatabase db;
  final RecordStore store;
  final SettableClock clock = SettableClock.at("2026-01-01T00:00:00Z");
  final Path dir;
  final BatchJobs jobs;

  BatchFixture(TestDatabase db) {
    this(db, PackageLimits.defaults());
  }

  BatchFixture(TestDatabase db, PackageLimits limits) {
    this.db = db;
    this.store = Store.open(db.storeConfig(), clock);
    store.migrate(ENTITIES);
    try {
      dir = Files.createTempDirectory("junction-batch-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    jobs =
        BatchJobs.builder(store, ENTITIES)
            .directory(dir.resolve("jobs"))
            .clock(clock)
            .limits(limits)
            .loaders(2) // the parallel load on H2 too (its default there is 1)
            .build();
  }

  static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
    return m;
  }

  /** Writes {@code text} to a new temp file (the "upload"). */
  Path upload(String text) {
    return upload(text.getBytes(StandardCharsets.UTF_8));
  }

  Path upload(byte[] bytes) {
    try {
      Path p = Files.createTempFile(dir, "upload", ".bin");
      Files.write(p, bytes);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A zip of name → text entries, in the given order. */
  Path zip(Map<String, String> entries) {
    try {
      Path p = Files.createTempFile(dir, "pkg", ".zip");
      try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
        for (var e : entries.entrySet()) {
          z.putNextEntry(new ZipEntry(e.getKey()));
          z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
          z.closeEntry();
        }
      }
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> readZip(Path zip) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (ZipFile z = new ZipFile(zip.toFile())) {
      var it = z.entries();
      while (it.hasMoreElements()) {
        ZipEntry e = it.nextElement();
        out.put(
            e.getName(), new String(z.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  static List<String> lines(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    jobs.close();
    store.close();
    db.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
