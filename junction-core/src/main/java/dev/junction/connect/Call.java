package dev.junction.connect;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One outbound request.
 *
 * @param method HTTP method, upper case
 * @param uri absolute URI; must be on the connection's origin (scheme, host and port)
 * @param headers request headers (single-valued)
 * @param body request body, empty for none
 * @param label what the call is for, used in error messages (e.g. {@code /orders page 3})
 * @param correlationId the run's correlation id, copied into the audit record ({@code null} when
 *     the call belongs to no run)
 */
public record Call(
    String method,
    URI uri,
    Map<String, String> headers,
    byte[] body,
    String label,
    String correlationId) {

  private static final Set<String> IDEMPOTENT =
      Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");

  public Call {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    method = method.toUpperCase(Locale.ROOT);
    if (!uri.isAbsolute()) throw new IllegalArgumentException("uri must be absolute: " + uri);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    body = body == null ? new byte[0] : body;
    label = label == null ? uri.getRawPath() : label;
  }

  /** A GET of {@code uri} with no headers. */
  public static Call get(URI uri) {
    return new Call("GET", uri, Map.of(), null, null, null);
  }

  /** True for methods that may be repeated without changing the outcome. */
  public boolean idempotent() {
    return IDEMPOTENT.contains(method);
  }

  public Call withUri(URI newUri) {
    return new Call(method, newUri, headers, body, label, correlationId);
  }

  public Call withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new Call(method, uri, copy, body, label, correlationId);
  }

  public Call withLabel(String newLabel) {
    return new Call(method, uri, headers, body, newLabel, correlationId);
  }

  public Call withCorrelationId(String id) {
    return new Call(method, uri, headers, body, label, id);
  }

  @Override
  public String toString() {
    return method + " " + Redaction.url(uri, Set.of());
  }
}
