package dev.junction.erp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.eclipse.jetty.util.Fields;

/** A request's query parameters, parsed with errors that name the parameter and bad value. */
final class Query {
  private final Fields fields;
  private final String requestUrl;

  /**
   * @param requestUrl scheme, authority and path of the request, to build next-page links from
   */
  Query(Fields fields, String requestUrl) {
    this.fields = fields;
    this.requestUrl = requestUrl;
  }

  String get(String name) {
    String v = fields.getValue(name);
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
    StringBuilder url = new StringBuilder(requestUrl);
    char sep = '?';
    for (Fields.Field field : fields) {
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
