package dev.junction.server.odata;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.olingo.commons.api.http.HttpMethod;
import org.apache.olingo.server.api.ODataHandler;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON format of {@code $batch} (OData 4.01): {@code {"requests":[{id, method, url, headers,
 * body, atomicityGroup}]}}. Olingo parses only multipart batches, so each request here is handed to
 * Olingo's handler one by one; the requests of one atomicity group run in one store transaction and
 * commit together or not at all (a failed request answers with its error, the others of its group
 * with 424).
 */
final class JsonBatch {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Backend backend;
  private final QueryGuard guard;
  private final Supplier<ODataHandler> handlers;

  JsonBatch(Backend backend, QueryGuard guard, Supplier<ODataHandler> handlers) {
    this.backend = backend;
    this.guard = guard;
    this.handlers = handlers;
  }

  /** A client error in the batch envelope itself. */
  static final class BadBatch extends Exception {
    final int status;

    BadBatch(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** Processes the batch body; returns the JSON response body. */
  byte[] process(InputStream in, String baseUri) throws BadBatch {
    byte[] body;
    try (in) {
      body = in.readNBytes(backend.limits.maxBatchBytes() + 1);
    } catch (IOException e) {
      throw new BadBatch(400, "Cannot read the $batch body: " + e.getMessage());
    }
    if (body.length > backend.limits.maxBatchBytes()) {
      throw new BadBatch(413, "$batch body exceeds " + backend.limits.maxBatchBytes() + " bytes.");
    }
    JsonNode requests;
    try {
      requests = JSON.readTree(body).get("requests");
    } catch (JacksonException e) {
      throw new BadBatch(400, "The $batch body is not valid JSON: " + e.getOriginalMessage());
    }
    if (requests == null || !requests.isArray()) {
      throw new BadBatch(400, "The $batch body needs a 'requests' array.");
    }
    if (requests.size() > backend.limits.maxBatchParts()) {
      throw new BadBatch(
          400,
          "$batch has "
              + requests.size()
              + " parts; the limit is "
              + backend.limits.maxBatchParts()
              + ". Split it into several batches.");
    }
    List<List<JsonNode>> groups = new ArrayList<>();
    String lastGroup = null;
    for (JsonNode request : requests) {
      String group =
          request.hasNonNull("atomicityGroup") ? request.get("atomicityGroup").asString() : null;
      if (group != null && group.equals(lastGroup)) {
        groups.getLast().add(request);
      } else {
        groups.add(new ArrayList<>(List.of(request)));
      }
      lastGroup = group;
    }
    ObjectNode result = JSON.createObjectNode();
    ArrayNode responses = result.putArray("responses");
    for (List<JsonNode> group : groups) {
      if (group.size() == 1 && !group.get(0).hasNonNull("atomicityGroup")) {
        responses.add(answer(group.get(0), one(group.get(0), baseUri)));
        continue;
      }
      responses.addAll(atomically(group, baseUri));
    }
    return JSON.writeValueAsBytes(result);
  }

  private List<ObjectNode> atomically(List<JsonNode> group, String baseUri) {
    try {
      return backend.changeSet(
          tx -> {
            List<ObjectNode> answers = new ArrayList<>();
            for (JsonNode request : group) {
              ODataResponse response = one(request, baseUri);
              ObjectNode answer = answer(request, response);
              if (response.getStatusCode() >= 400) throw new GroupFailed(request, answer);
              answers.add(answer);
            }
            return answers;
          });
    } catch (GroupFailed failed) {
      List<ObjectNode> answers = new ArrayList<>();
      for (JsonNode request : group) {
        if (request == failed.request) {
          answers.add(failed.answer);
          continue;
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", id(request));
        answer.put("status", 424);
        answer
            .putObject("body")
            .putObject("error")
            .put("code", "424")
            .put(
                "message",
                "Not applied: request '"
                    + id(failed.request)
                    + "' of atomicity group '"
                    + request.get("atomicityGroup").asString()
                    + "' failed, so the whole group was rolled back.");
        answers.add(answer);
      }
      return answers;
    }
  }

  private static String id(JsonNode request) {
    return request.hasNonNull("id") ? request.get("id").asString() : "";
  }

  private static final class GroupFailed extends RuntimeException {
    final JsonNode request;
    final ObjectNode answer;

    GroupFailed(JsonNode request, ObjectNode answer) {
      super(null, null, false, false);
      this.request = request;
      this.answer = answer;
    }
  }

  private ODataResponse one(JsonNode request, String baseUri) {
    String method = request.path("method").asString("GET").toUpperCase(java.util.Locale.ROOT);
    String url = request.path("url").asString("");
    if (url.startsWith(baseUri)) url = url.substring(baseUri.length());
    if (url.startsWith("/")) url = url.substring(1);
    int q = url.indexOf('?');
    String path = "/" + (q < 0 ? url : url.substring(0, q));
    String query = q < 0 ? null : url.substring(q + 1);
    QueryGuard.Rejection rejection = guard.check(path, query);
    if (rejection != null) return error(rejection.status(), rejection.message());
    HttpMethod httpMethod;
    try {
      httpMethod = HttpMethod.valueOf(method);
    } catch (IllegalArgumentException e) {
      return error(400, "Unknown HTTP method '" + RecordMapping.abbreviate(method) + "'.");
    }
    ODataRequest odataRequest = new ODataRequest();
    odataRequest.setMethod(httpMethod);
    odataRequest.setRawBaseUri(baseUri);
    odataRequest.setRawODataPath(path);
    odataRequest.setRawQueryPath(query);
    odataRequest.setRawRequestUri(baseUri + path + (query == null ? "" : "?" + query));
    odataRequest.setProtocol("HTTP/1.1");
    JsonNode headers = request.path("headers");
    for (Map.Entry<String, JsonNode> h : headers.properties()) {
      odataRequest.addHeader(h.getKey(), h.getValue().asString());
    }
    JsonNode body = request.get("body");
    if (body != null && !body.isNull()) {
      if (odataRequest.getHeader("Content-Type") == null) {
        odataRequest.addHeader("Content-Type", "application/json");
      }
      byte[] bytes =
          body.isString()
              ? body.asString().getBytes(StandardCharsets.UTF_8)
              : JSON.writeValueAsBytes(body);
      odataRequest.setBody(new ByteArrayInputStream(bytes));
    } else {
      odataRequest.setBody(new ByteArrayInputStream(new byte[0]));
    }
    return handlers.get().process(odataRequest);
  }

  private static ODataResponse error(int status, String message) {
    ODataResponse response = new ODataResponse();
    response.setStatusCode(status);
    response.setHeader("Content-Type", "application/json");
    ObjectNode error = JSON.createObjectNode();
    error.putObject("error").put("code", Integer.toString(status)).put("message", message);
    response.setContent(new ByteArrayInputStream(JSON.writeValueAsBytes(error)));
    return response;
  }

  private static ObjectNode answer(JsonNode request, ODataResponse response) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("id", id(request));
    if (request.hasNonNull("atomicityGroup")) {
      answer.put("atomicityGroup", request.get("atomicityGroup").asString());
    }
    answer.put("status", response.getStatusCode());
    Map<String, String> headers = new LinkedHashMap<>();
    response.getAllHeaders().forEach((k, v) -> headers.put(k, String.join(", ", v)));
    ObjectNode h = answer.putObject("headers");
    headers.forEach(h::put);
    if (response.getContent() != null) {
      try (InputStream content = response.getContent()) {
        byte[] bytes = content.readAllBytes();
        if (bytes.length > 0) {
          String type = Objects.requireNonNullElse(headers.get("Content-Type"), "");
          if (type.startsWith("application/json")) answer.set("body", JSON.readTree(bytes));
          else answer.put("body", new String(bytes, StandardCharsets.UTF_8));
        }
      } catch (IOException | JacksonException e) {
        answer.put("body", "");
      }
    }
    return answer;
  }
}
