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
    @Required String name,
    @Required FieldType type,
    @Default("255") @Min(1) @Max(MAX_LENGTH) int length,
    @Default("18") @Min(1) @Max(MAX_PRECISION) int precision,
    @Default("2") @Min(0) @Max(MAX_PRECISION) int scale,
    boolean required,
    boolean detail) {

  public static final int DEFAULT_LENGTH = 255;
  public static final int DEFAULT_PRECISION = 18;
  public static final int DEFAULT_SCALE = 2;

  /** Longest string field: PostgreSQL's {@code varchar} limit. */
  public static final int MAX_LENGTH = 10_485_760;

  /** Most decimal digits: PostgreSQL's {@code numeric} limit. */
  public static final int MAX_PRECISION = 1000;

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
