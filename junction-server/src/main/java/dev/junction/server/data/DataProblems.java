package dev.junction.server.data;

import dev.junction.jobs.JobException;
import dev.junction.jobs.WriteTokens;
import dev.junction.packages.PackageException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.UncheckedIOException;
import java.net.URI;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Batch data errors as problem+json: 404, 400, 403, 409, 413 and 502 — never a 500 for bad input.
 */
@RestControllerAdvice(basePackageClasses = DataProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DataProblems {

  @ExceptionHandler(JobException.class)
  ResponseEntity<ProblemDetail> job(JobException e, HttpServletRequest request) {
    HttpStatus status =
        switch (e.reason()) {
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case INVALID -> HttpStatus.BAD_REQUEST;
          case CONFLICT -> HttpStatus.CONFLICT;
        };
    return problem(status, e.getMessage(), request);
  }

  @ExceptionHandler({PackageException.class, IllegalArgumentException.class})
  ResponseEntity<ProblemDetail> invalid(RuntimeException e, HttpServletRequest request) {
    return problem(HttpStatus.BAD_REQUEST, e.getMessage(), request);
  }

  @ExceptionHandler(WriteTokens.Refused.class)
  ResponseEntity<ProblemDetail> refused(WriteTokens.Refused e, HttpServletRequest request) {
    return problem(HttpStatus.FORBIDDEN, e.getMessage(), request);
  }

  @ExceptionHandler(Uploads.TooLarge.class)
  ResponseEntity<ProblemDetail> tooLarge(Uploads.TooLarge e, HttpServletRequest request) {
    return problem(HttpStatus.CONTENT_TOO_LARGE, e.getMessage(), request);
  }

  @ExceptionHandler(UncheckedIOException.class)
  ResponseEntity<ProblemDetail> io(UncheckedIOException e, HttpServletRequest request) {
    return problem(
        HttpStatus.BAD_REQUEST,
        "the upload could not be received completely (" + e.getCause().getMessage() + ")",
        request);
  }

  static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String detail, HttpServletRequest request) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setInstance(URI.create(request.getRequestURI()));
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
  }
}
