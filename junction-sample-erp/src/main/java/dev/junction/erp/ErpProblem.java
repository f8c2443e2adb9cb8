package dev.junction.erp;

import java.util.List;

/**
 * A request the ERP refuses, answered as RFC 9457 {@code application/problem+json} with {@code
 * status}, {@code title}, {@code detail} and, for 422, {@code errors: [{field, message}]}.
 */
final class ErpProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String title;
  private final List<FieldError> errors;

  ErpProblem(int status, String title, String detail) {
    this(status, title, detail, List.of());
  }

  ErpProblem(int status, String title, String detail, List<FieldError> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  int status() {
    return status;
  }

  String title() {
    return title;
  }

  List<FieldError> errors() {
    return errors;
  }

  static ErpProblem badRequest(String detail) {
    return new ErpProblem(400, "Bad Request", detail);
  }

  static ErpProblem notFound(String detail) {
    return new ErpProblem(404, "Not Found", detail);
  }

  static ErpProblem conflict(String detail) {
    return new ErpProblem(409, "Conflict", detail);
  }

  static ErpProblem invalid(String what, List<FieldError> errors) {
    return new ErpProblem(
        422, "Unprocessable Entity", what + " has " + errors.size() + " invalid field(s)", errors);
  }

  /** One invalid field of a write. */
  record FieldError(String field, String message) {}
}
