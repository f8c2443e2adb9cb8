package dev.junction.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Converts YAML scalar text into the value types of config records. */
final class Scalars {
  private static final Pattern DURATION = Pattern.compile("(-?)(\\d+)\\s*(ms|s|m|h|d)");

  private Scalars() {}

  /** A scalar that does not convert; the message is what the user reads. */
  static final class BadValue extends Exception {
    BadValue(String message) {
      super(message, null, false, false);
    }
  }

  /** True for the types {@link #convert} handles. */
  static boolean isScalar(Class<?> type) {
    return type == String.class
        || type.isPrimitive()
        || type == Integer.class
        || type == Long.class
        || type == Double.class
        || type == Boolean.class
        || type == BigDecimal.class
        || type == Duration.class
        || type == URI.class
        || type == Path.class
        || type == SecretRef.class
        || type.isEnum()
        || parseMethod(type) != null;
  }

  /**
   * Converts {@code raw} (not null) to {@code type}.
   *
   * @throws BadValue with a message naming the bad value (never for a {@link SecretRef})
   */
  static Object convert(Class<?> type, String raw) throws BadValue {
    String text = raw.strip();
    if (type == SecretRef.class) {
      if (SecretRef.isReference(text)) return new SecretRef(text);
      throw new BadValue("literal secret refused; use ${env:NAME} or ${file:PATH}");
    }
    try {
      if (type == String.class) return raw;
      if (type == int.class || type == Integer.class) return Integer.parseInt(plainNumber(text));
      if (type == long.class || type == Long.class) return Long.parseLong(plainNumber(text));
      if (type == double.class || type == Double.class) {
        double d = Double.parseDouble(plainNumber(text));
        if (!Double.isFinite(d)) throw new NumberFormatException();
        return d;
      }
      if (type == BigDecimal.class) return new BigDecimal(plainNumber(text));
      if (type == boolean.class || type == Boolean.class) {
        if (text.equalsIgnoreCase("true")) return true;
        if (text.equalsIgnoreCase("false")) return false;
        throw new BadValue("expected true or false, got '" + shorten(text) + "'");
      }
      if (type == Duration.class) return duration(text);
      if (type == URI.class) return uri(text);
      if (type == Path.class) return Path.of(text);
      if (type.isEnum()) return enumValue(type, text);
      Method parse = parseMethod(type);
      if (parse != null) return parse.invoke(null, text);
    } catch (NumberFormatException e) {
      throw new BadValue("expected " + expected(type) + ", got '" + shorten(text) + "'");
    } catch (InvalidPathException e) {
      throw new BadValue("not a valid file path: '" + shorten(text) + "'");
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException iae)
        throw new BadValue(iae.getMessage());
      throw new IllegalStateException("parse failed for " + type.getName(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + type.getName() + ".parse", e);
    }
    throw new IllegalStateException("config type " + type.getName() + " is not bindable");
  }

  /** What a type looks like, for "expected X, got Y" messages. */
  static String expected(Class<?> type) {
    if (type == String.class) return "a string";
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class || type == BigDecimal.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) return "true or false";
    if (type == Duration.class) return "a duration";
    if (type == URI.class) return "a URI";
    if (type == Path.class) return "a file path";
    if (type == SecretRef.class) return "a secret reference (${env:NAME} or ${file:PATH})";
    if (type.isEnum()) return "one of the names";
    return "a value";
  }

  private static Duration duration(String text) throws BadValue {
    Matcher m = DURATION.matcher(text);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(2));
        Duration d =
            switch (m.group(3)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
        return m.group(1).isEmpty() ? d : d.negated();
      }
      String upper = text.toUpperCase(Locale.ROOT);
      if (upper.startsWith("P") || upper.startsWith("-P")) return Duration.parse(text);
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      // reported below
    }
    throw new BadValue(
        "expected a duration such as 500ms, 5s, 2m, 1h, 1d or PT5S, got '" + shorten(text) + "'");
  }

  private static URI uri(String text) throws BadValue {
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      // A URI with user info may carry a password: do not echo it.
      String shown = text.contains("@") ? "" : " '" + shorten(text) + "'";
      throw new BadValue("not a valid URI" + shown + ": " + e.getReason());
    }
  }

  private static Object enumValue(Class<?> type, String text) throws BadValue {
    List<String> names = new ArrayList<>();
    for (Object constant : type.getEnumConstants()) {
      String name = enumName((Enum<?>) constant);
      names.add(name);
      if (normalize(name).equals(normalize(text))
          || normalize(((Enum<?>) constant).name()).equals(normalize(text))) {
        return constant;
      }
    }
    throw new BadValue(
        "bad value '"
            + shorten(text)
            + "'; expected one of: "
            + String.join(", ", names)
            + Closest.suggestionOnly(text, names));
  }

  /** The name of an enum constant in config: its {@code configName()} if it has one. */
  static String enumName(Enum<?> constant) {
    try {
      Method m = constant.getDeclaringClass().getMethod("configName");
      if (m.getReturnType() == String.class) return (String) m.invoke(constant);
    } catch (NoSuchMethodException e) {
      // lower camel case of the constant, below
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder sb = new StringBuilder();
    boolean upper = false;
    for (char ch : constant.name().toLowerCase(Locale.ROOT).toCharArray()) {
      if (ch == '_') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(ch) : ch);
        upper = false;
      }
    }
    return sb.toString();
  }

  /** A public static {@code parse(String)} returning the type, or null. */
  static Method parseMethod(Class<?> type) {
    try {
      Method m = type.getMethod("parse", String.class);
      return Modifier.isStatic(m.getModifiers()) && type.isAssignableFrom(m.getReturnType())
          ? m
          : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** Case, dashes and underscores do not matter when matching names. */
  static String normalize(String s) {
    return s.replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
  }

  static String shorten(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /** A value as a user would write it: {@code -5s}, {@code 250ms}, {@code 2}. */
  static String show(Object v) {
    if (v instanceof Duration d) {
      if (d.isNegative()) return "-" + show(d.negated());
      return d.toMillisPart() != 0 || d.isZero() || d.toNanosPart() % 1_000_000 != 0
          ? d.toMillis() + "ms"
          : d.toSeconds() + "s";
    }
    if (v instanceof Double d && d == Math.rint(d)) return Long.toString(d.longValue());
    return String.valueOf(v);
  }

  private static String plainNumber(String text) {
    return text.replace("_", "");
  }
}
