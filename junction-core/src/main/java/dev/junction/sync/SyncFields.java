package dev.junction.sync;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.config.SyncApiConfig;
import dev.junction.store.StoredRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Sync API field mappings: which fields a returned record has and their names. Without mappings
 * a record is returned with its entity field names. A mapping's source is a JSON path whose first
 * step names an entity field; further steps read inside a {@code json} field.
 */
final class SyncFields {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern STEP = Pattern.compile("([^.\\[\\]]+)((?:\\[\\d+])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

  /** The removal marker's value. */
  static final Map<String, Object> REMOVED = Map.of("reason", "deleted");

  private record Mapped(String name, String field, int index, List<Object> path, boolean json) {}

  private final EntityConfig entity;
  private final List<Mapped> mapped;
  private final Map<String, String> keyNames = new LinkedHashMap<>();

  SyncFields(EntityConfig entity, SyncApiConfig config) {
    this.entity = entity;
    List<Mapped> m = new ArrayList<>();
    for (SyncApiConfig.Field f : config.fields()) m.add(parse(entity, f));
    this.mapped = List.copyOf(m);
    for (String k : entity.key()) {
      String name = k;
      for (Mapped x : mapped) {
        if (x.field().equals(k) && x.path().isEmpty()) {
          name = x.name();
          break;
        }
      }
      keyNames.put(k, name);
    }
  }

  private static Mapped parse(EntityConfig entity, SyncApiConfig.Field f) {
    String source = f.source().startsWith("$.") ? f.source().substring(2) : f.source();
    String[] steps = source.split("\\.");
    List<Object> path = new ArrayList<>();
    String field = null;
    for (String step : steps) {
      Matcher m = STEP.matcher(step);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "Sync API field '" + f.name() + "': source '" + f.source() + "' is not a JSON path");
      }
      if (field == null) field = m.group(1);
      else path.add(m.group(1));
      Matcher i = INDEX.matcher(m.group(2));
      while (i.find()) path.add(Integer.parseInt(i.group(1)));
    }
    String name = field;
    FieldConfig fc =
        entity
            .field(name)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Sync API field '"
                            + f.name()
                            + "': source '"
                            + f.source()
                            + "' names no field of entity '"
                            + entity.name()
                            + "'"));
    return new Mapped(
        f.name(), name, entity.fields().indexOf(fc), path, fc.type() == FieldType.JSON);
  }

  /** The record as the Sync API returns it. */
  Map<String, Object> project(StoredRecord record) {
    if (mapped.isEmpty()) return new LinkedHashMap<>(record.values());
    Map<String, Object> out = new LinkedHashMap<>();
    for (Mapped m : mapped) {
      Object v = record.get(m.field());
      if (!m.path().isEmpty()) v = m.json() && v instanceof String s ? navigate(s, m.path()) : null;
      out.put(m.name(), v);
    }
    return out;
  }

  /** The names of a returned record's fields, in order (see {@link #project(Object[])}). */
  List<String> names() {
    if (mapped.isEmpty()) return entity.fields().stream().map(FieldConfig::name).toList();
    return mapped.stream().map(Mapped::name).toList();
  }

  /** The names of a deletion marker's key fields, in order (see {@link #removedValues}). */
  List<String> keyNames() {
    return List.copyOf(keyNames.values());
  }

  /**
   * {@link #project(StoredRecord)} of a record's field values in entity field order: the values of
   * {@link #names()}, in order ({@code values} itself when there are no mappings).
   */
  Object[] project(Object[] values) {
    if (mapped.isEmpty()) return values;
    Object[] out = new Object[mapped.size()];
    for (int i = 0; i < out.length; i++) {
      Mapped m = mapped.get(i);
      Object v = values[m.index()];
      if (!m.path().isEmpty()) v = m.json() && v instanceof String s ? navigate(s, m.path()) : null;
      out[i] = v;
    }
    return out;
  }

  /** {@link #removed}'s key values, in {@link #keyNames()} order. */
  Object[] removedValues(Map<String, Object> key) {
    Object[] out = new Object[keyNames.size()];
    int i = 0;
    for (String k : keyNames.keySet()) out[i++] = key.get(k);
    return out;
  }

  /** The deletion marker of {@code key}: the key fields (mapped names) and {@code @removed}. */
  Map<String, Object> removed(Map<String, Object> key) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> k : keyNames.entrySet())
      out.put(k.getValue(), key.get(k.getKey()));
    out.put("@removed", REMOVED);
    return out;
  }

  EntityConfig entity() {
    return entity;
  }

  private static Object navigate(String json, List<Object> path) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (RuntimeException e) {
      return null;
    }
    for (Object step : path) {
      node = step instanceof Integer i ? node.get(i) : node.get((String) step);
      if (node == null || node.isNull() || node.isMissingNode()) return null;
    }
    return JSON.treeToValue(node, Object.class);
  }
}
