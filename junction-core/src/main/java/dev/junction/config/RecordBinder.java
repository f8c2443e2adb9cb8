package dev.junction.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a {@link YamlNode} tree into config records by reflection, collecting every error instead
 * of stopping at the first. The rules are those of the package documentation: record components are
 * camelCase keys, {@link Required} / {@link Default} decide what a missing key means, {@link
 * Positive} / {@link Min} / {@link Max} bound numbers, a sealed interface is chosen by {@code type}
 * through {@link TypeName}, and {@link SecretRef} refuses literals.
 *
 * <p>After an error the binder goes on with a fallback value (the default, or null / 0 / false), so
 * that one bad value yields one error and the rest of the document is still checked. It remembers
 * where every record came from ({@link #site}) so that semantic validation can point at the YAML.
 */
final class RecordBinder {
  /** Where a record was written, and which of its lists lost elements to errors. */
  record Site(String path, YamlNode.Mapping node, Set<String> droppedLists) {}

  private static final Object FAILED = new Object();
  private static final String TYPE_KEY = "type";

  private final List<ConfigError> errors;
  private final Map<Object, Site> sites = new IdentityHashMap<>();

  RecordBinder(List<ConfigError> errors) {
    this.errors = errors;
  }

  /** Binds the root; null when it could not be built (errors say why). */
  <T> T bindRoot(Class<T> type, YamlNode node, String file) {
    YamlNode root =
        node == null || (node instanceof YamlNode.Scalar s && s.isNull())
            ? new YamlNode.Mapping(file, 1, 1, Map.of())
            : node;
    Object v = bind(type, root, "");
    return v == FAILED ? null : type.cast(v);
  }

  /** Where {@code record} was written; null for records that were not bound from YAML. */
  Site site(Object record) {
    return sites.get(record);
  }

  // ---------------------------------------------------------------------------------------------

  private Object bind(Type type, YamlNode node, String path) {
    Class<?> raw = rawClass(type);
    if (List.class.equals(raw)) return bindList(elementType(type, 0), node, path);
    if (Map.class.equals(raw)) return bindMap(elementType(type, 1), node, path);
    if (isSection(raw)) return bindRecord(raw, node, path, false);
    if (raw.isSealed() && raw.isInterface()) return bindSealed(raw, node, path);
    return bindScalar(raw, node, path);
  }

  private Object bindList(Type elementType, YamlNode node, String path) {
    if (!(node instanceof YamlNode.Sequence seq)) return mismatch("a list", node, path);
    List<Object> out = new ArrayList<>();
    boolean dropped = false;
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      Object v = bind(elementType, item, path + "[" + indexInFile(seq, i) + "]");
      if (v == FAILED || v == null) dropped = true;
      else out.add(v);
    }
    return dropped ? new PartialList(out) : out;
  }

  private Object bindMap(Type valueType, YamlNode node, String path) {
    if (!(node instanceof YamlNode.Mapping m)) return mismatch("a mapping", node, path);
    Map<String, Object> out = new LinkedHashMap<>();
    boolean failed = false;
    for (YamlNode.Entry e : m.entries().values()) {
      Object v = bind(valueType, e.value(), join(path, e.key()));
      if (v == FAILED) failed = true;
      else out.put(e.key(), v);
    }
    return failed ? FAILED : out;
  }

  private Object bindSealed(Class<?> iface, YamlNode node, String path) {
    if (!(node instanceof YamlNode.Mapping m)) return mismatch("a mapping", node, path);
    Map<String, Class<?>> variants = new LinkedHashMap<>();
    for (Class<?> c : iface.getPermittedSubclasses()) variants.put(typeName(c), c);
    YamlNode.Entry t = m.entries().get(TYPE_KEY);
    if (t == null || !(t.value() instanceof YamlNode.Scalar s) || s.isNull()) {
      errors.add(
          error(
              m,
              path,
              "missing required key 'type' (one of: "
                  + String.join(", ", variants.keySet())
                  + ")"));
      return FAILED;
    }
    Class<?> chosen = null;
    for (var v : variants.entrySet()) {
      if (Scalars.normalize(v.getKey()).equals(Scalars.normalize(s.text()))) chosen = v.getValue();
    }
    if (chosen == null) {
      errors.add(
          error(
              s,
              join(path, TYPE_KEY),
              "unknown type '"
                  + Scalars.shorten(s.text())
                  + "'"
                  + Closest.hint(s.text(), variants.keySet())));
      return FAILED;
    }
    return bindRecord(chosen, m, path, true);
  }

  private Object bindRecord(Class<?> rc, YamlNode node, String path, boolean typeKeyAllowed) {
    if (!(node instanceof YamlNode.Mapping m)) return mismatch("a mapping", node, path);
    RecordComponent[] components = rc.getRecordComponents();
    Set<String> known = new HashSet<>();
    List<String> knownInOrder = new ArrayList<>();
    for (RecordComponent c : components) {
      known.add(c.getName());
      knownInOrder.add(c.getName());
    }
    if (typeKeyAllowed) known.add(TYPE_KEY);
    int before = errors.size();
    for (YamlNode.Entry e : m.entries().values()) {
      if (!known.contains(e.key())) {
        errors.add(
            new ConfigError(
                e.file(),
                e.line(),
                e.column(),
                join(path, e.key()),
                "unknown key '" + e.key() + "'" + Closest.hint(e.key(), knownInOrder)));
      }
    }
    Object[] args = new Object[components.length];
    Set<String> dropped = new HashSet<>();
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      String name = c.getName();
      String cpath = join(path, name);
      YamlNode.Entry entry = m.entries().get(name);
      YamlNode value = entry == null ? null : entry.value();
      if (value instanceof YamlNode.Scalar s && s.isNull()) value = null;
      Object v;
      if (value == null) {
        if (c.isAnnotationPresent(Required.class)) {
          errors.add(error(m, path, "missing required key '" + name + "'"));
          v = fallback(c, m, cpath);
        } else {
          v = missing(c, m, cpath);
        }
      } else {
        v = bind(c.getGenericType(), value, cpath);
        if (v == FAILED) v = fallback(c, m, cpath);
        else checkBounds(c, v, value, cpath);
      }
      if (v instanceof PartialList) dropped.add(name);
      args[i] = v;
    }
    try {
      Constructor<?> ctor =
          rc.getDeclaredConstructor(
              Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      ctor.setAccessible(true);
      Object instance = ctor.newInstance(args);
      sites.put(instance, new Site(path, m, Set.copyOf(dropped)));
      return instance;
    } catch (InvocationTargetException e) {
      if (errors.size() == before) {
        Throwable cause = e.getCause();
        String msg = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        errors.add(error(m, path, msg));
      }
      return FAILED;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("config record " + rc.getName() + " cannot be built", e);
    }
  }

  /** The value of an absent optional component. */
  private Object missing(RecordComponent c, YamlNode.Mapping at, String path) {
    Default d = c.getAnnotation(Default.class);
    Class<?> type = c.getType();
    if (d != null) {
      YamlNode text = new YamlNode.Scalar(at.file(), at.line(), at.column(), d.value());
      if (type.isSealed() && type.isInterface()) {
        text =
            new YamlNode.Mapping(
                at.file(),
                at.line(),
                at.column(),
                Map.of(
                    TYPE_KEY,
                    new YamlNode.Entry(TYPE_KEY, at.file(), at.line(), at.column(), text)));
      }
      Object v = bind(c.getGenericType(), text, path);
      if (v == FAILED) throw new IllegalStateException("bad @Default on " + path);
      return v;
    }
    return zero(type);
  }

  /** The value used after an error so that binding can go on. */
  private Object fallback(RecordComponent c, YamlNode.Mapping at, String path) {
    if (c.isAnnotationPresent(Default.class)) {
      int before = errors.size();
      Object v = missing(c, at, path);
      errors.subList(before, errors.size()).clear();
      return v == FAILED ? zero(c.getType()) : v;
    }
    return zero(c.getType());
  }

  /** A record written as a YAML mapping (not a scalar such as a secret reference). */
  private static boolean isSection(Class<?> type) {
    return type.isRecord() && !Scalars.isScalar(type);
  }

  private static Object zero(Class<?> type) {
    if (type == int.class) return 0;
    if (type == long.class) return 0L;
    if (type == double.class) return 0.0;
    if (type == boolean.class) return false;
    if (type == List.class) return List.of();
    if (type == Map.class) return Map.of();
    return null;
  }

  private void checkBounds(RecordComponent c, Object v, YamlNode at, String path) {
    if (c.isAnnotationPresent(Positive.class)) {
      boolean ok =
          switch (v) {
            case Integer i -> i > 0;
            case Long l -> l > 0;
            case Double d -> d > 0;
            case Duration d -> d.isPositive();
            default -> true;
          };
      if (!ok) errors.add(error(at, path, "must be greater than zero, was " + Scalars.show(v)));
    }
    Min min = c.getAnnotation(Min.class);
    if (min != null && v instanceof Number n && n.doubleValue() < min.value()) {
      errors.add(error(at, path, "must be at least " + min.value() + ", was " + Scalars.show(v)));
    }
    Max max = c.getAnnotation(Max.class);
    if (max != null && v instanceof Number n && n.doubleValue() > max.value()) {
      errors.add(error(at, path, "must be at most " + max.value() + ", was " + Scalars.show(v)));
    }
  }

  // --- scalars ---------------------------------------------------------------------------------

  private Object bindScalar(Class<?> type, YamlNode node, String path) {
    if (!(node instanceof YamlNode.Scalar s) || s.isNull()) {
      return mismatch(Scalars.expected(type), node, path);
    }
    try {
      return Scalars.convert(type, s.text());
    } catch (Scalars.BadValue e) {
      return bad(s, path, e.getMessage());
    }
  }

  static String typeName(Class<?> variant) {
    TypeName t = variant.getAnnotation(TypeName.class);
    if (t == null) throw new IllegalStateException(variant.getName() + " lacks @TypeName");
    return t.value();
  }

  // --- helpers ---------------------------------------------------------------------------------

  private Object mismatch(String expected, YamlNode node, String path) {
    String got =
        node instanceof YamlNode.Scalar s && !s.isNull()
            ? "'" + Scalars.shorten(s.text()) + "'"
            : node.describe();
    errors.add(error(node, path, "expected " + expected + ", got " + got));
    return FAILED;
  }

  private Object bad(YamlNode at, String path, String message) {
    errors.add(error(at, path, message));
    return FAILED;
  }

  private static ConfigError error(YamlNode at, String path, String message) {
    return new ConfigError(at.file(), at.line(), at.column(), path, message);
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** The index of item {@code i} among the items of a merged list that came from its file. */
  static int indexInFile(YamlNode.Sequence seq, int i) {
    String file = seq.items().get(i).file();
    int n = 0;
    for (int j = 0; j < i; j++) if (seq.items().get(j).file().equals(file)) n++;
    return n;
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) return c;
    if (type instanceof ParameterizedType p) return (Class<?>) p.getRawType();
    throw new IllegalStateException("unsupported config type " + type);
  }

  private static Type elementType(Type type, int index) {
    if (type instanceof ParameterizedType p) return p.getActualTypeArguments()[index];
    throw new IllegalStateException("raw collection type in config record: " + type);
  }

  /** A list that lost elements to errors; references into it are not checked. */
  private static final class PartialList extends ArrayList<Object> {
    PartialList(List<Object> items) {
      super(items);
    }
  }
}
