package dev.junction.config;

import static dev.junction.config.Problems.known;
import static dev.junction.config.Problems.quote;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Semantic checks of an integration's mappings: the entity and its fields exist, every key field is
 * mapped, a child's rows come from a child endpoint, constants convert to the field's type.
 */
final class MappingValidator {
  private final Problems p;

  MappingValidator(Problems p) {
    this.p = p;
  }

  void validate(IntegrationConfig i, IntegrationValidator.Context ctx) {
    for (MappingConfig m : i.mappings()) {
      if (!m.rows().isParent() && ctx.allIntegrations()) {
        IntegrationConfig child = ctx.bySortingOrder().get(m.rows().childSortingOrder());
        if (child == null || !descendsFrom(child, i, ctx)) {
          p.at(
              m,
              "rows",
              "no child endpoint of "
                  + quote(i.name())
                  + " has sortingOrder "
                  + m.rows().childSortingOrder());
        }
      }
      var entity = ctx.config().entity(m.entity());
      if (entity.isEmpty()) {
        if (ctx.allEntities()) {
          p.at(
              m,
              "entity",
              "unknown entity "
                  + quote(m.entity())
                  + known(ctx.config().entities().stream().map(EntityConfig::name).toList()));
        }
        continue;
      }
      fieldMappings(m, entity.get());
    }
  }

  private static boolean descendsFrom(
      IntegrationConfig child, IntegrationConfig root, IntegrationValidator.Context ctx) {
    Set<Integer> seen = new HashSet<>();
    IntegrationConfig cur = child;
    while (cur != null && cur.isChild() && seen.add(cur.sortingOrder())) {
      if (cur.chaining().parentEndpointSortOrder() == root.sortingOrder()) return true;
      cur = ctx.bySortingOrder().get(cur.chaining().parentEndpointSortOrder());
    }
    return false;
  }

  private void fieldMappings(MappingConfig m, EntityConfig e) {
    Map<String, FieldMapping> seen = new HashMap<>();
    List<String> names = e.fields().stream().map(FieldConfig::name).toList();
    for (FieldMapping f : m.fields()) {
      var field = e.field(f.field());
      if (field.isEmpty()) {
        if (!p.incomplete(e, "fields")) {
          p.at(
              f,
              "field",
              "unknown field " + quote(f.field()) + " of entity " + quote(e.name()) + known(names));
        }
        continue;
      }
      if (seen.putIfAbsent(f.field(), f) != null) {
        p.at(f, "field", "field " + quote(f.field()) + " is mapped twice");
      }
      if (f.source() != null && f.constant() != null) {
        p.at(f, "give either source or constant, not both");
      } else if (f.source() == null && f.constant() == null) {
        p.at(f, "missing required key 'source' or 'constant'");
      } else if (f.source() != null && !Problems.JSON_PATH.matcher(f.source()).matches()) {
        p.at(f, "source", IntegrationValidator.badPath(f.source()));
      }
      FieldType type = field.get().type();
      if (f.format() != null) {
        if (type != FieldType.DATE && type != FieldType.DATETIME) {
          p.at(f, "format", "a format applies only to date and datetime fields");
        } else {
          try {
            DateTimeFormatter.ofPattern(f.format());
          } catch (IllegalArgumentException ex) {
            p.at(f, "format", "invalid date-time pattern " + quote(f.format()));
          }
        }
      }
      if (f.constant() != null && f.format() == null && !convertible(f.constant(), field.get())) {
        p.at(
            f,
            "constant",
            "constant "
                + quote(f.constant())
                + " is not a valid "
                + type.configName()
                + " for field "
                + quote(f.field()));
      }
    }
    if (!p.incomplete(m, "fields")) {
      for (String k : e.key()) {
        if (!seen.containsKey(k)) {
          p.at(
              m,
              "fields",
              "key field " + quote(k) + " of entity " + quote(e.name()) + " is not mapped");
        }
      }
    }
  }

  private static boolean convertible(String text, FieldConfig field) {
    try {
      switch (field.type()) {
        case STRING -> {
          return text.length() <= field.length();
        }
        case INTEGER -> Integer.parseInt(text.strip());
        case LONG -> Long.parseLong(text.strip());
        case DECIMAL -> {
          BigDecimal d = new BigDecimal(text.strip());
          return d.precision() - d.scale() <= field.precision() - field.scale();
        }
        case BOOLEAN -> {
          return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false");
        }
        case DATE -> LocalDate.parse(text.strip());
        case DATETIME -> OffsetDateTime.parse(text.strip());
        case JSON -> {
          return true;
        }
      }
      return true;
    } catch (NumberFormatException | DateTimeException e) {
      return false;
    }
  }
}
