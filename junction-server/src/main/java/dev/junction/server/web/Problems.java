package dev.junction.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds RFC 9457 problem details the same way everywhere: {@code type} {@code about:blank}, the
 * status's reason as {@code title}, a {@code detail} that says what to do, the request path as
 * {@code instance} and the request's {@code correlationId}. Details never carry a secret or a stack
 * trace.
 */
@Component
public final class Problems {
  private final JsonMapper json;

  Problems(JsonMapper json) {
    this.json = json;
  }

  /** A problem for {@code request}. */
  public static ProblemDetail of(HttpServletRequest request, HttpStatusCode status, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    enrich(p, request);
    return p;
  }

  /** Adds {@code instance} and {@code correlationId} when missing. */
  static void enrich(ProblemDetail p, HttpServletRequest request) {
    if (p.getInstance() == null) {
      try {
        p.setInstance(URI.create(request.getRequestURI()));
      } catch (IllegalArgumentException notAUri) {
        // an unparsable path stays out of the body
      }
    }
    if (p.getTitle() == null) {
      HttpStatus s = HttpStatus.resolve(p.getStatus());
      if (s != null) p.setTitle(s.getReasonPhrase());
    }
    Object id = request.getAttribute(CorrelationIds.ATTRIBUTE);
    if (id != null) p.setProperty("correlationId", id);
  }

  /** Writes a problem response outside Spring MVC (from a security filter). */
  public void write(
      HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
      throws IOException {
    ProblemDetail p = of(request, status, detail);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", p.getType() == null ? "about:blank" : p.getType().toString());
    body.put("title", p.getTitle());
    body.put("status", p.getStatus());
    body.put("detail", p.getDetail());
    if (p.getInstance() != null) body.put("instance", p.getInstance().toString());
    if (p.getProperties() != null) body.putAll(p.getProperties());
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    json.writeValue(response.getOutputStream(), body);
  }
}
