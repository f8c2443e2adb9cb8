package dev.junction.erp;

import dev.junction.erp.ErpProblem.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Reads fields of a JSON object and collects what is wrong with them. */
final class JsonFields {
  private final JsonNode body;
  private final String what;
  private final List<FieldError> errors = new ArrayList<>();

  JsonFields(JsonNode body, String what) {
    if (body == null || !body.isObject()) {
      throw ErpProblem.badRequest(what + " body must be a JSON object");
    }
    this.body = body;
    this.what = what;
  }

  boolean has(String field) {
    JsonNode n = body.get(field);
    return n != null && !n.isNull();
  }

  void error(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  String requiredText(String field, int maxLength) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull() || (n.isString() && n.stringValue().isBlank())) {
      error(field, "is required");
      return null;
    }
    if (!n.isString()) {
      error(field, "must be a string");
      return null;
    }
    String v = n.stringValue();
    if (v.length() > maxLength) {
      error(field, "must be at most " + maxLength + " characters, was " + v.length());
      return null;
    }
    return v;
  }

  String optionalText(String field, Pattern pattern, String rule) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isString()) {
      error(field, "must be a string");
      return null;
    }
    String v = n.stringValue();
    if (pattern != null && !pattern.matcher(v).matches()) {
      error(field, rule + ", was '" + v + "'");
      return null;
    }
    return v;
  }

  double optionalNumber(String field, double fallback) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isNumber() || n.doubleValue() < 0) {
      error(field, "must be a number >= 0, was " + n);
      return fallback;
    }
    return n.doubleValue();
  }

  void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw ErpProblem.invalid(what, errors);
    }
  }
}
