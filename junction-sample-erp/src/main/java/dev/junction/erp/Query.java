package dev.junction.erp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/** A request's query parameters, parsed with errors that name the parameter and bad value. */
final class Query {
  private final Request request;
  private final String path;
  private Fields fields;

  /** Parses lazily: single-record reads never pay for query parsing. */
  Query(Request request, String path) {
    this.request = request;
    this.path = path;
  }

  private Fields fields() {
    if (fields == null) {
      fields = Request.extractQueryParameters(request);
    }
    return fields;
  }

  String get(String name) {
    String v = fields().getValue(name);
    return v == null || v.isEmpty() ? null : v;
  }

  int intParam(String name, int fallback, int min, int max) {
    String v = get(name);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ErpProblem.badRequest(
        "Query parameter '"
            + name
            + "' must be a whole number from "
            + min
            + " to "
            + max
            + ", was '"
            + v
            + "'");
  }

  Instant instantParam(String name) {
    String v = get(name);
    if (v == null) {
      return null;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw ErpProblem.badRequest(
          "Query parameter '"
              + name
              + "' must be an ISO-8601 instant like 2025-06-30T12:00:00Z,"
              + " was '"
              + v
              + "'");
    }
  }

  /** This request's URL with the {@code replacements} set (and other parameters kept). */
  String urlWith(Map<String, String> replacements) {
    HttpURI uri = request.getHttpURI();
    StringBuilder url =
        new StringBuilder(uri.getScheme()).append("://").append(uri.getAuthority()).append(path);
    char sep = '?';
    for (Fields.Field field : fields()) {
      if (replacements.containsKey(field.getName())) {
        continue;
      }
      for (String value : field.getValues()) {
        url.append(sep).append(encode(field.getName())).append('=').append(encode(value));
        sep = '&';
      }
    }
    for (Map.Entry<String, String> e : replacements.entrySet()) {
      url.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
      sep = '&';
    }
    return url.toString();
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("%24", "$");
  }
}
