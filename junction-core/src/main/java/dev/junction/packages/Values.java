package dev.junction.packages;

import dev.junction.config.FieldConfig;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Text ⇄ typed values of entity fields, as they appear in package files. */
final class Values {
  private Values() {}

  /** Thrown for a value that does not parse; its message is the per-row error. */
  static final class BadValue extends Exception {
    BadValue(String message) {
      super(message, null, false, false);
    }
  }

  /** Parses {@code text} as a value of {@code field}; text is never null here. */
  static Object parse(FieldConfig field, String text) throws BadValue {
    try {
      return switch (field.type()) {
        case STRING, JSON -> text;
        case INTEGER -> Integer.parseInt(text.trim());
        case LONG -> Long.parseLong(text.trim());
        case DECIMAL -> new BigDecimal(text.trim());
        case BOOLEAN -> bool(text.trim());
        case DATE -> LocalDate.parse(text.trim());
        case DATETIME -> dateTime(text.trim());
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new BadValue(
          "'" + shorten(text) + "' is not " + article(field) + " " + field.type().configName());
    }
  }

  /** Converts a JSON number to the field's type. */
  static Object number(FieldConfig field, BigDecimal n) throws BadValue {
    try {
      return switch (field.type()) {
        case INTEGER -> n.intValueExact();
        case LONG -> n.longValueExact();
        case DECIMAL -> n;
        case STRING, JSON -> n.toPlainString();
        default ->
            throw new BadValue(
                "the number " + n + " is not " + article(field) + " " + field.type().configName());
      };
    } catch (ArithmeticException e) {
      throw new BadValue(
          "the number " + n + " is not " + article(field) + " " + field.type().configName());
    }
  }

  private static boolean bool(String s) throws BadValue {
    if (s.equalsIgnoreCase("true") || s.equals("1")) return true;
    if (s.equalsIgnoreCase("false") || s.equals("0")) return false;
    throw new BadValue("'" + shorten(s) + "' is not a boolean (true/false)");
  }

  private static OffsetDateTime dateTime(String s) {
    try {
      return OffsetDateTime.parse(s);
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(s).atOffset(ZoneOffset.UTC);
    }
  }

  /** The text of a stored value in a package file; null stays null. */
  static String format(Object value) {
    return switch (value) {
      case null -> null;
      case BigDecimal d -> d.toPlainString();
      case OffsetDateTime t -> t.toString();
      default -> value.toString();
    };
  }

  private static String article(FieldConfig f) {
    return switch (f.type()) {
      case INTEGER -> "an";
      default -> "a";
    };
  }

  static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
