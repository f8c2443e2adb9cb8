package dev.junction.pipeline;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldMapping;
import dev.junction.config.MappingConfig;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Maps rows into one entity's records: renames and nested paths, parent values ({@code
 * parent.<path>} in child rows), constants, conversion to the field's type, then validation
 * (required and key fields present, string length, decimal precision and scale). A row that fails
 * yields a {@link Rejection} instead of a record.
 */
final class RowMapper {
  /** Why a row was not mapped. */
  record Rejection(String field, String reason) {}

  /** The mapped record or the rejection. */
  record Result(Map<String, Object> record, Rejection rejection) {}

  private record Compiled(
      FieldConfig field,
      JsonPath path,
      boolean fromParent,
      String source,
      JsonNode constant,
      DateTimeFormatter format) {}

  private final MappingConfig mapping;
  private final EntityConfig entity;
  private final List<Compiled> fields;

  RowMapper(MappingConfig mapping, EntityConfig entity) {
    this.mapping = mapping;
    this.entity = entity;
    boolean childRows = !mapping.rows().isParent();
    List<Compiled> compiled = new ArrayList<>();
    for (FieldMapping fm : mapping.fields()) {
      FieldConfig field =
          entity
              .field(fm.field())
              .orElseThrow(
                  () ->
                      new PipelineException(
                          "Mapping to entity '"
                              + entity.name()
                              + "': field '"
                              + fm.field()
                              + "' does not exist; fields are "
                              + entity.fields().stream().map(FieldConfig::name).toList()));
      DateTimeFormatter format =
          fm.format() == null ? null : DateTimeFormatter.ofPattern(fm.format());
      if (fm.source() != null) {
        boolean parent = childRows && fm.source().startsWith(PARENT_PREFIX);
        String p = parent ? fm.source().substring(PARENT_PREFIX.length()) : fm.source();
        compiled.add(new Compiled(field, JsonPath.compile(p), parent, fm.source(), null, format));
      } else if (fm.constant() != null) {
        compiled.add(
            new Compiled(
                field,
                null,
                false,
                "constant",
                JsonNodeFactory.instance.stringNode(fm.constant()),
                format));
      } else {
        throw new PipelineException(
            "Mapping to entity '"
                + entity.name()
                + "': field '"
                + fm.field()
                + "' has neither source nor constant");
      }
    }
    this.fields = List.copyOf(compiled);
  }

  /** In a child row, a source starting with this reads the parent row. */
  static final String PARENT_PREFIX = "parent.";

  MappingConfig mapping() {
    return mapping;
  }

  Result map(Row row) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Compiled c : fields) {
      JsonNode node;
      if (c.constant() != null) node = c.constant();
      else if (c.fromParent()) node = row.parent() == null ? null : c.path().read(row.parent());
      else node = c.path().read(row.data());
      Object value;
      try {
        value = convert(node, c.field(), c.format());
      } catch (IllegalArgumentException e) {
        return new Result(
            null, new Rejection(c.field().name(), e.getMessage() + " (from " + c.source() + ")"));
      }
      out.put(c.field().name(), value);
    }
    for (FieldConfig f : entity.fields()) {
      boolean required = f.required() || entity.key().contains(f.name());
      if (required && out.get(f.name()) == null) {
        String from =
            fields.stream()
                .filter(c -> c.field() == f)
                .map(Compiled::source)
                .findFirst()
                .orElse(null);
        return new Result(
            null,
            new Rejection(
                f.name(),
                "required field is missing"
                    + (from == null
                        ? " (not mapped)"
                        : " (path '" + from + "' is absent or null)")));
      }
    }
    return new Result(out, null);
  }

  /** Converts a JSON value to the field's Java type; throws with the reason and the bad value. */
  static Object convert(JsonNode node, FieldConfig field, DateTimeFormatter format) {
    if (node == null || node.isNull() || node.isMissingNode()) return null;
    return switch (field.type()) {
      case STRING -> {
        if (node.isContainer()) throw bad("expected text, got " + kind(node), node);
        String s = node.asString();
        if (s.length() > field.length())
          throw new IllegalArgumentException(
              "text of " + s.length() + " characters exceeds length " + field.length());
        yield s;
      }
      case INTEGER -> {
        BigInteger i = integral(node);
        if (i.bitLength() > 31) throw bad("out of range for integer", node);
        yield i.intValue();
      }
      case LONG -> {
        BigInteger i = integral(node);
        if (i.bitLength() > 63) throw bad("out of range for long", node);
        yield i.longValue();
      }
      case DECIMAL -> {
        BigDecimal d = decimal(node);
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() > field.scale())
          throw bad("has more than " + field.scale() + " decimal places", node);
        BigDecimal scaled = d.setScale(field.scale());
        if (scaled.precision() > field.precision())
          throw bad("has more than " + field.precision() + " digits", node);
        yield scaled;
      }
      case BOOLEAN -> {
        if (node.isBoolean()) yield node.booleanValue();
        if (node.isString()) {
          String s = node.asString().trim().toLowerCase(java.util.Locale.ROOT);
          if (s.equals("true") || s.equals("yes") || s.equals("1")) yield true;
          if (s.equals("false") || s.equals("no") || s.equals("0")) yield false;
        }
        if (node.isIntegralNumber() && (node.asInt() == 0 || node.asInt() == 1))
          yield node.asInt() == 1;
        throw bad("expected a boolean", node);
      }
      case DATE -> {
        if (!node.isString()) throw bad("expected a date (yyyy-MM-dd)", node);
        String s = node.asString().trim();
        try {
          if (format != null) yield LocalDate.parse(s, format);
          yield s.length() > 10 ? OffsetDateTime.parse(s).toLocalDate() : LocalDate.parse(s);
        } catch (DateTimeParseException e) {
          throw bad("expected a date (yyyy-MM-dd)", node);
        }
      }
      case DATETIME -> {
        if (!node.isString()) throw bad("expected a date-time with offset", node);
        String s = node.asString().trim();
        try {
          yield format == null ? OffsetDateTime.parse(s) : OffsetDateTime.parse(s, format);
        } catch (DateTimeParseException e) {
          try {
            yield (format == null
                    ? java.time.LocalDateTime.parse(s)
                    : java.time.LocalDateTime.parse(s, format))
                .atOffset(ZoneOffset.UTC);
          } catch (DateTimeParseException e2) {
            throw bad("expected an ISO-8601 date-time", node);
          }
        }
      }
      case JSON -> node.toString();
    };
  }

  private static BigInteger integral(JsonNode node) {
    BigDecimal d = decimal(node);
    try {
      return d.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw bad("expected a whole number", node);
    }
  }

  private static BigDecimal decimal(JsonNode node) {
    if (node.isNumber()) return node.decimalValue();
    if (node.isString()) {
      try {
        return new BigDecimal(node.asString().trim());
      } catch (NumberFormatException e) {
        throw bad("expected a number", node);
      }
    }
    throw bad("expected a number, got " + kind(node), node);
  }

  private static String kind(JsonNode node) {
    return node.isObject()
        ? "an object"
        : node.isArray() ? "an array" : node.isBoolean() ? "a boolean" : "a value";
  }

  private static IllegalArgumentException bad(String what, JsonNode node) {
    String v = node.toString();
    if (v.length() > 80) v = v.substring(0, 80) + "…";
    return new IllegalArgumentException(what + ": " + v);
  }
}
