package dev.junction.sync;

import dev.junction.StoreException;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.store.Expr;
import dev.junction.store.KeyJson;
import dev.junction.store.StoredRecord;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts between the change log's canonical key JSON ({@code {"id":42}}, key fields in key order,
 * written by the store) and typed key values, and builds the filter that reads a page's records in
 * one query.
 */
final class EntityKeys {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final EntityConfig entity;
  private final List<FieldConfig> keyFields;

  /** Positions of the key fields among the entity's fields, in key order. */
  private final int[] keyIndexes;

  /** Whether a single key value identifies a record on its own in a hash map (see lookup). */
  private final boolean plainKey;

  /** {@code {"id":} for a single integer key (parsed without a JSON parser), else null. */
  private final String numericPrefix;

  EntityKeys(EntityConfig entity) {
    this.entity = entity;
    this.keyFields = entity.keyFields();
    List<FieldConfig> fields = entity.fields();
    this.keyIndexes = new int[keyFields.size()];
    for (int i = 0; i < keyIndexes.length; i++) keyIndexes[i] = fields.indexOf(keyFields.get(i));
    this.plainKey =
        keyFields.size() == 1
            && switch (keyFields.getFirst().type()) {
              case LONG, INTEGER, STRING -> true;
              default -> false;
            };
    FieldConfig only = keyFields.size() == 1 ? keyFields.getFirst() : null;
    this.numericPrefix =
        only != null
                && (only.type() == dev.junction.config.FieldType.LONG
                    || only.type() == dev.junction.config.FieldType.INTEGER)
                && only.name().chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\')
            ? "{\"" + only.name() + "\":"
            : null;
  }

  EntityConfig entity() {
    return entity;
  }

  /** Typed key values of canonical key JSON. */
  Map<String, Object> parse(String keyJson) {
    if (numericPrefix != null && keyJson.startsWith(numericPrefix) && keyJson.endsWith("}")) {
      try {
        long v = Long.parseLong(keyJson, numericPrefix.length(), keyJson.length() - 1, 10);
        FieldConfig f = keyFields.getFirst();
        Map<String, Object> key = new LinkedHashMap<>(2);
        key.put(
            f.name(),
            f.type() == dev.junction.config.FieldType.INTEGER
                ? (Object) Math.toIntExact(v)
                : (Object) v);
        return key;
      } catch (NumberFormatException | ArithmeticException e) {
        // not the canonical form: the JSON parser below decides
      }
    }
    JsonNode node;
    try {
      node = JSON.readTree(keyJson);
    } catch (RuntimeException e) {
      throw new StoreException(
          "Entity '" + entity.name() + "': change log key " + keyJson + " is not JSON", e);
    }
    Map<String, Object> key = new LinkedHashMap<>();
    for (FieldConfig f : keyFields) {
      JsonNode v = node.get(f.name());
      if (v == null || v.isNull()) {
        throw new StoreException(
            "Entity '"
                + entity.name()
                + "': change log key "
                + keyJson
                + " lacks key field '"
                + f.name()
                + "'");
      }
      key.put(f.name(), typed(f, v));
    }
    return key;
  }

  private static Object typed(FieldConfig f, JsonNode v) {
    return switch (f.type()) {
      case INTEGER -> v.asInt();
      case LONG -> v.asLong();
      case DECIMAL -> new BigDecimal(v.asString());
      case BOOLEAN -> v.asBoolean();
      case DATE -> LocalDate.parse(v.asString());
      case DATETIME -> OffsetDateTime.parse(v.asString());
      case STRING, JSON -> v.asString();
    };
  }

  /** The key values of {@code record}, in key order. */
  Map<String, Object> keyOf(StoredRecord record) {
    Map<String, Object> key = new LinkedHashMap<>();
    for (FieldConfig f : keyFields) key.put(f.name(), record.get(f.name()));
    return key;
  }

  /**
   * A hash key identifying the record with typed key values {@code key}: the value itself for a
   * single integer or string key, else the canonical key JSON.
   */
  Object lookup(Map<String, ?> key) {
    return plainKey ? key.get(keyFields.getFirst().name()) : json(key);
  }

  /** {@link #lookup(Map)} of canonical key JSON (a single integer key without any map). */
  Object lookup(String keyJson) {
    if (numericPrefix != null
        && keyJson.startsWith(numericPrefix)
        && keyJson.endsWith("}")
        && keyFields.getFirst().type() == dev.junction.config.FieldType.LONG) {
      try {
        return Long.parseLong(keyJson, numericPrefix.length(), keyJson.length() - 1, 10);
      } catch (NumberFormatException e) {
        // not the canonical form: parse decides
      }
    }
    return lookup(parse(keyJson));
  }

  /** Whether {@link #lookup(Map)} is the single key field's value itself. */
  boolean plainKey() {
    return plainKey;
  }

  /** {@link #lookup(Map)} of a record's field values in entity field order. */
  Object lookup(Object[] values) {
    if (plainKey) return values[keyIndexes[0]];
    Map<String, Object> key = new LinkedHashMap<>();
    for (int i = 0; i < keyIndexes.length; i++) {
      key.put(keyFields.get(i).name(), values[keyIndexes[i]]);
    }
    return json(key);
  }

  /** Canonical JSON of typed key values, exactly as the store writes it into the change log. */
  String json(Map<String, ?> key) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < keyFields.size(); i++) {
      if (i > 0) sb.append(',');
      String name = keyFields.get(i).name();
      KeyJson.appendMember(sb, name, key.get(name));
    }
    return sb.append('}').toString();
  }

  /** The key values in key order (a keyset continuation for a query ordered by key). */
  List<Object> values(Map<String, ?> key) {
    List<Object> values = new ArrayList<>(keyFields.size());
    for (FieldConfig f : keyFields) values.add(key.get(f.name()));
    return values;
  }

  /** A filter matching exactly the records with these keys. */
  Expr filter(List<Map<String, Object>> keys) {
    if (keyFields.size() == 1) {
      String name = keyFields.getFirst().name();
      return new Expr.In(
          Expr.field(name), keys.stream().map(k -> (Expr) Expr.literal(k.get(name))).toList());
    }
    List<Expr> any = new ArrayList<>(keys.size());
    for (Map<String, Object> key : keys) {
      List<Expr> all = new ArrayList<>(keyFields.size());
      for (FieldConfig f : keyFields) all.add(Expr.eq(f.name(), key.get(f.name())));
      any.add(new Expr.And(all));
    }
    return new Expr.Or(any);
  }
}
