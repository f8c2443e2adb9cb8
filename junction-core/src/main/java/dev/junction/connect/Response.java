package dev.junction.connect;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The response to a {@link Call}.
 *
 * @param status HTTP status
 * @param headers response headers (names as received; use {@link #header} for lookup)
 * @param body the response body
 * @param uri the URI that answered (after same-origin redirects)
 * @param attempts attempts made for this call (1 when the first succeeded)
 */
public record Response(
    int status, Map<String, List<String>> headers, byte[] body, URI uri, int attempts) {

  public Response {
    Objects.requireNonNull(uri, "uri");
    headers = headers == null ? Map.of() : headers;
    body = body == null ? new byte[0] : body;
  }

  /** First value of a header, looked up case-insensitively. */
  public Optional<String> header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return Optional.of(e.getValue().getFirst());
      }
    }
    return Optional.empty();
  }

  /** All values of a header, looked up case-insensitively. */
  public List<String> headerValues(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) return e.getValue();
    }
    return List.of();
  }

  public boolean successful() {
    return status >= 200 && status < 300;
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public Response withAttempts(int n) {
    return new Response(status, headers, body, uri, n);
  }
}
