package dev.junction.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * Streams Jackson's YAML tokens into a {@link YamlNode} tree that keeps each node's line and
 * column. Syntax errors become {@link ConfigError}s; their messages never quote the document (it
 * may hold a value that should have been a secret reference).
 */
final class YamlReader {
  private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

  private final String file;
  private final List<ConfigError> errors;

  private YamlReader(String file, List<ConfigError> errors) {
    this.file = file;
    this.errors = errors;
  }

  /** Reads the first document of {@code text}; null for an empty document or a syntax error. */
  static YamlNode read(String file, String text, List<ConfigError> errors) {
    return new YamlReader(file, errors).read(text);
  }

  private YamlNode read(String text) {
    try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
      JsonToken t = p.nextToken();
      if (t == null) return null;
      YamlNode root = value(p, t);
      if (p.nextToken() != null) {
        TokenStreamLocation l = p.currentTokenLocation();
        errors.add(
            new ConfigError(
                file,
                l.getLineNr(),
                l.getColumnNr(),
                "",
                "more than one YAML document in a file; put each in its own file"));
        return null;
      }
      return root;
    } catch (JacksonException e) {
      TokenStreamLocation l = e.getLocation();
      int line = l == null ? 0 : Math.max(0, l.getLineNr());
      int column = l == null ? 0 : Math.max(0, l.getColumnNr());
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof MarkedYamlEngineException y && y.getProblemMark().isPresent()) {
          Mark m = y.getProblemMark().get();
          line = m.getLine() + 1;
          column = m.getColumn() + 1;
          String context = y.getContext() == null ? "" : y.getContext() + ": ";
          errors.add(
              new ConfigError(file, line, column, "", "invalid YAML: " + context + y.getProblem()));
          return null;
        }
      }
      errors.add(new ConfigError(file, line, column, "", "invalid YAML: " + problem(e)));
      return null;
    }
  }

  private YamlNode value(JsonParser p, JsonToken t) {
    TokenStreamLocation l = p.currentTokenLocation();
    int line = l.getLineNr();
    int column = l.getColumnNr();
    switch (t) {
      case START_OBJECT -> {
        Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
          TokenStreamLocation kl = p.currentTokenLocation();
          String key = p.currentName();
          YamlNode v = value(p, p.nextToken());
          if (entries.containsKey(key)) {
            errors.add(
                new ConfigError(
                    file,
                    kl.getLineNr(),
                    kl.getColumnNr(),
                    "",
                    "duplicate key '" + key + "' in the same mapping"));
          } else {
            entries.put(key, new YamlNode.Entry(key, file, kl.getLineNr(), kl.getColumnNr(), v));
          }
        }
        return new YamlNode.Mapping(file, line, column, entries);
      }
      case START_ARRAY -> {
        List<YamlNode> items = new ArrayList<>();
        for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
          items.add(value(p, i));
        }
        return new YamlNode.Sequence(file, line, column, items);
      }
      case VALUE_NULL -> {
        return new YamlNode.Scalar(file, line, column, null);
      }
      default -> {
        return new YamlNode.Scalar(file, line, column, p.getString());
      }
    }
  }

  /** The parser's complaint without the echoed source snippet that follows it. */
  private static String problem(JacksonException e) {
    String m = e.getOriginalMessage();
    if (m == null || m.isBlank()) return "cannot parse";
    String first = m.strip().lines().findFirst().orElse("cannot parse").strip();
    return first.length() > 120 ? first.substring(0, 120) : first;
  }
}
