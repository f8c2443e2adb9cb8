package dev.junction.jobs;

import dev.junction.changes.Change;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.packages.FieldText;
import dev.junction.packages.Manifest;
import dev.junction.packages.PackageWriter;
import dev.junction.store.Expr;
import dev.junction.store.Query;
import dev.junction.store.RecordStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Runs an export: a full export streams each entity's records from a cursor; an incremental one
 * reads the change log after the definition's position up to the head read at the start, and writes
 * the changed records and, in their own file, the deleted keys. Re-running after a crash starts
 * over (an export writes nothing but its own file).
 */
final class ExportRun {
  static final String PACKAGE = "package.zip";

  private final RecordStore store;
  private final Map<String, EntityConfig> entities;
  private final JobTable table;
  private final InstantSource clock;

  ExportRun(
      RecordStore store, Map<String, EntityConfig> entities, JobTable table, InstantSource clock) {
    this.store = store;
    this.entities = entities;
    this.table = table;
    this.clock = clock;
  }

  /** The outcome of an export, for recurring activities. */
  record Outcome(JobStatus status, String message, boolean empty) {}

  Outcome run(RunContext ctx, ExportRequest request) throws IOException {
    List<String> names = RelationOrder.sort(request.entities(), entities);
    long head = store.changes().head();
    Long from = null;
    if (request.incremental()) {
      from =
          table
              .definition(request.definition())
              .orElseThrow(() -> JobException.notFound("Export definition", request.definition()))
              .lastSequence();
    }
    boolean incremental = from != null;
    Files.createDirectories(ctx.directory);
    Path tmp = ctx.directory.resolve(PACKAGE + ".part");
    JobCounts counts = JobCounts.NONE;
    try (OutputStream out = Files.newOutputStream(tmp);
        PackageWriter writer = PackageWriter.create(out, request.format())) {
      if (incremental) {
        counts = incremental(ctx, request, names, from, head, writer);
      } else {
        counts = full(ctx, request, names, writer);
      }
      writer.finish(
          "junction export job " + ctx.id(),
          clock.instant(),
          incremental,
          incremental ? from : 0,
          head);
    }
    Files.move(
        tmp,
        ctx.directory.resolve(PACKAGE),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    ctx.counts = counts;
    if (request.definition() != null) table.advance(request.definition(), head, clock.millis());
    String summary =
        counts.exported()
            + " records"
            + (incremental ? " and " + counts.deleted() + " deletions" : "")
            + " exported from "
            + String.join(", ", names)
            + (incremental ? " (changes " + (from + 1) + ".." + head + ")" : "");
    return new Outcome(
        JobStatus.SUCCEEDED, summary, incremental && counts.exported() + counts.deleted() == 0);
  }

  private JobCounts full(
      RunContext ctx, ExportRequest request, List<String> names, PackageWriter writer) {
    long total = 0;
    List<Expr> filters = new ArrayList<>();
    for (String name : names) {
      Expr filter = filter(entities.get(name), request.filters().get(name));
      filters.add(filter);
      total += store.count(name, filter);
    }
    ctx.phase("exporting", total);
    long done = 0;
    for (int i = 0; i < names.size(); i++) {
      PackageWriter.EntityFile file =
          writer.begin(entities.get(names.get(i)), Manifest.Kind.RECORDS);
      try (Stream<Object[]> records =
          store.queryValues(Query.all(names.get(i)).withFilter(filters.get(i)))) {
        var it = records.iterator();
        while (it.hasNext()) {
          file.write(it.next());
          if ((++done & 0x3FFF) == 0) {
            ctx.counts = ctx.counts.withExported(done);
            ctx.progress(done);
          }
        }
      }
    }
    ctx.counts = JobCounts.NONE.withExported(done);
    ctx.progressNow(done);
    return ctx.counts;
  }

  private JobCounts incremental(
      RunContext ctx,
      ExportRequest request,
      List<String> names,
      long from,
      long head,
      PackageWriter writer) {
    ctx.phase("reading changes", head - from);
    Map<String, Map<String, Change.Operation>> changed = new LinkedHashMap<>();
    for (String n : names) changed.put(n, new LinkedHashMap<>());
    long after = from;
    while (after < head) {
      List<Change> page = store.changes().read(after, 10_000);
      if (page.isEmpty()) break;
      for (Change c : page) {
        if (c.sequence() > head) {
          after = head;
          break;
        }
        Map<String, Change.Operation> keys = changed.get(c.entity());
        if (keys != null) {
          keys.remove(c.key());
          keys.put(c.key(), c.operation());
        }
        after = c.sequence();
      }
      ctx.progress(after - from);
    }
    long total = changed.values().stream().mapToLong(Map::size).sum();
    ctx.phase("exporting", total);
    long exported = 0;
    long deleted = 0;
    long done = 0;
    Map<String, List<Map<String, Object>>> tombstones = new LinkedHashMap<>();
    for (String name : names) {
      EntityConfig entity = entities.get(name);
      PackageWriter.EntityFile file = writer.begin(entity, Manifest.Kind.RECORDS);
      List<Map<String, Object>> gone = new ArrayList<>();
      for (String keyJson : changed.get(name).keySet()) {
        Map<String, Object> key = key(entity, keyJson);
        var record = store.get(name, key);
        if (record.isPresent()) {
          file.write(record.get().values());
          exported++;
        } else {
          gone.add(key);
        }
        ctx.progress(++done);
      }
      tombstones.put(name, gone);
    }
    for (String name : names) {
      List<Map<String, Object>> gone = tombstones.get(name);
      PackageWriter.EntityFile file = writer.begin(entities.get(name), Manifest.Kind.DELETIONS);
      for (Map<String, Object> key : gone) {
        file.write(key);
        deleted++;
      }
    }
    ctx.progressNow(done);
    return JobCounts.NONE.withExported(exported).withDeleted(deleted);
  }

  /** A change-log key ({@code {"id":42}}) as typed key values. */
  private static Map<String, Object> key(EntityConfig entity, String json) {
    JsonNode node = Requests.JSON.readTree(json);
    Map<String, Object> key = new LinkedHashMap<>();
    for (FieldConfig f : entity.keyFields()) {
      JsonNode v = node.get(f.name());
      key.put(f.name(), v == null || v.isNull() ? null : typed(f, v));
    }
    return key;
  }

  private static Object typed(FieldConfig f, JsonNode v) {
    return switch (f.type()) {
      case INTEGER -> v.asInt();
      case LONG -> v.asLong();
      case DECIMAL -> v.decimalValue();
      case BOOLEAN -> v.asBoolean();
      case DATE -> java.time.LocalDate.parse(v.asString());
      case DATETIME -> java.time.OffsetDateTime.parse(v.asString());
      default -> v.isString() ? v.asString() : v.toString();
    };
  }

  /** Field = value equality filters of one entity, values parsed by field type. */
  static Expr filter(EntityConfig entity, Map<String, String> equalities) {
    if (equalities == null || equalities.isEmpty()) return null;
    List<Expr> parts = new ArrayList<>();
    for (var e : equalities.entrySet()) {
      FieldConfig f =
          entity
              .field(e.getKey())
              .orElseThrow(
                  () ->
                      new JobException(
                          JobException.Reason.INVALID,
                          "filter of entity '"
                              + entity.name()
                              + "': '"
                              + e.getKey()
                              + "' is not one of its fields"));
      Object value;
      try {
        value = FieldText.parse(f, e.getValue());
      } catch (IllegalArgumentException bad) {
        throw new JobException(
            JobException.Reason.INVALID,
            "filter of entity '" + entity.name() + "': " + bad.getMessage());
      }
      parts.add(
          new Expr.Compare(Expr.CompareOp.EQ, new Expr.Field(f.name()), new Expr.Literal(value)));
    }
    return parts.size() == 1 ? parts.getFirst() : new Expr.And(parts);
  }

  static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
