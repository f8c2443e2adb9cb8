package dev.junction.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * A small JSON path: {@code $} or empty for the root, then dot-separated names, each optionally
 * followed by {@code [n]} indexes — {@code data}, {@code result.items}, {@code $.customer.id},
 * {@code lines[0].sku}.
 */
final class JsonPath {
  private final String text;
  private final List<Object> steps;

  private JsonPath(String text, List<Object> steps) {
    this.text = text;
    this.steps = steps;
  }

  /** Compiled paths by text: a run reads the same few paths for every page and every parent. */
  private static final Map<String, JsonPath> CACHE = new ConcurrentHashMap<>();

  private static final int CACHE_MAX = 1024;

  /** As {@link #compile}, from a small cache of the paths compiled before. */
  static JsonPath cached(String path) {
    String key = path == null ? "" : path;
    JsonPath p = CACHE.get(key);
    if (p != null) return p;
    p = compile(path);
    if (CACHE.size() < CACHE_MAX) CACHE.put(key, p);
    return p;
  }

  static JsonPath compile(String path) {
    String p = path == null ? "" : path.trim();
    String original = p;
    if (p.startsWith("$")) p = p.substring(1);
    if (p.startsWith(".")) p = p.substring(1);
    List<Object> steps = new ArrayList<>();
    if (!p.isEmpty()) {
      for (String part : p.split("\\.", -1)) {
        if (part.isEmpty())
          throw new IllegalArgumentException("empty step in JSON path '" + original + "'");
        int bracket = part.indexOf('[');
        String name = bracket < 0 ? part : part.substring(0, bracket);
        if (!name.isEmpty()) steps.add(name);
        while (bracket >= 0) {
          int close = part.indexOf(']', bracket);
          if (close < 0)
            throw new IllegalArgumentException("unclosed [ in JSON path '" + original + "'");
          try {
            steps.add(Integer.parseInt(part.substring(bracket + 1, close).trim()));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "index must be a number in JSON path '" + original + "'");
          }
          bracket = part.indexOf('[', close);
          if (bracket < 0 && close != part.length() - 1)
            throw new IllegalArgumentException(
                "unexpected text after ] in JSON path '" + original + "'");
        }
      }
    }
    return new JsonPath(original, List.copyOf(steps));
  }

  /** The node at this path, or {@code null} when a step is absent (JSON null is returned as is). */
  JsonNode read(JsonNode root) {
    JsonNode node = root;
    for (Object step : steps) {
      if (node == null) return null;
      node =
          step instanceof Integer i
              ? (node.isArray() ? node.get(i) : null)
              : node.isObject() ? node.get((String) step) : null;
    }
    return node;
  }

  /** The steps: a {@code String} per name, an {@code Integer} per index. */
  List<Object> steps() {
    return steps;
  }

  boolean isRoot() {
    return steps.isEmpty();
  }

  @Override
  public String toString() {
    return text;
  }
}
