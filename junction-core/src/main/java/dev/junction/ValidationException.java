package dev.junction;

import java.util.List;

/**
 * Input that does not fit an entity: a missing key, a value of the wrong type, a string that is too
 * long. Carries one {@link Violation} per problem so callers can answer with a 4xx naming each
 * field.
 */
public class ValidationException extends JunctionException {
  private final List<Violation> violations;

  public ValidationException(List<Violation> violations) {
    super(describe(violations));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }

  private static String describe(List<Violation> violations) {
    StringBuilder sb = new StringBuilder();
    for (Violation v : violations) {
      if (!sb.isEmpty()) sb.append("; ");
      sb.append(v.entity()).append('.').append(v.field()).append(": ").append(v.message());
    }
    return sb.toString();
  }

  /** One problem with one field of one record. */
  public record Violation(String entity, String field, String message) {}
}
