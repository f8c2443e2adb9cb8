package dev.junction.pipeline;

import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a page's records as byte ranges of the page, with the key at a JSON path of each, in one
 * pass of a streaming parser: no tree is built. For an aggregation source's index, which keeps each
 * record's bytes and needs only its key (see {@link Aggregation}).
 *
 * <p>It handles the plain case only — a UTF-8 page whose data path leads to an array of objects (or
 * one object), each name on the way present once, keys that are strings, whole numbers, booleans or
 * null — and throws {@link Unsupported} for anything else (malformed JSON, trailing content, a
 * repeated name on the data path, an item that is not an object, a floating-point key, another
 * encoding). The caller then reads the page as a tree, so every such case behaves, and fails,
 * exactly as the tree reader does.
 */
final class RecordScanner {
  private RecordScanner() {}

  /** One record: the bytes {@code [start, end)} of {@code page}, and its key (null: none). */
  record Slice(String key, byte[] page, int start, int end) {
    int length() {
      return end - start;
    }
  }

  /** The page needs the tree reader. */
  static final class Unsupported extends RuntimeException {
    private static final Unsupported INSTANCE = new Unsupported();

    private Unsupported() {
      super("page needs the tree reader", null, false, false);
    }
  }

  /**
   * Adds the records of {@code body} at {@code dataPath} to {@code out}, each with its key at
   * {@code keyPath} as {@link Aggregation#key} would give it for the parsed tree.
   *
   * @throws Unsupported when the page needs the tree reader ({@code out} may hold some records)
   */
  static void scan(
      ObjectMapper json, byte[] body, JsonPath dataPath, JsonPath keyPath, List<Slice> out) {
    List<Object> keySteps = keyPath.steps();
    read(json, body, dataPath, p -> out.add(record(p, body, keySteps)));
  }

  /**
   * The number of records of {@code body} at {@code dataPath}: the number of records the tree
   * reader finds (for a page this class handles, see above).
   *
   * @throws Unsupported when the page needs the tree reader
   */
  static int count(ObjectMapper json, byte[] body, JsonPath dataPath) {
    int[] n = {0};
    read(
        json,
        body,
        dataPath,
        p -> {
          p.skipChildren();
          n[0]++;
        });
    return n[0];
  }

  /** Reads one record, from its START_OBJECT through its END_OBJECT. */
  @FunctionalInterface
  private interface Sink {
    void record(JsonParser p);
  }

  private static void read(ObjectMapper json, byte[] body, JsonPath dataPath, Sink sink) {
    if (body.length == 0 || (body[0] & 0xFF) >= 0x80 || body[0] == 0) throw Unsupported.INSTANCE;
    try (JsonParser p = json.createParser(body)) {
      if (p.nextToken() == null) throw Unsupported.INSTANCE;
      data(p, dataPath.steps(), 0, sink);
      if (p.nextToken() != null) throw Unsupported.INSTANCE;
    } catch (tools.jackson.core.JacksonException e) {
      throw Unsupported.INSTANCE;
    }
  }

  /** At the first token of a value at step {@code i} of the data path: reads it through. */
  private static void data(JsonParser p, List<Object> steps, int i, Sink sink) {
    JsonToken t = p.currentToken();
    if (i == steps.size()) {
      if (t == JsonToken.START_ARRAY) {
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
          if (t != JsonToken.START_OBJECT) throw Unsupported.INSTANCE;
          sink.record(p);
        }
      } else if (t == JsonToken.START_OBJECT) {
        sink.record(p);
      }
      return;
    }
    Object step = steps.get(i);
    if (step instanceof String name && t == JsonToken.START_OBJECT) {
      boolean seen = false;
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String n = p.currentName();
        p.nextToken();
        if (n.equals(name)) {
          if (seen) throw Unsupported.INSTANCE; // the tree keeps the last one: let it decide
          seen = true;
          data(p, steps, i + 1, sink);
        } else {
          p.skipChildren();
        }
      }
    } else if (step instanceof Integer index && t == JsonToken.START_ARRAY) {
      int k = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (k++ == index) data(p, steps, i + 1, sink);
        else p.skipChildren();
      }
    } else {
      p.skipChildren();
    }
  }

  /** At a record's START_OBJECT: reads it through, returns its bytes and key. */
  private static Slice record(JsonParser p, byte[] body, List<Object> keySteps) {
    long start = p.currentTokenLocation().getByteOffset();
    String key = key(p, keySteps, 0);
    long end = p.currentTokenLocation().getByteOffset() + 1;
    if (start < 0 || end > body.length || body[(int) start] != '{' || body[(int) end - 1] != '}') {
      throw Unsupported.INSTANCE;
    }
    return new Slice(key, body, (int) start, (int) end);
  }

  /**
   * The key at step {@code i} of the key path, from the value whose first token is current; reads
   * the value through. A repeated name: the last one counts, as in the tree.
   */
  private static String key(JsonParser p, List<Object> steps, int i) {
    JsonToken t = p.currentToken();
    if (i == steps.size()) return leafKey(p, t);
    Object step = steps.get(i);
    String key = null;
    if (step instanceof String name && t == JsonToken.START_OBJECT) {
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String n = p.currentName();
        p.nextToken();
        if (n.equals(name)) key = key(p, steps, i + 1);
        else p.skipChildren();
      }
    } else if (step instanceof Integer index && t == JsonToken.START_ARRAY) {
      int k = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (k++ == index) key = key(p, steps, i + 1);
        else p.skipChildren();
      }
    } else {
      p.skipChildren();
    }
    return key;
  }

  /** {@link Aggregation#key} of the scalar whose token is current (containers: null). */
  private static String leafKey(JsonParser p, JsonToken t) {
    return switch (t) {
      case VALUE_STRING -> p.getString();
      case VALUE_NUMBER_INT ->
          switch (p.getNumberType()) {
            case INT -> Integer.toString(p.getIntValue());
            case LONG -> Long.toString(p.getLongValue());
            default -> p.getBigIntegerValue().toString();
          };
      case VALUE_TRUE -> "true";
      case VALUE_FALSE -> "false";
      case VALUE_NULL -> null;
      case START_OBJECT, START_ARRAY -> {
        p.skipChildren();
        yield null;
      }
      default -> throw Unsupported.INSTANCE; // floating point: the tree's number decides
    };
  }
}
