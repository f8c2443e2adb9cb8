package dev.junction.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML node that remembers where it was written: the tree the binder walks. */
sealed interface YamlNode {
  String file();

  int line();

  int column();

  /** What the node is, for "expected X, got Y" messages. */
  String describe();

  /** A scalar; {@code text} is null for a YAML null. */
  record Scalar(String file, int line, int column, String text) implements YamlNode {
    boolean isNull() {
      return text == null;
    }

    @Override
    public String describe() {
      return text == null ? "null" : "a scalar";
    }
  }

  /** A mapping; keys in document order. */
  record Mapping(String file, int line, int column, Map<String, Entry> entries)
      implements YamlNode {
    public Mapping {
      entries = new LinkedHashMap<>(entries);
    }

    @Override
    public String describe() {
      return "a mapping";
    }
  }

  /** One key of a mapping, with the key's own location (merged mappings mix files). */
  record Entry(String key, String file, int line, int column, YamlNode value) {}

  /** A sequence. Items of a merged sequence may come from different files. */
  record Sequence(String file, int line, int column, List<YamlNode> items) implements YamlNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }
}
