package dev.junction.config;

import java.util.Objects;

/**
 * One entity field's value: read from the row at a JSON path, or a constant; converted to the
 * field's type.
 *
 * @param field entity field name
 * @param source path in the row, dotted with optional {@code [n]} indexes and an optional {@code
 *     $.} prefix (e.g. {@code customer.no}, {@code $.lines[0].sku}); in a child row, {@code
 *     parent.} reads the parent row; exactly one of {@code source} and {@code constant}
 * @param constant a constant value written as text, converted like a source value
 * @param format a {@link java.time.format.DateTimeFormatter} pattern for date and datetime fields
 *     whose source is not ISO-8601, or null
 */
public record FieldMapping(@Required String field, String source, String constant, String format) {
  public FieldMapping {
    Objects.requireNonNull(field, "field");
  }

  public static FieldMapping from(String field, String source) {
    return new FieldMapping(field, source, null, null);
  }
}
