package dev.junction.packages;

import dev.junction.ValidationException.Violation;
import java.util.List;
import java.util.Map;

/**
 * One data row of a package file, parsed into typed values.
 *
 * @param row data row number, 1 for the first row after the header
 * @param line line of the file the row starts on
 * @param values field values in the Java types of the entity's fields (only fields that parsed)
 * @param keyFields the entity's key field names
 * @param keyText the key values as written in the file, in key order (null where absent)
 * @param violations problems found while parsing (wrong column count, unparsable values)
 */
public record SourceRow(
    long row,
    long line,
    Map<String, Object> values,
    List<String> keyFields,
    List<String> keyText,
    List<Violation> violations) {
  public SourceRow {
    violations = List.copyOf(violations);
  }

  public boolean valid() {
    return violations.isEmpty();
  }

  /** The key as text for error reports: {@code id=42} or {@code orderId=7, line=2}. */
  public String key() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < keyFields.size(); i++) {
      if (i > 0) sb.append(", ");
      String v = i < keyText.size() ? keyText.get(i) : null;
      sb.append(keyFields.get(i)).append('=').append(v == null ? "" : Values.shorten(v));
    }
    return sb.toString();
  }
}
