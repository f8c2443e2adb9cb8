package dev.junction.erp;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The JSON (admin API) and text (command line) forms of a {@link Fault}. Both use the same names;
 * durations are in milliseconds except {@code retryAfterSeconds}; omitted fields are zero.
 */
final class FaultJson {
  static final Set<String> FIELDS =
      Set.of(
          "latencyMs",
          "jitterMs",
          "hangRate",
          "throttleRate",
          "retryAfterSeconds",
          "serverErrorRate",
          "unavailableRate",
          "malformedRate",
          "truncatedRate",
          "slowBodyMs");

  private FaultJson() {}

  static Map<String, Object> toJson(Fault f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("latencyMs", f.latency().toMillis());
    m.put("jitterMs", f.jitter().toMillis());
    m.put("hangRate", f.hangRate());
    m.put("throttleRate", f.throttleRate());
    m.put("retryAfterSeconds", f.retryAfter().toSeconds());
    m.put("serverErrorRate", f.serverErrorRate());
    m.put("unavailableRate", f.unavailableRate());
    m.put("malformedRate", f.malformedRate());
    m.put("truncatedRate", f.truncatedRate());
    m.put("slowBodyMs", f.slowBody().toMillis());
    return m;
  }

  static Fault fromJson(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw ErpProblem.badRequest("Fault must be a JSON object with fields " + FIELDS);
    }
    Map<String, Double> values = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isNumber()) {
        throw ErpProblem.badRequest(
            "Fault field '" + e.getKey() + "' must be a number, was " + e.getValue());
      }
      values.put(e.getKey(), e.getValue().doubleValue());
    }
    return build(values);
  }

  /** Parses {@code latencyMs=50,serverErrorRate=0.1}. */
  static Fault fromText(String text) {
    Map<String, Double> values = new LinkedHashMap<>();
    for (String pair : text.split(",")) {
      int eq = pair.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "Fault setting '" + pair + "' must look like name=value, e.g. latencyMs=50");
      }
      String value = pair.substring(eq + 1).trim();
      try {
        values.put(pair.substring(0, eq).trim(), Double.parseDouble(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Fault setting '" + pair + "' must have a numeric value, was '" + value + "'");
      }
    }
    try {
      return build(values);
    } catch (ErpProblem p) {
      throw new IllegalArgumentException(p.getMessage());
    }
  }

  private static Fault build(Map<String, Double> v) {
    for (String name : v.keySet()) {
      if (!FIELDS.contains(name)) {
        throw ErpProblem.badRequest(
            "Unknown fault field '" + name + "'; valid fields are " + FIELDS);
      }
    }
    try {
      return new Fault(
          millis(v, "latencyMs"),
          millis(v, "jitterMs"),
          v.getOrDefault("hangRate", 0.0),
          v.getOrDefault("throttleRate", 0.0),
          Duration.ofSeconds(Math.round(v.getOrDefault("retryAfterSeconds", 1.0))),
          v.getOrDefault("serverErrorRate", 0.0),
          v.getOrDefault("unavailableRate", 0.0),
          v.getOrDefault("malformedRate", 0.0),
          v.getOrDefault("truncatedRate", 0.0),
          millis(v, "slowBodyMs"));
    } catch (IllegalArgumentException e) {
      throw ErpProblem.badRequest(e.getMessage());
    }
  }

  private static Duration millis(Map<String, Double> v, String name) {
    return Duration.ofMillis(Math.round(v.getOrDefault(name, 0.0)));
  }
}
