package dev.junction.pipeline;

import java.util.Objects;

/**
 * Where one entity field's value comes from: a JSON path in the row ({@code customer.id}), a path
 * in the parent row ({@code $parent.id}, for child rows), or a constant.
 *
 * @param field the entity field
 * @param path JSON path, or {@code null} when {@code constant} is used
 * @param constant constant value (text, number or boolean, converted to the field's type), or
 *     {@code null}
 */
public record FieldMapping(String field, String path, Object constant) {
  public static final String PARENT_PREFIX = "$parent.";

  public FieldMapping {
    Objects.requireNonNull(field, "field");
    if ((path == null) == (constant == null))
      throw new IllegalArgumentException(
          "field mapping '" + field + "' needs exactly one of path and constant");
    if (path != null)
      JsonPath.compile(
          path.startsWith(PARENT_PREFIX) ? path.substring(PARENT_PREFIX.length()) : path);
  }

  public static FieldMapping path(String field, String path) {
    return new FieldMapping(field, path, null);
  }

  public static FieldMapping constant(String field, Object value) {
    return new FieldMapping(field, null, value);
  }
}
