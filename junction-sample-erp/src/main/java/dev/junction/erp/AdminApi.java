package dev.junction.erp;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /admin/**} (faults, stats, callbacks, mutator, health) and the index at {@code /}. Not
 * authenticated, not faulted, not counted: the ERP binds to loopback only.
 */
final class AdminApi {
  private final JsonMapper json;
  private final FaultTable faults;
  private final RequestCounts stats;
  private final CallbackDispatcher callbacks;
  private final Mutator mutator;
  private final Map<String, Object> index;

  AdminApi(
      JsonMapper json,
      FaultTable faults,
      RequestCounts stats,
      CallbackDispatcher callbacks,
      Mutator mutator,
      Map<String, Object> index) {
    this.json = json;
    this.faults = faults;
    this.stats = stats;
    this.callbacks = callbacks;
    this.mutator = mutator;
    this.index = index;
  }

  Reply handle(String method, String path, String body, Request request) {
    String p =
        path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    if (p.equals("/") || p.isEmpty()) {
      return get(method, p, () -> index);
    }
    if (p.equals("/admin/health")) {
      return get(method, p, () -> Map.of("status", "UP"));
    }
    if (p.equals("/admin/stats")) {
      return switch (method) {
        case "GET" -> Reply.json(json, 200, stats.snapshot());
        case "DELETE" -> {
          stats.reset();
          yield Reply.empty(204);
        }
        default -> notAllowed(method, p, "GET, DELETE");
      };
    }
    if (p.equals("/admin/faults")) {
      return switch (method) {
        case "GET" -> Reply.json(json, 200, faultsJson());
        case "DELETE" -> {
          faults.clearAll();
          yield Reply.empty(204);
        }
        default -> notAllowed(method, p, "GET, DELETE");
      };
    }
    if (p.startsWith("/admin/faults/")) {
      Endpoint endpoint;
      try {
        endpoint = Endpoint.byId(p.substring("/admin/faults/".length()));
      } catch (IllegalArgumentException e) {
        throw ErpProblem.notFound(e.getMessage());
      }
      return switch (method) {
        case "GET" -> Reply.json(json, 200, FaultJson.toJson(faults.get(endpoint)));
        case "PUT" -> {
          Fault fault = FaultJson.fromJson(readJson(body));
          faults.set(endpoint, fault);
          yield Reply.json(json, 200, FaultJson.toJson(fault));
        }
        case "DELETE" -> {
          faults.set(endpoint, Fault.none());
          yield Reply.empty(204);
        }
        default -> notAllowed(method, p, "GET, PUT, DELETE");
      };
    }
    if (p.equals("/admin/callbacks")) {
      return switch (method) {
        case "GET" -> Reply.json(json, 200, callbacksJson());
        case "POST" -> {
          JsonNode url = readJson(body).get("url");
          if (url == null || !url.isString()) {
            throw ErpProblem.badRequest("Callback registration needs {\"url\": \"http://...\"}");
          }
          try {
            callbacks.register(URI.create(url.stringValue()));
          } catch (IllegalArgumentException e) {
            throw ErpProblem.badRequest(
                "Callback URL is not a valid URI: '" + url.stringValue() + "'");
          }
          yield Reply.json(json, 201, callbacksJson());
        }
        case "DELETE" -> {
          callbacks.clear();
          yield Reply.empty(204);
        }
        default -> notAllowed(method, p, "GET, POST, DELETE");
      };
    }
    if (p.equals("/admin/mutator")) {
      return switch (method) {
        case "GET" -> Reply.json(json, 200, mutatorJson());
        case "PUT" -> {
          JsonNode rate = readJson(body).get("changesPerSecond");
          if (rate == null || !rate.isNumber()) {
            throw ErpProblem.badRequest("Mutator settings need {\"changesPerSecond\": <number>}");
          }
          mutator.rate(rate.doubleValue());
          yield Reply.json(json, 200, mutatorJson());
        }
        default -> notAllowed(method, p, "GET, PUT");
      };
    }
    throw ErpProblem.notFound("No resource at " + path + "; GET / lists the endpoints");
  }

  private Map<String, Object> faultsJson() {
    Map<String, Object> result = new LinkedHashMap<>();
    faults.all().forEach((e, f) -> result.put(e.id(), FaultJson.toJson(f)));
    return result;
  }

  private Map<String, Object> callbacksJson() {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("urls", callbacks.urls().stream().map(URI::toString).toList());
    result.put("delivered", callbacks.delivered());
    result.put("failed", callbacks.failed());
    CallbackDelivery d = callbacks.delivery();
    result.put("concurrent", d.concurrent());
    result.put("reorderWindow", d.reorderWindow());
    result.put("signed", d.secret() != null);
    return result;
  }

  private Map<String, Object> mutatorJson() {
    return Map.of("changesPerSecond", mutator.rate(), "changes", mutator.changes());
  }

  private JsonNode readJson(String body) {
    if (body == null || body.isBlank()) {
      throw ErpProblem.badRequest("Request body is empty; a JSON object is required");
    }
    return json.readTree(body);
  }

  private Reply get(String method, String path, java.util.function.Supplier<Object> body) {
    if (!method.equals("GET")) {
      return notAllowed(method, path, "GET");
    }
    return Reply.json(json, 200, body.get());
  }

  private static Reply notAllowed(String method, String path, String allowed) {
    throw new ErpProblem(
        405,
        "Method Not Allowed",
        method + " is not allowed on " + path + "; use " + allowed,
        List.of());
  }
}
