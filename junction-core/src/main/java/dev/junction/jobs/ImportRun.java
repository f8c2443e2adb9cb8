package dev.junction.jobs;

import dev.junction.ValidationException;
import dev.junction.ValidationException.Violation;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.RelationConfig;
import dev.junction.packages.FieldText;
import dev.junction.packages.Manifest;
import dev.junction.packages.PackageException;
import dev.junction.packages.PackageLimits;
import dev.junction.packages.PackageReader;
import dev.junction.packages.RowSource;
import dev.junction.packages.SourceRow;
import dev.junction.store.RecordStore;
import dev.junction.store.StoreTransaction;
import dev.junction.store.UpsertResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs an import. A first, cheap pass reads every file of the package to its end without making
 * rows of it (encoding, quoting, line lengths, zip guards, the manifest's row counts), so a
 * package-level problem found anywhere fails the job with nothing loaded. The second pass parses
 * the files in relation order, checks each row (types, required fields, keys, references to parents
 * in the package or the store), lists bad rows in the error file and upserts the good ones in
 * batches, saving a checkpoint after each committed batch; upserts are idempotent, so resuming
 * after a crash at the checkpoint loads every good row exactly once (the rows before it are checked
 * again, for the error file and the parent keys, but not loaded). With {@code allOrNothing} every
 * row is checked before anything loads, any invalid row fails the job, and all rows load in one
 * transaction.
 */
final class ImportRun {
  static final String INPUT = "input";
  static final String ERRORS = "errors.csv";

  /**
   * Rows per store transaction and checkpoint: twice the old 1,000, so commits and checkpoint
   * writes are a smaller part of the load, yet small enough that the batches in flight (the one
   * loading, {@link RowBatches#DEPTH} parsed ones waiting, the one being parsed) stay a few MiB:
   * with 5,000 the 256 MiB benchmark heap spent most of an H2 import in garbage collection.
   */
  static final int BATCH = 2000;

  private final RecordStore store;
  private final List<EntityConfig> configs;
  private final Map<String, EntityConfig> entities;
  private final PackageLimits limits;
  private final int loaders;

  /**
   * @param loaders store transactions that load one batch of a records file at once, each with the
   *     rows of a disjoint part of the keys (1: one after another)
   */
  ImportRun(RecordStore store, List<EntityConfig> configs, PackageLimits limits, int loaders) {
    this.store = store;
    this.configs = configs;
    this.entities = new HashMap<>();
    for (EntityConfig e : configs) entities.put(e.name(), e);
    this.limits = limits;
    this.loaders = loaders;
  }

  record Outcome(JobStatus status, String message) {}

  Outcome run(RunContext ctx, ImportRequest request) throws IOException {
    Path input = ctx.directory.resolve(INPUT);
    Path errorFile = ctx.directory.resolve(ERRORS);
    try (PackageReader reader =
            PackageReader.open(input, request.fileName(), request.entity(), limits, configs);
        ErrorFile errors = new ErrorFile(errorFile)) {
      List<Manifest.Entry> order = order(reader.manifest().entries());
      if (request.allOrNothing()) {
        Map<Manifest.Entry, BitSet> rejected = new HashMap<>();
        ctx.counts = ctx.counts.withRead(0).withRejected(0);
        long read = validate(ctx, reader, order, rejected, errors);
        long bad = rejected.values().stream().mapToLong(BitSet::cardinality).sum();
        errors.flush();
        ctx.counts = ctx.counts.withRead(read).withRejected(errors.rows.size());
        if (bad > 0) {
          return new Outcome(
              JobStatus.FAILED,
              bad
                  + " of "
                  + read
                  + " rows are invalid (see the error file); allOrNothing was requested, so"
                  + " nothing was loaded");
        }
        ctx.phase("loading", read - bad);
        store.transaction(tx -> loadAll(ctx, reader, order, rejected, tx));
      } else {
        int startEntry = 0;
        long startRow = 0;
        if (ctx.checkpoint != null && ctx.checkpoint.startsWith("load:")) {
          String[] parts = ctx.checkpoint.split(":");
          startEntry = Integer.parseInt(parts[1]);
          startRow = Long.parseLong(parts[2]);
          ctx.counts = ctx.counts.withRead(0).withRejected(0);
        } else {
          ctx.counts = JobCounts.NONE;
        }
        long total = checkFiles(ctx, reader, order);
        ctx.phase("loading", total);
        checkAndLoad(ctx, reader, order, errors, startEntry, startRow);
      }
      errors.flush();
      ctx.counts = ctx.counts.withRejected(errors.rows.size());
      long loaded = ctx.counts.loaded() + ctx.counts.deleted();
      String summary =
          ctx.counts.read()
              + " rows read, "
              + ctx.counts.inserted()
              + " inserted, "
              + ctx.counts.updated()
              + " updated, "
              + ctx.counts.unchanged()
              + " unchanged, "
              + ctx.counts.deleted()
              + " deleted, "
              + ctx.counts.rejected()
              + " rejected";
      if (ctx.counts.rejected() == 0) return new Outcome(JobStatus.SUCCEEDED, summary);
      if (loaded > 0) return new Outcome(JobStatus.PARTIALLY_SUCCEEDED, summary);
      return new Outcome(JobStatus.FAILED, summary + "; no row could be loaded");
    }
  }

  /** Record files parents first, then deletion files children first. */
  private List<Manifest.Entry> order(List<Manifest.Entry> entries) {
    Map<String, List<Manifest.Entry>> records = new LinkedHashMap<>();
    Map<String, List<Manifest.Entry>> deletions = new LinkedHashMap<>();
    for (Manifest.Entry e : entries) {
      (e.kind() == Manifest.Kind.RECORDS ? records : deletions)
          .computeIfAbsent(e.entity(), k -> new ArrayList<>())
          .add(e);
    }
    List<Manifest.Entry> out = new ArrayList<>();
    for (String name : RelationOrder.sort(new ArrayList<>(records.keySet()), entities)) {
      out.addAll(records.get(name));
    }
    List<String> del = RelationOrder.sort(new ArrayList<>(deletions.keySet()), entities);
    java.util.Collections.reverse(del);
    for (String name : del) out.addAll(deletions.get(name));
    return out;
  }

  /** A reference from a child entity to a parent: the child's foreign-key fields. */
  private record Reference(String parent, List<String> foreignKey) {}

  private List<Reference> references(String child) {
    List<Reference> refs = new ArrayList<>();
    for (EntityConfig parent : configs) {
      for (RelationConfig r : parent.relations()) {
        if (r.entity().equals(child)) refs.add(new Reference(parent.name(), r.foreignKey()));
      }
    }
    return refs;
  }

  /**
   * allOrNothing: checks every row of the package, in relation order, and marks the bad ones in
   * {@code rejected}; nothing is loaded. Returns the rows read.
   */
  private long validate(
      RunContext ctx,
      PackageReader reader,
      List<Manifest.Entry> order,
      Map<Manifest.Entry, BitSet> rejected,
      ErrorFile errors) {
    ctx.phase("validating", 0);
    RowChecks checks = new RowChecks(order);
    long read = 0;
    for (Manifest.Entry entry : order) {
      checks.begin(entry, reader.entity(entry));
      BitSet bad = new BitSet();
      rejected.put(entry, bad);
      long rows = 0;
      try (RowBatches batches =
          new RowBatches(reader.rows(entry), new BitSet(), 0, BATCH, ctx.id())) {
        for (List<SourceRow> parsed = batches.next(); parsed != null; parsed = batches.next()) {
          for (SourceRow row : parsed) {
            rows++;
            if (!checks.good(row, errors)) bad.set(Math.toIntExact(row.row()));
            if ((++read & 0x3FFF) == 0) {
              ctx.counts = ctx.counts.withRead(read).withRejected(errors.rows.size());
              ctx.progress(read);
            }
          }
        }
      }
      checkRowCount(entry, rows);
    }
    return read;
  }

  /**
   * Reads every file of the package to its end without making rows of it, so that a file that
   * cannot be read through (encoding, quoting, line length, zip guards) or holds another number of
   * rows than the manifest says fails the job before anything is loaded. Returns the rows.
   */
  private static long checkFiles(RunContext ctx, PackageReader reader, List<Manifest.Entry> order) {
    ctx.phase("validating", 0);
    long total = 0;
    for (Manifest.Entry entry : order) {
      long rows = 0;
      try (RowSource source = reader.rows(entry)) {
        for (long n = source.skip(1 << 16); n > 0; n = source.skip(1 << 16)) {
          rows += n;
          ctx.progress(total + rows); // also where a cancel or a shutdown stops the job
        }
      }
      checkRowCount(entry, rows);
      total += rows;
    }
    return total;
  }

  private static void checkRowCount(Manifest.Entry entry, long rows) {
    if (entry.rows() >= 0 && entry.rows() != rows) {
      throw new PackageException(
          entry.file()
              + ": manifest.json says "
              + entry.rows()
              + " rows but the file holds "
              + rows
              + "; the package is incomplete or wrong and is refused");
    }
  }

  /**
   * The checks of rows, file by file in relation order ({@link #begin} before each file): the row's
   * own violations, the store's validation of its values, key fields of deletions, and references
   * to parents that are valid rows of the package (their files come first) or stored records. Bad
   * rows go to the error file, one line per violation.
   */
  private final class RowChecks {
    private final Set<String> inPackage = new HashSet<>();
    private final Set<String> parentsNeeded = new HashSet<>();
    private final Map<String, Set<String>> goodKeys = new HashMap<>();
    private final Map<String, Set<String>> storeKeys = new HashMap<>();
    private Manifest.Entry entry;
    private EntityConfig entity;
    private List<Reference> refs;
    private Set<String> keys;

    RowChecks(List<Manifest.Entry> order) {
      for (Manifest.Entry e : order) {
        if (e.kind() == Manifest.Kind.RECORDS) inPackage.add(e.entity());
      }
      for (String child : inPackage) {
        for (Reference r : references(child)) parentsNeeded.add(r.parent());
      }
    }

    /** Starts the rows of {@code file}. */
    void begin(Manifest.Entry file, EntityConfig config) {
      this.entry = file;
      this.entity = config;
      boolean records = file.kind() == Manifest.Kind.RECORDS;
      this.refs = records ? references(config.name()) : List.of();
      this.keys =
          records && parentsNeeded.contains(config.name())
              ? goodKeys.computeIfAbsent(config.name(), k -> new HashSet<>())
              : null;
    }

    /** Whether {@code row} is good; if not, its violations are in the error file. */
    boolean good(SourceRow row, ErrorFile errors) {
      List<Violation> violations = row.violations();
      if (violations.isEmpty()) {
        if (entry.kind() == Manifest.Kind.RECORDS) {
          violations = store.validate(entity.name(), row.values());
        } else {
          violations = new ArrayList<>();
          for (String k : entity.key()) {
            if (row.values().get(k) == null) {
              violations.add(new Violation(entity.name(), k, "key field is missing"));
            }
          }
        }
      }
      if (violations.isEmpty() && !refs.isEmpty()) {
        violations = new ArrayList<>();
        for (Reference r : refs) {
          Violation v = checkReference(entity, r, row, inPackage, goodKeys, storeKeys);
          if (v != null) violations.add(v);
        }
      }
      if (!violations.isEmpty()) {
        for (Violation v : violations) {
          errors.add(entity.name(), row.row(), row.key(), v.field(), v.message());
        }
        return false;
      }
      if (keys != null) keys.add(keyText(entity.key(), row.values()));
      return true;
    }
  }

  private Violation checkReference(
      EntityConfig child,
      Reference ref,
      SourceRow row,
      Set<String> inPackage,
      Map<String, Set<String>> goodKeys,
      Map<String, Set<String>> storeKeys) {
    List<Object> values = new ArrayList<>();
    for (String fk : ref.foreignKey()) {
      Object v = row.values().get(fk);
      if (v == null) return null;
      values.add(v);
    }
    String text = keyText(values);
    if (inPackage.contains(ref.parent())
        && goodKeys.getOrDefault(ref.parent(), Set.of()).contains(text)) {
      return null;
    }
    Set<String> known = storeKeys.computeIfAbsent(ref.parent(), k -> new HashSet<>());
    if (known.contains(text)) return null;
    EntityConfig parent = entities.get(ref.parent());
    Map<String, Object> key = new LinkedHashMap<>();
    List<FieldConfig> keyFields = parent.keyFields();
    for (int i = 0; i < keyFields.size() && i < values.size(); i++) {
      key.put(keyFields.get(i).name(), coerce(keyFields.get(i), values.get(i)));
    }
    if (store.get(parent.name(), key).isPresent()) {
      known.add(text);
      return null;
    }
    return new Violation(
        child.name(),
        String.join(",", ref.foreignKey()),
        "references "
            + parent.name()
            + " "
            + key
            + ", which is neither a valid row of the package nor a stored record");
  }

  private static Object coerce(FieldConfig parentKey, Object childValue) {
    try {
      return FieldText.parse(parentKey, FieldText.format(childValue));
    } catch (IllegalArgumentException e) {
      return childValue;
    }
  }

  private static String keyText(List<String> fields, Map<String, Object> values) {
    List<Object> v = new ArrayList<>(fields.size());
    for (String f : fields) v.add(values.get(f));
    return keyText(v);
  }

  private static String keyText(List<Object> values) {
    StringBuilder sb = new StringBuilder();
    for (Object v : values) sb.append(FieldText.format(v)).append('\u0001');
    return sb.toString();
  }

  /** allOrNothing: loads the rows not in {@code rejected} in the one transaction {@code tx}. */
  private Void loadAll(
      RunContext ctx,
      PackageReader reader,
      List<Manifest.Entry> order,
      Map<Manifest.Entry, BitSet> rejected,
      StoreTransaction tx) {
    long done = 0;
    for (Manifest.Entry entry : order) {
      EntityConfig entity = reader.entity(entry);
      try (RowBatches batches =
          new RowBatches(reader.rows(entry), rejected.get(entry), 0, BATCH, ctx.id())) {
        for (List<SourceRow> rows = batches.next(); rows != null; rows = batches.next()) {
          List<Map<String, Object>> batch = new ArrayList<>(rows.size());
          for (SourceRow row : rows) batch.add(row.values());
          if (entry.kind() == Manifest.Kind.DELETIONS) {
            long deleted = 0;
            for (Map<String, Object> key : batch) {
              if (tx.delete(entity.name(), keyOf(entity, key))) deleted++;
            }
            ctx.counts = ctx.counts.withDeleted(ctx.counts.deleted() + deleted);
          } else {
            add(ctx, tx.upsert(entity.name(), batch));
          }
          done += rows.size();
          ctx.progress(done);
        }
      }
    }
    ctx.progressNow(done);
    return null;
  }

  /**
   * Reads the files in relation order once: checks each batch of rows, lists the bad ones in the
   * error file and upserts the good ones, committing and saving a checkpoint per batch. Rows up to
   * the checkpoint ({@code startEntry}, {@code startRow}) are checked (for the error file and the
   * parents' keys) but not loaded again.
   */
  private void checkAndLoad(
      RunContext ctx,
      PackageReader reader,
      List<Manifest.Entry> order,
      ErrorFile errors,
      int startEntry,
      long startRow) {
    RowChecks checks = new RowChecks(order);
    long read = 0;
    try (ParallelLoad parallel = loaders > 1 ? new ParallelLoad(loaders - 1, ctx.id()) : null) {
      for (int i = 0; i < order.size(); i++) {
        Manifest.Entry entry = order.get(i);
        EntityConfig entity = reader.entity(entry);
        checks.begin(entry, entity);
        long skip = i < startEntry ? Long.MAX_VALUE : i == startEntry ? startRow : 0;
        boolean records = entry.kind() == Manifest.Kind.RECORDS;
        int batchRows = records ? BATCH * loaders : BATCH;
        try (RowBatches batches =
            new RowBatches(reader.rows(entry), new BitSet(), 0, batchRows, ctx.id())) {
          for (List<SourceRow> rows = batches.next(); rows != null; rows = batches.next()) {
            List<SourceRow> good = new ArrayList<>(rows.size());
            for (SourceRow row : rows) {
              if (checks.good(row, errors) && row.row() > skip) good.add(row);
            }
            read += rows.size();
            ctx.counts = ctx.counts.withRead(read).withRejected(errors.rows.size());
            long last = rows.getLast().row();
            if (good.isEmpty()) {
              // nothing to load (bad rows, or rows before the checkpoint)
            } else if (parallel != null && records) {
              loadInParts(ctx, entity, good, errors, parallel, i, last);
            } else {
              flush(ctx, entry, entity, good, errors, i, last);
            }
            ctx.progress(read);
          }
        }
        if (i >= startEntry) ctx.checkpoint("load:" + (i + 1) + ":0");
      }
    }
    ctx.progressNow(read);
  }

  /**
   * Upserts one batch of a records file as {@link #loaders} transactions at once, each holding the
   * rows of one part of the keys: rows of one key stay in one part in file order, so the last of
   * them wins as in a sequential load, and no two transactions touch the same record. The
   * checkpoint follows when every part has committed; a crash before it loads the batch again
   * (idempotently) on resume.
   */
  private void loadInParts(
      RunContext ctx,
      EntityConfig entity,
      List<SourceRow> rows,
      ErrorFile errors,
      ParallelLoad parallel,
      int entryIndex,
      long lastRow) {
    List<List<SourceRow>> parts = new ArrayList<>(loaders);
    for (int p = 0; p < loaders; p++) parts.add(new ArrayList<>(rows.size() / loaders + 16));
    List<String> key = entity.key();
    for (SourceRow row : rows) parts.get(part(key, row.values(), loaders)).add(row);
    List<Loaded> loaded = parallel.run(parts, part -> upsertRows(entity, part));
    List<Rejected> rejectedRows = new ArrayList<>();
    for (Loaded l : loaded) {
      add(ctx, l.result());
      rejectedRows.addAll(l.rejected());
    }
    rejectedRows.sort(java.util.Comparator.comparingLong(r -> r.row().row()));
    for (Rejected r : rejectedRows) {
      for (Violation v : r.violations()) {
        errors.add(entity.name(), r.row().row(), r.row().key(), v.field(), v.message());
      }
    }
    ctx.counts = ctx.counts.withRejected(errors.rows.size());
    ctx.checkpoint("load:" + entryIndex + ":" + lastRow);
  }

  /** The part of {@code parts} that a row's key falls in; equal keys always fall in one part. */
  static int part(List<String> key, Map<String, Object> values, int parts) {
    int h = 0;
    for (String k : key) h = 31 * h + keyHash(values.get(k));
    h ^= h >>> 16;
    return Math.floorMod(h * 0x9E3779B9, parts);
  }

  /** A hash equal for values the store takes as the same key (1.5 and 1.50, one instant). */
  private static int keyHash(Object v) {
    return switch (v) {
      case null -> 0;
      case Integer n -> Long.hashCode(n);
      case Long n -> Long.hashCode(n);
      case java.math.BigDecimal d -> d.stripTrailingZeros().hashCode();
      case java.time.OffsetDateTime t -> t.toInstant().hashCode();
      default -> v.hashCode();
    };
  }

  /** What upserting one part of a batch did: its counts and the rows the store refused. */
  private record Loaded(UpsertResult result, List<Rejected> rejected) {}

  private record Rejected(SourceRow row, List<Violation> violations) {}

  /**
   * Upserts {@code rows} in one transaction; when the store refuses one of them (a row the
   * validation pass let through), loads the others one by one. Touches no job state, so it may run
   * on a loader thread.
   */
  private Loaded upsertRows(EntityConfig entity, List<SourceRow> rows) {
    if (rows.isEmpty()) return new Loaded(new UpsertResult(0, 0, 0), List.of());
    List<Map<String, Object>> batch = new ArrayList<>(rows.size());
    for (SourceRow row : rows) batch.add(row.values());
    try {
      return new Loaded(store.upsert(entity.name(), batch), List.of());
    } catch (ValidationException e) {
      long inserted = 0;
      long updated = 0;
      long unchanged = 0;
      List<Rejected> rejected = new ArrayList<>();
      for (SourceRow row : rows) {
        try {
          UpsertResult r = store.upsert(entity.name(), List.of(row.values()));
          inserted += r.inserted();
          updated += r.updated();
          unchanged += r.unchanged();
        } catch (ValidationException one) {
          rejected.add(new Rejected(row, one.violations()));
        }
      }
      return new Loaded(new UpsertResult(inserted, updated, unchanged), rejected);
    }
  }

  /**
   * Loads one batch of good rows in a transaction of its own and saves the checkpoint after it
   * ({@code lastRow}: the last row of the file that the batch covers).
   */
  private void flush(
      RunContext ctx,
      Manifest.Entry entry,
      EntityConfig entity,
      List<SourceRow> rows,
      ErrorFile errors,
      int entryIndex,
      long lastRow) {
    List<Map<String, Object>> batch = new ArrayList<>(rows.size());
    for (SourceRow row : rows) batch.add(row.values());
    if (entry.kind() == Manifest.Kind.DELETIONS) {
      long deleted =
          store.transactionResult(
              t -> {
                long n = 0;
                for (Map<String, Object> key : batch) {
                  if (t.delete(entity.name(), keyOf(entity, key))) n++;
                }
                return n;
              });
      ctx.counts = ctx.counts.withDeleted(ctx.counts.deleted() + deleted);
    } else {
      try {
        add(ctx, store.upsert(entity.name(), batch));
      } catch (ValidationException e) {
        // A row the checks let through; load the others one by one.
        for (int i = 0; i < batch.size(); i++) {
          try {
            add(ctx, store.upsert(entity.name(), List.of(batch.get(i))));
          } catch (ValidationException one) {
            SourceRow row = rows.get(i);
            for (Violation v : one.violations()) {
              errors.add(entity.name(), row.row(), row.key(), v.field(), v.message());
            }
          }
        }
      }
    }
    ctx.counts = ctx.counts.withRejected(errors.rows.size());
    ctx.checkpoint("load:" + entryIndex + ":" + lastRow);
  }

  private static Map<String, Object> keyOf(EntityConfig entity, Map<String, Object> row) {
    Map<String, Object> key = new LinkedHashMap<>();
    for (String k : entity.key()) key.put(k, row.get(k));
    return key;
  }

  private static void add(RunContext ctx, UpsertResult r) {
    ctx.counts = ctx.counts.plusLoaded(r.inserted(), r.updated(), r.unchanged());
  }

  /** The error file: CSV with entity, row, key, field, message; one line per violation. */
  static final class ErrorFile implements AutoCloseable {
    private final Writer out;
    final Set<String> rows = new HashSet<>();

    ErrorFile(Path path) throws IOException {
      out =
          new BufferedWriter(
              new java.io.OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8));
      out.write("entity,row,key,field,message\r\n");
    }

    void add(String entity, long row, String key, String field, String message) {
      rows.add(entity + "#" + row);
      StringBuilder sb = new StringBuilder();
      sb.append(csv(entity)).append(',').append(row).append(',').append(csv(key)).append(',');
      sb.append(csv(field)).append(',').append(csv(message)).append("\r\n");
      try {
        out.write(sb.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String csv(String value) {
      if (value == null) return "";
      if (value.indexOf(',') < 0
          && value.indexOf('"') < 0
          && value.indexOf('\n') < 0
          && value.indexOf('\r') < 0) {
        return value;
      }
      return '"' + value.replace("\"", "\"\"") + '"';
    }

    void flush() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
