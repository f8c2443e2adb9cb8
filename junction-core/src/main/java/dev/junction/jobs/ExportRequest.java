package dev.junction.jobs;

import dev.junction.packages.PackageFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to export.
 *
 * @param entities entity names, exported in relation order (parents first); empty to take them from
 *     {@code definition}
 * @param filters per entity, field → value equality filters (text, parsed by the field's type);
 *     applied to full exports
 * @param format file format in the package
 * @param incremental true to export only what changed since the definition's previous export, with
 *     deletions as tombstones; needs {@code definition}. The first incremental export of a
 *     definition is full.
 * @param definition export definition that remembers the change-log position, or null
 */
public record ExportRequest(
    List<String> entities,
    Map<String, Map<String, String>> filters,
    PackageFormat format,
    boolean incremental,
    String definition) {

  public ExportRequest {
    entities = entities == null ? List.of() : List.copyOf(entities);
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    if (filters != null) filters.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
    filters = java.util.Collections.unmodifiableMap(copy);
    format = format == null ? PackageFormat.CSV : format;
    if (incremental && (definition == null || definition.isBlank())) {
      throw new JobException(
          JobException.Reason.INVALID,
          "an incremental export needs a definition name, which remembers what was exported;"
              + " set 'definition'");
    }
  }

  /** A full export of {@code entities} as CSV. */
  public static ExportRequest of(String... entities) {
    return new ExportRequest(List.of(entities), Map.of(), PackageFormat.CSV, false, null);
  }

  public ExportRequest withDefinition(String name, boolean incrementally) {
    return new ExportRequest(
        entities, filters, format, incrementally, Objects.requireNonNull(name));
  }
}
