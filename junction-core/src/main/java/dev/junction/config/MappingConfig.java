package dev.junction.config;

import java.util.List;
import java.util.Objects;

/**
 * How the rows of an integration become records of one entity.
 *
 * @param entity target entity name
 * @param rows which rows of the run's row stream to map: {@code parent} (default; the integration's
 *     own rows, merged with its aggregation sources) or {@code child <sortingOrder>} (the rows of
 *     one child endpoint of the chain)
 * @param fields one mapping per entity field; every key field must be mapped
 */
public record MappingConfig(
    @Required String entity, @Default("parent") Rows rows, @Required List<FieldMapping> fields) {

  public MappingConfig {
    Objects.requireNonNull(entity, "entity");
    rows = rows == null ? Rows.PARENT : rows;
    fields = List.copyOf(fields);
  }

  /** Which rows a mapping reads: the parent rows, or the rows of one child endpoint. */
  public record Rows(int childSortingOrder) {
    public static final Rows PARENT = new Rows(0);

    public Rows {
      if (childSortingOrder < 0) {
        throw new IllegalArgumentException("child sorting order must be positive");
      }
    }

    /** Parses {@code parent} or {@code child <sortingOrder>}. */
    public static Rows parse(String text) {
      String t = text.strip();
      if (t.equalsIgnoreCase("parent")) return PARENT;
      String[] parts = t.split("\\s+");
      if (parts.length == 2 && parts[0].equalsIgnoreCase("child")) {
        try {
          int so = Integer.parseInt(parts[1]);
          if (so > 0) return new Rows(so);
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      throw new IllegalArgumentException(
          "expected 'parent' or 'child <sortingOrder>', got '" + Scalars.shorten(t) + "'");
    }

    public boolean isParent() {
      return childSortingOrder == 0;
    }

    @Override
    public String toString() {
      return isParent() ? "parent" : "child " + childSortingOrder;
    }
  }
}
