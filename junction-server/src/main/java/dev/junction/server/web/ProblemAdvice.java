package dev.junction.server.web;

import dev.junction.JunctionException;
import dev.junction.StoreException;
import dev.junction.ValidationException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error a route raises becomes an RFC 9457 {@code application/problem+json} response. Spring
 * MVC's own exceptions (unknown route, wrong method, unreadable body, bad parameter) keep their 4xx
 * status; engine validation errors are 400 with one entry per field; anything unexpected is a 500
 * whose detail names only the correlation id (the stack trace goes to the server log, never to the
 * caller).
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  @ExceptionHandler(ValidationException.class)
  ResponseEntity<ProblemDetail> invalid(ValidationException e, HttpServletRequest request) {
    ProblemDetail p = Problems.of(request, HttpStatus.BAD_REQUEST, e.getMessage());
    p.setProperty("violations", e.violations());
    return problem(p);
  }

  @ExceptionHandler(StoreException.class)
  ResponseEntity<ProblemDetail> store(StoreException e, HttpServletRequest request) {
    log.error("store failure: {}", e.getMessage(), e);
    return problem(
        Problems.of(
            request,
            HttpStatus.SERVICE_UNAVAILABLE,
            "the store could not complete the request; retry later (correlation id "
                + request.getAttribute(CorrelationIds.ATTRIBUTE)
                + ")"));
  }

  /**
   * Security decisions raised inside a route (e.g. a role check) go back to Spring Security, which
   * answers them as 401/403 problems with the right {@code WWW-Authenticate} header.
   */
  @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
  void security(RuntimeException e) {
    throw e;
  }

  @ExceptionHandler({JunctionException.class, RuntimeException.class})
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
    log.error("unexpected failure handling {} {}", request.getMethod(), request.getRequestURI(), e);
    return problem(
        Problems.of(
            request,
            HttpStatus.INTERNAL_SERVER_ERROR,
            "an unexpected error occurred; the server log has the details under correlation id "
                + request.getAttribute(CorrelationIds.ATTRIBUTE)));
  }

  /** Every response of the base class passes here, with its problem body already built. */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail p
        && request instanceof NativeWebRequest nwr
        && nwr.getNativeRequest() instanceof HttpServletRequest servletRequest) {
      Problems.enrich(p, servletRequest);
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  private static ResponseEntity<ProblemDetail> problem(ProblemDetail p) {
    return ResponseEntity.status(p.getStatus())
        .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
        .body(p);
  }
}
