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
 * @param key the row's key as text ({@code id=42}), for error reports; may be empty
 * @param violations problems found while parsing (wrong column count, unparsable values)
 */
public record SourceRow(
    long row, long line, Map<String, Object> values, String key, List<Violation> violations) {
  public SourceRow {
    violations = List.copyOf(violations);
  }

  public boolean valid() {
    return violations.isEmpty();
  }
}
