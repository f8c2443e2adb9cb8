package dev.junction.packages;

import dev.junction.config.FieldConfig;
import java.math.BigDecimal;
import java.time.DateTimeException;
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
        case DATE -> date(text.trim());
        case DATETIME -> dateTime(text.trim());
      };
    } catch (NumberFormatException | DateTimeException e) {
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

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** {@code yyyy-MM-dd} without the formatter machinery (a hot path of every import). */
  private static LocalDate date(String s) {
    if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
      int y = digits(s, 0, 4);
      int m = digits(s, 5, 2);
      int d = digits(s, 8, 2);
      if (y >= 0 && m >= 0 && d >= 0) return LocalDate.of(y, m, d);
    }
    return LocalDate.parse(s);
  }

  /** {@code yyyy-MM-ddTHH:mm[:ss[.f…]](Z|±HH:MM)} fast; anything else through the parser. */
  private static OffsetDateTime fastDateTime(String s) {
    int n = s.length();
    if (n < 17 || s.charAt(10) != 'T' || s.charAt(13) != ':') return null;
    LocalDate date;
    try {
      date = s.charAt(4) == '-' && s.charAt(7) == '-' ? date(s.substring(0, 10)) : null;
    } catch (DateTimeException e) {
      return null;
    }
    if (date == null) return null;
    int hh = digits(s, 11, 2);
    int mm = digits(s, 14, 2);
    int i = 16;
    int ss = 0;
    int nanos = 0;
    if (i < n && s.charAt(i) == ':') {
      if (i + 3 > n) return null;
      ss = digits(s, i + 1, 2);
      i += 3;
      if (i < n && s.charAt(i) == '.') {
        int start = ++i;
        while (i < n && Character.isDigit(s.charAt(i))) i++;
        int len = i - start;
        if (len == 0 || len > 9) return null;
        nanos = digits(s, start, len);
        for (int k = len; k < 9; k++) nanos *= 10;
      }
    }
    if (hh < 0 || mm < 0 || ss < 0 || i >= n) return null;
    ZoneOffset offset;
    if (s.charAt(i) == 'Z' && i == n - 1) {
      offset = ZoneOffset.UTC;
    } else if ((s.charAt(i) == '+' || s.charAt(i) == '-') && i + 6 == n && s.charAt(i + 3) == ':') {
      int oh = digits(s, i + 1, 2);
      int om = digits(s, i + 4, 2);
      if (oh < 0 || om < 0) return null;
      int sign = s.charAt(i) == '-' ? -1 : 1;
      offset = ZoneOffset.ofHoursMinutes(sign * oh, sign * om);
    } else {
      return null;
    }
    return OffsetDateTime.of(date, java.time.LocalTime.of(hh, mm, ss, nanos), offset);
  }

  private static OffsetDateTime dateTime(String s) {
    OffsetDateTime fast = fastDateTime(s);
    if (fast != null) return fast;
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
      case LocalDate d -> formatDate(new StringBuilder(10), d).toString();
      case OffsetDateTime t -> appendDateTime(new StringBuilder(32), t).toString();
      default -> value.toString();
    };
  }

  /**
   * Appends the package text of {@code value} as a CSV field (quoted when needed) without building
   * an intermediate string for numbers, booleans, dates and date-times; null appends nothing.
   */
  static void appendCsv(StringBuilder sb, Object value) {
    switch (value) {
      case null -> {}
      case String s -> CsvParser.appendField(sb, s);
      case Long n -> sb.append(n.longValue());
      case Integer n -> sb.append(n.intValue());
      case BigDecimal d -> sb.append(d.toPlainString());
      case Boolean b -> sb.append(b.booleanValue());
      case LocalDate d -> formatDate(sb, d);
      case OffsetDateTime t -> appendDateTime(sb, t);
      default -> CsvParser.appendField(sb, format(value));
    }
  }

  private static StringBuilder pad(StringBuilder sb, int value, int width) {
    int digits = 1;
    for (int v = value; v >= 10; v /= 10) digits++;
    for (int i = digits; i < width; i++) sb.append('0');
    return sb.append(value);
  }

  private static StringBuilder formatDate(StringBuilder sb, LocalDate d) {
    if (d.getYear() < 0 || d.getYear() > 9999) return sb.append(d);
    pad(sb, d.getYear(), 4).append('-');
    pad(sb, d.getMonthValue(), 2).append('-');
    return pad(sb, d.getDayOfMonth(), 2);
  }

  /** ISO-8601 with seconds always present; same instant and offset as {@code toString()}. */
  private static StringBuilder appendDateTime(StringBuilder sb, OffsetDateTime t) {
    if (t.getYear() < 0 || t.getYear() > 9999) return sb.append(t);
    formatDate(sb, t.toLocalDate()).append('T');
    pad(sb, t.getHour(), 2).append(':');
    pad(sb, t.getMinute(), 2).append(':');
    pad(sb, t.getSecond(), 2);
    int nanos = t.getNano();
    if (nanos > 0) {
      sb.append('.');
      if (nanos % 1_000_000 == 0) pad(sb, nanos / 1_000_000, 3);
      else if (nanos % 1000 == 0) pad(sb, nanos / 1000, 6);
      else pad(sb, nanos, 9);
    }
    return sb.append(t.getOffset().getId());
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
