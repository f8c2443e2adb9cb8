package dev.junction.packages;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code manifest.json} of a package: what it holds and where it came from.
 *
 * @param version format version, {@code 1}
 * @param format format of every entity file
 * @param source who wrote it (e.g. {@code junction export job 42}); free text
 * @param created when it was written
 * @param incremental true when it holds only changes since the previous export of its definition
 * @param fromSequence change-log position the changes start after (0 for a full export)
 * @param toSequence change-log position the package is complete up to
 * @param entries one per entity file, in import order
 */
public record Manifest(
    int version,
    PackageFormat format,
    String source,
    Instant created,
    boolean incremental,
    long fromSequence,
    long toSequence,
    List<Entry> entries) {

  /** The manifest's name inside the zip. */
  public static final String FILE = "manifest.json";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  public Manifest {
    if (version != 1) {
      throw new PackageException(
          "manifest.json: version " + version + " is not supported; this Junction reads version 1");
    }
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(created, "created");
    source = source == null ? "" : source;
    entries = List.copyOf(entries);
  }

  /** What an entity file holds. */
  public enum Kind {
    /** Whole records, one per row. */
    RECORDS,
    /** Keys of deleted records (tombstones), one per row. */
    DELETIONS
  }

  /**
   * One entity file.
   *
   * @param entity entity name
   * @param file path of the file inside the zip
   * @param kind records or deletions
   * @param rows number of data rows, or {@code -1} when unknown
   */
  public record Entry(String entity, String file, Kind kind, long rows) {
    public Entry {
      Objects.requireNonNull(entity, "entity");
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /** The manifest as JSON bytes. */
  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", version);
    root.put("format", format.extension());
    root.put("source", source);
    root.put("created", created.toString());
    root.put("incremental", incremental);
    root.put("fromSequence", fromSequence);
    root.put("toSequence", toSequence);
    ArrayNode list = root.putArray("entities");
    for (Entry e : entries) {
      ObjectNode n = list.addObject();
      n.put("entity", e.entity());
      n.put("file", e.file());
      n.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
      n.put("rows", e.rows());
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }

  /**
   * Reads a manifest, listing every problem at once.
   *
   * @throws PackageException naming each missing or wrong member
   */
  public static Manifest parse(byte[] json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new PackageException(
          "manifest.json is not valid JSON ("
              + e.getOriginalMessage()
              + "); the package is refused");
    }
    if (root == null || !root.isObject()) {
      throw new PackageException("manifest.json must be a JSON object; the package is refused");
    }
    List<String> problems = new ArrayList<>();
    int version = root.path("version").asInt(-1);
    if (version != 1) problems.add("'version' must be 1, was " + root.path("version"));
    PackageFormat format = null;
    try {
      format = PackageFormat.parse(root.path("format").asString(""));
    } catch (PackageException e) {
      problems.add("'format' must be \"csv\" or \"jsonl\", was " + root.path("format"));
    }
    Instant created = Instant.EPOCH;
    if (root.hasNonNull("created")) {
      try {
        created = Instant.parse(root.get("created").asString());
      } catch (DateTimeParseException e) {
        problems.add("'created' must be an ISO-8601 instant, was " + root.get("created"));
      }
    }
    List<Entry> entries = new ArrayList<>();
    JsonNode list = root.path("entities");
    if (!list.isArray() || list.isEmpty()) {
      problems.add("'entities' must be a non-empty array of {entity, file, kind, rows}");
    } else {
      Set<String> files = new HashSet<>();
      for (int i = 0; i < list.size(); i++) {
        JsonNode n = list.get(i);
        String entity = n.path("entity").asString("");
        String file = n.path("file").asString("");
        String kindText = n.path("kind").asString("records");
        if (entity.isBlank()) problems.add("entities[" + i + "].entity is missing");
        if (file.isBlank()) problems.add("entities[" + i + "].file is missing");
        else if (!files.add(file)) problems.add("entities[" + i + "].file '" + file + "' repeats");
        Kind kind = null;
        try {
          kind = Kind.valueOf(kindText.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
          problems.add(
              "entities[" + i + "].kind must be records or deletions, was '" + kindText + "'");
        }
        JsonNode rows = n.path("rows");
        if (!rows.isMissingNode() && !rows.isNull() && !rows.isIntegralNumber()) {
          problems.add("entities[" + i + "].rows must be a whole number, was " + rows);
        }
        if (!entity.isBlank() && !file.isBlank() && kind != null) {
          entries.add(new Entry(entity, file, kind, rows.isIntegralNumber() ? rows.asLong() : -1));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new PackageException(
          "manifest.json is wrong: " + String.join("; ", problems) + "; the package is refused");
    }
    return new Manifest(
        1,
        format,
        root.path("source").asString(""),
        created,
        root.path("incremental").asBoolean(false),
        root.path("fromSequence").asLong(0),
        root.path("toSequence").asLong(0),
        entries);
  }
}
