package dev.junction.server.sync;

import dev.junction.server.web.Problems;
import dev.junction.sync.ConsumerState;
import dev.junction.sync.SyncApi;
import dev.junction.sync.SyncException;
import dev.junction.sync.SyncRecords;
import dev.junction.sync.SyncRequest;
import dev.junction.sync.SyncResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST
 * /api/navx/integrationFramework/<version>/integrations(<sortingOrder>)/Microsoft.NAV.getChanges}
 * and {@code POST /api/sync/{integration}/changes} with {@code {"top", "skip", "syncToken",
 * "pageToken"}}; the consumer is the authenticated principal. Admins see and reset consumer state
 * under {@code /api/sync/admin/consumers}. Errors are problem+json; 410 Gone carries a {@code
 * Location} where a fresh baseline starts (the same route, without a token).
 */
@RestController
class SyncController {
  private static final Pattern TARGET = Pattern.compile("integrations\\((\\d{1,9})\\)");

  private final SyncApi sync;
  private final JsonMapper json;

  SyncController(SyncApi sync, JsonMapper json) {
    this.sync = sync;
    this.json = json;
  }

  /** The request body; every member is optional. */
  record ChangesRequest(Integer top, Long skip, String syncToken, String pageToken) {
    SyncRequest toEngine() {
      return new SyncRequest(
          top == null ? SyncRequest.DEFAULT_TOP : top,
          skip == null ? 0 : skip,
          syncToken,
          pageToken);
    }
  }

  @PostMapping(
      path = "/api/navx/integrationFramework/{version}/{target}/Microsoft.NAV.getChanges",
      produces = MediaType.APPLICATION_JSON_VALUE)
  void navx(
      @PathVariable String version,
      @PathVariable String target,
      @RequestBody(required = false) ChangesRequest body,
      Authentication caller,
      HttpServletResponse response)
      throws IOException {
    Matcher m = TARGET.matcher(target);
    if (!m.matches()) {
      throw new SyncException(
          SyncException.Reason.UNKNOWN_INTEGRATION,
          "Expected integrations(<sortingOrder>) in the path, got a segment of "
              + target.length()
              + " characters");
    }
    String integration = sync.integrationName(Integer.parseInt(m.group(1)), version);
    changes(integration, body, caller, response);
  }

  @PostMapping(
      path = "/api/sync/{integration}/changes",
      produces = MediaType.APPLICATION_JSON_VALUE)
  void alias(
      @PathVariable String integration,
      @RequestBody(required = false) ChangesRequest body,
      Authentication caller,
      HttpServletResponse response)
      throws IOException {
    changes(integration, body, caller, response);
  }

  /**
   * Answers {@code {"value": [...], "syncToken", "nextPageToken", "moreChanges"}}, written straight
   * to the response (a page of 10,000 records is never built as maps first); errors are thrown
   * before anything is written.
   */
  private void changes(
      String integration, ChangesRequest body, Authentication caller, HttpServletResponse response)
      throws IOException {
    SyncRequest request =
        body == null ? SyncRequest.first(SyncRequest.DEFAULT_TOP) : body.toEngine();
    SyncResponse r = sync.getChanges(caller.getName(), integration, request);
    response.setStatus(HttpStatus.OK.value());
    response.setContentType(MediaType.APPLICATION_JSON_VALUE);
    try (JsonGenerator out = json.createGenerator(response.getOutputStream())) {
      out.writeStartObject();
      out.writeName("value");
      if (r.value() instanceof SyncRecords records) records.write(out);
      else out.writePOJO(r.value());
      if (r.syncToken() != null) out.writeStringProperty("syncToken", r.syncToken());
      if (r.nextPageToken() != null) out.writeStringProperty("nextPageToken", r.nextPageToken());
      out.writeBooleanProperty("moreChanges", r.moreChanges());
      out.writeEndObject();
    }
  }

  @GetMapping(path = "/api/sync/admin/consumers", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<?> consumers(Authentication caller, HttpServletRequest request) {
    if (!isAdmin(caller)) return forbidden(caller, request);
    List<ConsumerState> states = sync.consumers();
    return ResponseEntity.ok(Map.of("value", states));
  }

  @DeleteMapping("/api/sync/admin/consumers/{consumer}/integrations/{integration}")
  ResponseEntity<?> reset(
      @PathVariable String consumer,
      @PathVariable String integration,
      Authentication caller,
      HttpServletRequest request) {
    if (!isAdmin(caller)) return forbidden(caller, request);
    if (sync.reset(consumer, integration)) return ResponseEntity.noContent().build();
    return problem(
        Problems.of(
            request,
            HttpStatus.NOT_FOUND,
            "Consumer '"
                + consumer
                + "' has no sync state for integration '"
                + integration
                + "'; nothing was reset"));
  }

  @ExceptionHandler(SyncException.class)
  ResponseEntity<ProblemDetail> failed(SyncException e, HttpServletRequest request) {
    ProblemDetail p = Problems.of(request, HttpStatus.valueOf(e.reason().status()), e.getMessage());
    ResponseEntity.BodyBuilder b =
        ResponseEntity.status(e.reason().status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    if (e.reason() == SyncException.Reason.GONE) {
      b.location(
          URI.create(request.getRequestURI())); // POST here without a token: a fresh baseline
    }
    return b.body(p);
  }

  private static boolean isAdmin(Authentication caller) {
    return caller.getAuthorities().stream().anyMatch(a -> "ROLE_admin".equals(a.getAuthority()));
  }

  private static ResponseEntity<?> forbidden(Authentication caller, HttpServletRequest request) {
    return problem(
        Problems.of(
            request,
            HttpStatus.FORBIDDEN,
            "the API key '" + caller.getName() + "' lacks the admin role this route requires"));
  }

  private static ResponseEntity<ProblemDetail> problem(ProblemDetail p) {
    return ResponseEntity.status(p.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(p);
  }
}
