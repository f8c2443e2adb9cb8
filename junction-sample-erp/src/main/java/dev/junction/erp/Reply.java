package dev.junction.erp;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** A response to send: status, headers and body bytes. */
record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
  static final String JSON = "application/json";
  static final String PROBLEM = "application/problem+json";

  static Reply json(JsonMapper json, int status, Object body) {
    return new Reply(status, JSON, json.writeValueAsBytes(body), new LinkedHashMap<>());
  }

  static Reply empty(int status) {
    return new Reply(status, null, new byte[0], new LinkedHashMap<>());
  }

  static Reply problem(JsonMapper json, ErpProblem p) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", p.title());
    body.put("status", p.status());
    body.put("detail", p.getMessage());
    if (!p.errors().isEmpty()) {
      body.put("errors", p.errors());
    }
    return new Reply(p.status(), PROBLEM, json.writeValueAsBytes(body), new LinkedHashMap<>());
  }

  static Reply problem(JsonMapper json, int status, String title, String detail) {
    return problem(json, new ErpProblem(status, title, detail, List.of()));
  }

  Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
