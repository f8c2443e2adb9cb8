package dev.junction.server.web;

import dev.junction.audit.AuditEntry;
import dev.junction.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/audit?limit=N}: the most recent audit entries, newest first (role admin). */
@RestController
class AuditController {
  private final AuditLog audit;

  AuditController(AuditLog audit) {
    this.audit = audit;
  }

  @GetMapping("/api/v1/audit")
  ResponseEntity<?> recent(
      @RequestParam(defaultValue = "50") int limit, HttpServletRequest request) {
    if (limit < 1 || limit > 10_000) {
      ProblemDetail p =
          Problems.of(
              request,
              HttpStatus.BAD_REQUEST,
              "query parameter 'limit' must be within 1..10000, was " + limit);
      return ResponseEntity.badRequest()
          .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
          .body(p);
    }
    List<AuditEntry> entries = audit.recent(limit);
    return ResponseEntity.ok(entries);
  }
}
