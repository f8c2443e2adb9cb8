package dev.junction.packages;

import dev.junction.ValidationException.Violation;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Rows of a JSON Lines entity file: one JSON object per non-blank line. */
final class JsonlRowSource implements RowSource {
  /** Reads numbers with fractions as BigDecimal: as double, decimals lost digits. */
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  private final EntityConfig entity;
  private final String file;
  private final InputStream stream;
  private final Reader reader;
  private final int maxLineChars;
  private final char[] buf = new char[1 << 16];
  private final StringBuilder line = new StringBuilder();
  private int pos;
  private int len;
  private long lineNumber;
  private long row;

  JsonlRowSource(EntityConfig entity, String file, InputStream stream, int maxLineChars) {
    this.entity = entity;
    this.file = file;
    this.stream = stream;
    this.reader = RowParsing.utf8(stream);
    this.maxLineChars = maxLineChars;
  }

  private boolean readLine() throws IOException {
    line.setLength(0);
    boolean any = false;
    while (true) {
      if (pos == len) {
        int n = reader.read(buf, 0, buf.length);
        if (n <= 0) return any;
        len = n;
        pos = 0;
      }
      any = true;
      char c = buf[pos++];
      if (c == '\n') return true;
      if (line.length() >= maxLineChars) {
        throw new PackageException(
            file
                + " line "
                + (lineNumber + 1)
                + ": the line is longer than the limit of "
                + maxLineChars
                + " characters; the file is refused");
      }
      line.append(c);
    }
  }

  /** Moves to the next non-blank line; false at the end of the file. */
  private boolean nextLine() {
    try {
      while (true) {
        if (!readLine()) return false;
        lineNumber++;
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') line.deleteCharAt(0);
        if (!line.toString().isBlank()) return true;
      }
    } catch (IOException e) {
      throw RowParsing.readFailure(file, lineNumber + 1, e);
    }
  }

  @Override
  public long skip(long rows) {
    long n = 0;
    while (n < rows && nextLine()) n++;
    row += n;
    return n;
  }

  @Override
  public SourceRow next() {
    if (!nextLine()) return null;
    row++;
    List<Violation> violations = new ArrayList<>(0);
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> raw = new HashMap<>();
    JsonNode node;
    try {
      node = JSON.readTree(line.toString());
    } catch (JacksonException e) {
      violations.add(
          RowParsing.violation(
              entity, null, "the line is not valid JSON (" + e.getOriginalMessage() + ")"));
      return new SourceRow(row, lineNumber, values, entity.key(), List.of(), violations);
    }
    if (node == null || !node.isObject()) {
      violations.add(RowParsing.violation(entity, null, "the line is not a JSON object"));
      return new SourceRow(row, lineNumber, values, entity.key(), List.of(), violations);
    }
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      FieldConfig f = entity.field(member.getKey()).orElse(null);
      if (f == null) {
        violations.add(
            new Violation(
                entity.name(),
                member.getKey(),
                "is not a field of entity '" + entity.name() + "'"));
        continue;
      }
      JsonNode v = member.getValue();
      if (entity.key().contains(f.name()))
        raw.put(f.name(), v.isString() ? v.asString() : v.toString());
      try {
        values.put(f.name(), value(f, v));
      } catch (Values.BadValue e) {
        violations.add(RowParsing.violation(entity, f, e.getMessage()));
      }
    }
    List<String> key = new ArrayList<>(entity.key().size());
    for (String k : entity.key()) key.add(raw.get(k));
    return new SourceRow(row, lineNumber, values, entity.key(), key, violations);
  }

  private static Object value(FieldConfig f, JsonNode v) throws Values.BadValue {
    if (v.isNull()) return null;
    if (f.type() == FieldType.JSON) return v.isString() ? v.asString() : v.toString();
    if (v.isString()) return Values.parse(f, v.asString());
    if (v.isNumber()) return Values.number(f, v.decimalValue());
    if (v.isBoolean() && f.type() == FieldType.BOOLEAN) return v.booleanValue();
    throw new Values.BadValue(
        "expected " + f.type().configName() + ", got " + Values.shorten(v.toString()));
  }

  @Override
  public void close() {
    try {
      stream.close();
    } catch (IOException e) {
      // Nothing more to read; a close failure cannot lose data.
    }
  }
}
