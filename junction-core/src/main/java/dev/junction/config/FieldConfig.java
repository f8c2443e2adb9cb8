package dev.junction.config;

import java.util.Objects;

/**
 * One typed field of an entity.
 *
 * @param name field name as used in the API (also the column name, lower-cased by the store)
 * @param type value type
 * @param length maximum length for {@code STRING} (default 255), ignored otherwise
 * @param precision total digits for {@code DECIMAL} (default 18), ignored otherwise
 * @param scale digits after the point for {@code DECIMAL} (default 2), ignored otherwise
 * @param required true when a record must carry a non-null value (key fields always must)
 * @param detail true for a <em>detail</em> field (fetched on demand), false for a summary field
 */
public record FieldConfig(
    String name,
    FieldType type,
    int length,
    int precision,
    int scale,
    boolean required,
    boolean detail) {

  public static final int DEFAULT_LENGTH = 255;
  public static final int DEFAULT_PRECISION = 18;
  public static final int DEFAULT_SCALE = 2;

  public FieldConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (type == FieldType.STRING && length <= 0) length = DEFAULT_LENGTH;
    if (type == FieldType.DECIMAL && precision <= 0) precision = DEFAULT_PRECISION;
    if (type == FieldType.DECIMAL && scale < 0) scale = DEFAULT_SCALE;
  }

  /** A field with default length, precision and scale. */
  public static FieldConfig of(String name, FieldType type) {
    return new FieldConfig(name, type, 0, 0, DEFAULT_SCALE, false, false);
  }
}
