package dev.junction.config;

/**
 * The type of an entity field, with the Java type that carries its values in the engine.
 *
 * <ul>
 *   <li>{@code STRING} — {@link String}, bounded by the field's {@code length}
 *   <li>{@code INTEGER} — {@link Integer}; {@code LONG} — {@link Long}
 *   <li>{@code DECIMAL} — {@link java.math.BigDecimal} with the field's precision and scale
 *   <li>{@code BOOLEAN} — {@link Boolean}
 *   <li>{@code DATE} — {@link java.time.LocalDate}
 *   <li>{@code DATETIME} — {@link java.time.OffsetDateTime} (an instant with its zone offset)
 *   <li>{@code JSON} — {@link String} holding a JSON document
 * </ul>
 */
public enum FieldType {
  STRING,
  INTEGER,
  LONG,
  DECIMAL,
  BOOLEAN,
  DATE,
  DATETIME,
  JSON;

  /** The lower-case name used in YAML config. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
