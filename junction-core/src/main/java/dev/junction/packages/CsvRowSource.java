package dev.junction.packages;

import dev.junction.ValidationException.Violation;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rows of a CSV entity file; the header row names the fields. */
final class CsvRowSource implements RowSource {
  private final EntityConfig entity;
  private final String file;
  private final InputStream stream;
  private final CsvParser parser;
  private final FieldConfig[] columns;
  private final int[] keyPositions;
  private long row;

  CsvRowSource(EntityConfig entity, String file, InputStream stream, int maxLineChars) {
    this.entity = entity;
    this.file = file;
    this.stream = stream;
    this.parser = new CsvParser(RowParsing.utf8(stream), file, maxLineChars);
    List<String> header;
    try {
      header = parser.next();
    } catch (IOException e) {
      close();
      throw RowParsing.readFailure(file, parser.line(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    if (header == null) {
      close();
      throw new PackageException(
          file + ": the file is empty; a header row of field names is required");
    }
    columns = new FieldConfig[header.size()];
    Set<String> seen = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i) == null ? "" : header.get(i).trim();
      FieldConfig f = entity.field(name).orElse(null);
      if (f == null) {
        problems.add(
            "column "
                + (i + 1)
                + " '"
                + Values.shorten(name)
                + "' is not a field of entity '"
                + entity.name()
                + "' (fields: "
                + String.join(", ", entity.fields().stream().map(FieldConfig::name).toList())
                + ")");
      } else if (!seen.add(name)) {
        problems.add("column '" + name + "' appears twice");
      }
      columns[i] = f;
    }
    if (!problems.isEmpty()) {
      close();
      throw new PackageException(
          file + " header: " + String.join("; ", problems) + "; the file is refused");
    }
    keyPositions = new int[entity.key().size()];
    for (int k = 0; k < keyPositions.length; k++) {
      keyPositions[k] = -1;
      for (int i = 0; i < columns.length; i++) {
        if (columns[i].name().equals(entity.key().get(k))) keyPositions[k] = i;
      }
    }
  }

  private List<String> keyText(List<String> fields) {
    String[] text = new String[keyPositions.length];
    for (int k = 0; k < text.length; k++) {
      int i = keyPositions[k];
      text[k] = i >= 0 && i < fields.size() ? fields.get(i) : null;
    }
    return java.util.Arrays.asList(text);
  }

  @Override
  public SourceRow next() {
    List<String> fields;
    try {
      fields = parser.next();
    } catch (IOException e) {
      throw RowParsing.readFailure(file, parser.line(), e);
    }
    if (fields == null) return null;
    row++;
    List<Violation> violations = new ArrayList<>(0);
    Map<String, Object> values = new LinkedHashMap<>(columns.length * 2);
    List<String> key = keyText(fields);
    if (fields.size() != columns.length) {
      violations.add(
          RowParsing.violation(
              entity,
              null,
              "the row has "
                  + fields.size()
                  + " values but the header has "
                  + columns.length
                  + " columns; the row is skipped"));
      return new SourceRow(row, parser.recordLine(), values, entity.key(), key, violations);
    }
    for (int i = 0; i < columns.length; i++) {
      String text = fields.get(i);
      FieldConfig f = columns[i];
      if (text == null) {
        values.put(f.name(), null);
        continue;
      }
      try {
        values.put(f.name(), Values.parse(f, text));
      } catch (Values.BadValue e) {
        violations.add(RowParsing.violation(entity, f, e.getMessage()));
      }
    }
    return new SourceRow(row, parser.recordLine(), values, entity.key(), key, violations);
  }

  @Override
  public long skip(long rows) {
    long n = 0;
    try {
      while (n < rows && parser.skip()) n++;
    } catch (IOException e) {
      throw RowParsing.readFailure(file, parser.line(), e);
    }
    row += n;
    return n;
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
