package dev.junction.server.data;

import dev.junction.jobs.BatchJobs;
import dev.junction.jobs.ExportRequest;
import dev.junction.jobs.ImportRequest;
import dev.junction.jobs.Job;
import dev.junction.jobs.JobException;
import dev.junction.packages.PackageFormat;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code /api/data}: export and import jobs, their package and error file, definitions. */
@RestController
class DataJobsController {
  private final BatchJobs jobs;
  private final Uploads uploads;
  private final UrlFetcher fetcher;

  DataJobsController(BatchJobs jobs, DataConfiguration.DataSettings settings, UrlFetcher fetcher) {
    this.jobs = jobs;
    this.uploads = new Uploads(settings);
    this.fetcher = fetcher;
  }

  /** Body of {@code POST /api/data/exports} and {@code PUT /api/data/definitions/{name}}. */
  record ExportBody(
      List<String> entities,
      Map<String, Map<String, String>> filters,
      String format,
      Boolean incremental,
      String definition,
      String executionId) {
    ExportRequest request(String name) {
      return new ExportRequest(
          entities,
          filters,
          format == null ? PackageFormat.CSV : PackageFormat.parse(format),
          incremental != null && incremental,
          name != null ? name : definition);
    }
  }

  @PostMapping("/api/data/exports")
  ResponseEntity<Map<String, Object>> export(@RequestBody ExportBody body) {
    Job job = jobs.submitExport(body.request(null), body.executionId(), null);
    return accepted(job);
  }

  @PostMapping(value = "/api/data/imports", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<Map<String, Object>> importMultipart(
      @RequestPart("file") MultipartFile file,
      @RequestParam(required = false) String entity,
      @RequestParam(defaultValue = "false") boolean allOrNothing,
      @RequestParam(required = false) String executionId) {
    String name = file.getOriginalFilename();
    if (name == null || name.isBlank()) name = "upload.zip";
    Path stored = uploads.store(file);
    Job job =
        jobs.submitImport(
            stored,
            new ImportRequest(Path.of(name).getFileName().toString(), entity, allOrNothing),
            executionId,
            null);
    return accepted(job);
  }

  /**
   * Body of the JSON form of {@code POST /api/data/imports}: the file at {@code url}, fetched
   * through the configured {@code connection}; {@code fileName} overrides the name the URL ends
   * with (its extension tells a package from a CSV or JSON Lines file).
   */
  record UrlImportBody(
      String url,
      String connection,
      String fileName,
      String entity,
      Boolean allOrNothing,
      String executionId) {}

  /**
   * Imports a file fetched from a URL through a configured connection (its auth, TLS, timeouts and
   * retries apply). The connection and the URL's origin are checked at once (400); the job fetches
   * the file when it starts, and a failed fetch fails the job with the reason.
   */
  @PostMapping(value = "/api/data/imports", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, Object>> importUrl(@RequestBody UrlImportBody body) {
    if (body.url() == null || body.url().isBlank()) {
      throw new JobException(JobException.Reason.INVALID, "'url' is required");
    }
    URI url = fetcher.resolve(body.connection(), body.url());
    String name = body.fileName();
    if (name == null || name.isBlank()) {
      String path = url.getPath() == null ? "" : url.getPath();
      name = path.substring(path.lastIndexOf('/') + 1);
    }
    if (name.isBlank()) name = "package.zip";
    Job job =
        jobs.submitFetch(
            new ImportRequest(
                Path.of(name).getFileName().toString(),
                body.entity(),
                body.allOrNothing() != null && body.allOrNothing(),
                url,
                body.connection()),
            body.executionId());
    return accepted(job);
  }

  /** The same, with the file as the raw body and its name in {@code fileName}. */
  @PostMapping(
      value = "/api/data/imports",
      consumes = {
        "application/octet-stream",
        "application/zip",
        "text/csv",
        "application/x-ndjson"
      })
  ResponseEntity<Map<String, Object>> importRaw(
      HttpServletRequest request,
      @RequestParam String fileName,
      @RequestParam(required = false) String entity,
      @RequestParam(defaultValue = "false") boolean allOrNothing,
      @RequestParam(required = false) String executionId)
      throws IOException {
    Path stored = uploads.store(request.getInputStream());
    Job job =
        jobs.submitImport(
            stored,
            new ImportRequest(Path.of(fileName).getFileName().toString(), entity, allOrNothing),
            executionId,
            null);
    return accepted(job);
  }

  private static ResponseEntity<Map<String, Object>> accepted(Job job) {
    Map<String, Object> view = JobViews.job(job);
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .header(HttpHeaders.LOCATION, JobViews.base() + "/api/data/jobs/" + job.id())
        .body(view);
  }

  @GetMapping("/api/data/jobs")
  List<Map<String, Object>> recent(@RequestParam(defaultValue = "50") int limit) {
    return jobs.recent(Math.clamp(limit, 1, 1000)).stream().map(JobViews::job).toList();
  }

  @GetMapping("/api/data/jobs/{id}")
  Map<String, Object> get(@PathVariable String id) {
    return JobViews.job(jobs.get(id));
  }

  @PostMapping("/api/data/jobs/{id}/cancel")
  Map<String, Object> cancel(@PathVariable String id) {
    return JobViews.job(jobs.cancel(id));
  }

  @GetMapping("/api/data/jobs/{id}/package")
  ResponseEntity<Resource> packageFile(@PathVariable String id) {
    Path file = jobs.packageFile(id);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/zip"))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(id + ".zip").build().toString())
        .body(new FileSystemResource(file));
  }

  @GetMapping("/api/data/jobs/{id}/errors")
  ResponseEntity<Resource> errors(@PathVariable String id) {
    Path file = jobs.errorFile(id);
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(id + "-errors.csv").build().toString())
        .body(new FileSystemResource(file));
  }

  @PutMapping("/api/data/definitions/{name}")
  Map<String, Object> define(@PathVariable String name, @RequestBody ExportBody body) {
    if (body.entities() == null || body.entities().isEmpty()) {
      throw new JobException(JobException.Reason.INVALID, "a definition needs 'entities'");
    }
    jobs.defineExport(name, body.request(name));
    return definition(name);
  }

  @GetMapping("/api/data/definitions/{name}")
  Map<String, Object> definition(@PathVariable String name) {
    ExportRequest r =
        jobs.definition(name)
            .orElseThrow(
                () ->
                    new JobException(
                        JobException.Reason.NOT_FOUND,
                        "Export definition '" + name + "' does not exist"));
    return Map.of(
        "name", name,
        "entities", r.entities(),
        "filters", r.filters(),
        "format", r.format().extension());
  }
}
