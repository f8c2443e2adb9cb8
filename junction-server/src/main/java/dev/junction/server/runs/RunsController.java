package dev.junction.server.runs;

import dev.junction.pipeline.PipelineException;
import dev.junction.server.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/integrations/{name}/runs} (202 + {@code Location}), {@code GET
 * /api/integrations/{name}/runs} (the kept runs, newest first) and {@code GET
 * /api/integrations/{name}/runs/{id}}.
 */
@RestController
@RequestMapping("/api/integrations/{name}/runs")
class RunsController {
  private final Runs runs;

  RunsController(Runs runs) {
    this.runs = runs;
  }

  @PostMapping
  ResponseEntity<?> start(@PathVariable String name, HttpServletRequest request) {
    if (!runs.knows(name)) return unknown(name, request);
    Runs.Tracked run;
    try {
      run = runs.start(name);
    } catch (PipelineException refused) {
      return problem(Problems.of(request, HttpStatus.CONFLICT, refused.getMessage()));
    }
    return ResponseEntity.accepted()
        .location(URI.create(request.getRequestURI().replaceAll("/+$", "") + "/" + run.id()))
        .body(run.view());
  }

  @GetMapping
  ResponseEntity<?> recent(@PathVariable String name, HttpServletRequest request) {
    if (!runs.knows(name)) return unknown(name, request);
    List<RunView> views = runs.recent(name).stream().map(Runs.Tracked::view).toList();
    return ResponseEntity.ok(views);
  }

  @GetMapping("/{id}")
  ResponseEntity<?> one(
      @PathVariable String name, @PathVariable String id, HttpServletRequest request) {
    if (!runs.knows(name)) return unknown(name, request);
    return runs.find(name, id)
        .<ResponseEntity<?>>map(r -> ResponseEntity.ok(r.view()))
        .orElseGet(
            () ->
                problem(
                    Problems.of(
                        request,
                        HttpStatus.NOT_FOUND,
                        "no run '"
                            + id
                            + "' of integration '"
                            + name
                            + "' (the server keeps the last "
                            + Runs.KEEP
                            + " runs per integration since it started)")));
  }

  private static ResponseEntity<?> unknown(String name, HttpServletRequest request) {
    return problem(
        Problems.of(
            request,
            HttpStatus.NOT_FOUND,
            "no integration named '"
                + name
                + "' is configured; see the configuration's integrations"));
  }

  private static ResponseEntity<ProblemDetail> problem(ProblemDetail p) {
    return ResponseEntity.status(p.getStatus())
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(p);
  }
}
