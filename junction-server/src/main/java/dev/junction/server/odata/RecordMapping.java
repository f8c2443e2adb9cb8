package dev.junction.server.odata;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.store.StoredRecord;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.Property;
import org.apache.olingo.commons.api.data.ValueType;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.uri.UriParameter;

/** Converts between store records (engine Java types) and Olingo entities, keys and ETags. */
final class RecordMapping {
  private RecordMapping() {}

  /** The weak ETag of a record version. */
  static String etag(long version) {
    return "W/\"" + version + "\"";
  }

  /** An Olingo entity of {@code record} with the fields in {@code selected} (all when null). */
  static Entity entity(EntityConfig config, StoredRecord record, Set<String> selected) {
    Entity entity = new Entity();
    for (FieldConfig field : config.fields()) {
      if (selected != null
          && !selected.contains(field.name())
          && !config.key().contains(field.name())) {
        continue;
      }
      entity.addProperty(
          new Property(null, field.name(), ValueType.PRIMITIVE, toOData(record.get(field.name()))));
    }
    entity.setETag(etag(record.version()));
    return entity;
  }

  /** An engine value in the Java type Olingo serializes. */
  static Object toOData(Object value) {
    if (value instanceof OffsetDateTime t) return t.toZonedDateTime();
    return value;
  }

  /** The key of the addressed record, typed per the entity's key fields. */
  static Map<String, Object> key(EntityConfig config, List<UriParameter> predicates)
      throws ODataApplicationException {
    Map<String, Object> key = new LinkedHashMap<>();
    for (UriParameter p : predicates) {
      FieldConfig field =
          config
              .field(p.getName())
              .orElseThrow(
                  () ->
                      FilterTranslator.badRequest(
                          "Unknown key property '" + p.getName() + "' of " + config.name()));
      key.put(field.name(), literal(field, p.getText()));
    }
    return key;
  }

  /** A URI literal ({@code 'text'}, {@code 42}, {@code 2024-01-31}) as the field's Java type. */
  static Object literal(FieldConfig field, String text) throws ODataApplicationException {
    if (text == null || "null".equals(text)) return null;
    try {
      return switch (field.type()) {
        case STRING, JSON -> {
          if (text.length() < 2 || !text.startsWith("'") || !text.endsWith("'")) {
            throw new IllegalArgumentException("not a quoted string");
          }
          yield text.substring(1, text.length() - 1).replace("''", "'");
        }
        case INTEGER -> Integer.parseInt(text);
        case LONG -> Long.parseLong(text);
        case DECIMAL -> new BigDecimal(stripSuffix(text));
        case BOOLEAN -> {
          if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("not a boolean");
          }
          yield Boolean.parseBoolean(text);
        }
        case DATE -> LocalDate.parse(text);
        case DATETIME -> OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
      };
    } catch (RuntimeException e) {
      throw FilterTranslator.badRequest(
          "Invalid value for " + field.name() + " (" + field.type().configName() + "): " + text);
    }
  }

  private static String stripSuffix(String text) {
    return text.endsWith("M") || text.endsWith("m") ? text.substring(0, text.length() - 1) : text;
  }

  /** The row of field values carried by a deserialized {@code entity}. */
  static Map<String, Object> row(EntityConfig config, Entity entity)
      throws ODataApplicationException {
    Map<String, Object> row = new LinkedHashMap<>();
    for (Property property : entity.getProperties()) {
      FieldConfig field =
          config
              .field(property.getName())
              .orElseThrow(
                  () ->
                      FilterTranslator.badRequest(
                          "Unknown property '" + property.getName() + "' of " + config.name()));
      row.put(field.name(), fromOData(field, property.getValue()));
    }
    return row;
  }

  /** A deserialized Olingo value as the field's engine Java type. */
  static Object fromOData(FieldConfig field, Object value) throws ODataApplicationException {
    if (value == null) return null;
    FieldType type = field.type();
    try {
      return switch (type) {
        case STRING, JSON -> value.toString();
        case INTEGER ->
            value instanceof Number n
                ? Math.toIntExact(exactLong(n))
                : Integer.parseInt(value.toString());
        case LONG -> value instanceof Number n ? exactLong(n) : Long.parseLong(value.toString());
        case DECIMAL -> value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
        case BOOLEAN -> (Boolean) value;
        case DATE -> date(value);
        case DATETIME -> dateTime(value);
      };
    } catch (RuntimeException e) {
      throw FilterTranslator.badRequest(
          "Invalid value for property '"
              + field.name()
              + "' ("
              + type.configName()
              + "): "
              + abbreviate(String.valueOf(value)));
    }
  }

  private static long exactLong(Number n) {
    if (n instanceof BigDecimal d) return d.longValueExact();
    if (n instanceof BigInteger i) return i.longValueExact();
    if (n instanceof Double || n instanceof Float) {
      return new BigDecimal(n.toString()).longValueExact();
    }
    return n.longValue();
  }

  private static LocalDate date(Object value) {
    return switch (value) {
      case LocalDate d -> d;
      case java.sql.Date d -> d.toLocalDate();
      case Calendar c ->
          LocalDate.of(
              c.get(Calendar.YEAR), c.get(Calendar.MONTH) + 1, c.get(Calendar.DAY_OF_MONTH));
      case java.util.Date d -> d.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
      default -> LocalDate.parse(value.toString());
    };
  }

  private static OffsetDateTime dateTime(Object value) {
    return switch (value) {
      case OffsetDateTime t -> t;
      case ZonedDateTime t -> t.toOffsetDateTime();
      case Instant i -> i.atOffset(ZoneOffset.UTC);
      case java.sql.Timestamp t -> t.toInstant().atOffset(ZoneOffset.UTC);
      case Calendar c -> c.toInstant().atOffset(ZoneOffset.UTC);
      case java.util.Date d -> d.toInstant().atOffset(ZoneOffset.UTC);
      case LocalDateTime t -> t.atOffset(ZoneOffset.UTC);
      default -> OffsetDateTime.parse(value.toString());
    };
  }

  /** The URI literal of a key value, as used in a canonical URL ({@code Customer(42)}). */
  static String uriLiteral(FieldType type, Object value) {
    if (value == null) return "null";
    return switch (type) {
      case STRING, JSON -> "'" + value.toString().replace("'", "''") + "'";
      case DATETIME -> ((OffsetDateTime) value).toString();
      default -> value.toString();
    };
  }

  /** {@code Entity(key)} or {@code Entity(a=1,b='x')}. */
  static String canonicalPath(EntityConfig config, Map<String, ?> values) {
    StringBuilder sb = new StringBuilder(config.name()).append('(');
    List<FieldConfig> keys = config.keyFields();
    for (int i = 0; i < keys.size(); i++) {
      FieldConfig k = keys.get(i);
      if (i > 0) sb.append(',');
      if (keys.size() > 1) sb.append(k.name()).append('=');
      sb.append(
          java.net.URLEncoder.encode(
                  uriLiteral(k.type(), values.get(k.name())),
                  java.nio.charset.StandardCharsets.UTF_8)
              .replace("+", "%20"));
    }
    return sb.append(')').toString();
  }

  static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
