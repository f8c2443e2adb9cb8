package dev.junction.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects semantic errors, pointing each at the YAML that the offending record or component came
 * from (through the binder's sites).
 */
final class Problems {
  /** Names used in URLs and logs: connections, integrations, API keys. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

  /** Names that become SQL identifiers: entities, fields, relations. */
  static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");

  /** A row path: dotted segments with optional [n] indexes and an optional {@code $.} prefix. */
  static final Pattern JSON_PATH =
      Pattern.compile("\\$|(\\$\\.)?[^.\\[\\]\\s]+(\\[\\d+])*(\\.[^.\\[\\]\\s]+(\\[\\d+])*)*");

  private final RecordBinder binder;
  private final List<ConfigError> errors;

  Problems(RecordBinder binder, List<ConfigError> errors) {
    this.binder = binder;
    this.errors = errors;
  }

  /** An error about a whole record. */
  void at(Object record, String message) {
    RecordBinder.Site s = binder.site(record);
    if (s == null) {
      errors.add(new ConfigError("", 0, 0, "", message));
      return;
    }
    errors.add(
        new ConfigError(s.node().file(), s.node().line(), s.node().column(), s.path(), message));
  }

  /** An error about one component of a record, at its value (or at the record when absent). */
  void at(Object record, String component, String message) {
    errors.add(locate(record, component, message));
  }

  /** An error about one element of a list component. */
  void at(Object record, String component, int index, String message) {
    RecordBinder.Site s = binder.site(record);
    if (s != null
        && !s.droppedLists().contains(component)
        && s.node().entries().get(component) instanceof YamlNode.Entry e
        && e.value() instanceof YamlNode.Sequence seq
        && index < seq.items().size()) {
      YamlNode item = seq.items().get(index);
      errors.add(
          new ConfigError(
              item.file(),
              item.line(),
              item.column(),
              RecordBinder.join(s.path(), component)
                  + "["
                  + RecordBinder.indexInFile(seq, index)
                  + "]",
              message));
      return;
    }
    errors.add(locate(record, component, message));
  }

  /** {@code file:line:column} of a record's component, for "first defined at" hints. */
  String where(Object record, String component) {
    ConfigError e = locate(record, component, "");
    return e.file() + ":" + e.line() + ":" + e.column();
  }

  /** True when some elements of this list component were dropped by binding errors. */
  boolean incomplete(Object record, String component) {
    RecordBinder.Site s = binder.site(record);
    return s != null && s.droppedLists().contains(component);
  }

  private ConfigError locate(Object record, String component, String message) {
    RecordBinder.Site s = binder.site(record);
    if (s == null) return new ConfigError("", 0, 0, component, message);
    String path = RecordBinder.join(s.path(), component);
    YamlNode.Entry e = s.node().entries().get(component);
    YamlNode at = e == null ? s.node() : e.value();
    return new ConfigError(at.file(), at.line(), at.column(), path, message);
  }

  /** {@code " (known: a, b)"}. */
  static String known(Collection<?> names) {
    if (names.isEmpty()) return " (none defined)";
    StringBuilder sb = new StringBuilder(" (known: ");
    boolean first = true;
    for (Object n : names) {
      if (!first) sb.append(", ");
      sb.append(n);
      first = false;
    }
    return sb.append(")").toString();
  }

  /**
   * Reports duplicates among {@code items} by {@code key}, at the later ones' {@code component}.
   *
   * @return the first item for each key
   */
  <T, K> Map<K, T> unique(
      List<T> items,
      java.util.function.Function<T, K> key,
      String component,
      java.util.function.BiFunction<T, String, String> message) {
    Map<K, T> first = new HashMap<>();
    for (T item : items) {
      K k = key.apply(item);
      T prior = first.putIfAbsent(k, item);
      if (prior != null) at(item, component, message.apply(prior, where(prior, component)));
    }
    return first;
  }

  static String quote(String s) {
    return "'" + Scalars.shorten(s) + "'";
  }
}
