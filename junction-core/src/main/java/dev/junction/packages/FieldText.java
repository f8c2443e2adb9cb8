package dev.junction.packages;

import dev.junction.config.FieldConfig;

/** Field values as text, the way package files write them. */
public final class FieldText {
  private FieldText() {}

  /**
   * Parses {@code text} as a value of {@code field} ({@code null} stays null).
   *
   * @throws IllegalArgumentException naming the value and the expected type
   */
  public static Object parse(FieldConfig field, String text) {
    if (text == null) return null;
    try {
      return Values.parse(field, text);
    } catch (Values.BadValue e) {
      throw new IllegalArgumentException(field.name() + ": " + e.getMessage(), e);
    }
  }

  /** The text of a stored value as package files write it; null stays null. */
  public static String format(Object value) {
    return Values.format(value);
  }
}
