package dev.junction.server.web;

import dev.junction.audit.AuditEntry;
import dev.junction.audit.AuditLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.apache.catalina.connector.ResponseFacade;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The outermost filter: gives each request its correlation id (echoed in the response, put in the
 * logging MDC) and records one inbound {@link AuditEntry} when the request completes — method, path
 * and redacted query, status, duration, principal, response bytes. It reads no header other than
 * the correlation id and no body, so no key or payload can reach the audit trail.
 */
final class AuditFilter extends OncePerRequestFilter {
  private final AuditLog audit;
  private final InstantSource clock;

  AuditFilter(AuditLog audit, InstantSource clock) {
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String correlationId = CorrelationIds.of(request);
    request.setAttribute(CorrelationIds.ATTRIBUTE, correlationId);
    response.setHeader(CorrelationIds.HEADER, correlationId);
    MDC.put(CorrelationIds.MDC_KEY, correlationId);
    Instant start = clock.instant();
    int status = 500;
    try {
      chain.doFilter(request, response);
      status = response.getStatus();
    } finally {
      MDC.remove(CorrelationIds.MDC_KEY);
      Duration took = Duration.between(start, clock.instant());
      String query = request.getQueryString();
      audit.record(
          AuditEntry.inbound(
              (String) request.getAttribute(Principals.ATTRIBUTE),
              request.getMethod(),
              query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query,
              status,
              took.isNegative() ? Duration.ZERO : took,
              correlationId,
              start,
              bytesWritten(response)));
    }
  }

  /** Body bytes written so far, when the container tells (Tomcat does), else -1. */
  private static long bytesWritten(ServletResponse response) {
    ServletResponse r = response;
    while (r instanceof ServletResponseWrapper w) r = w.getResponse();
    return r instanceof ResponseFacade tomcat ? tomcat.getContentWritten() : -1;
  }
}
