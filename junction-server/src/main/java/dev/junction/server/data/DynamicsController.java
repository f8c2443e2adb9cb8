package dev.junction.server.data;

import dev.junction.jobs.BatchJobs;
import dev.junction.jobs.ExportRequest;
import dev.junction.jobs.ImportRequest;
import dev.junction.jobs.Job;
import dev.junction.jobs.JobException;
import dev.junction.jobs.RecurringIntegrations;
import dev.junction.jobs.WriteTokens;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Dynamics 365 data management package API and recurring-integration connector routes, with
 * D365's names, bodies and statuses. A definition group is a Junction export definition; an
 * execution id is a job id; the "Azure write URL" is a blob slot on Junction itself ({@code PUT
 * /api/data/blobs/{id}?se=…&sig=…}, authorized by its signed single-use token like an Azure SAS),
 * which {@code ImportFromPackage} then reads.
 */
@RestController
class DynamicsController {
  private static final String ACTIONS =
      "/data/DataManagementDefinitionGroups/Microsoft.Dynamics.DataEntities.";
  private static final Pattern BLOB = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private final BatchJobs jobs;
  private final RecurringIntegrations recurring;
  private final Uploads uploads;
  private final Path blobs;
  private final WriteTokens tokens;
  private final Duration writeUrlTtl;

  DynamicsController(BatchJobs jobs, DataConfiguration.DataSettings settings, WriteTokens tokens) {
    this.jobs = jobs;
    this.tokens = tokens;
    this.writeUrlTtl = settings.writeUrlTtl();
    this.recurring = jobs.recurring();
    this.uploads = new Uploads(settings);
    this.blobs = settings.directory().resolveSibling(settings.directory().getFileName() + "-blobs");
  }

  private static Map<String, Object> value(Object v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("@odata.context", JobViews.base() + "/data/$metadata#Edm.String");
    m.put("value", v);
    return m;
  }

  private static String text(Map<String, Object> body, String name, boolean required) {
    Object v = body == null ? null : body.get(name);
    if (v == null || v.toString().isBlank()) {
      if (required) {
        throw new JobException(JobException.Reason.INVALID, "'" + name + "' is required");
      }
      return null;
    }
    return v.toString();
  }

  @PostMapping(ACTIONS + "ExportToPackage")
  Map<String, Object> exportToPackage(@RequestBody Map<String, Object> body) {
    String group = text(body, "definitionGroupId", true);
    String execution = text(body, "executionId", false);
    boolean reExecute = Boolean.parseBoolean(String.valueOf(body.get("reExecute")));
    if (reExecute && execution != null && jobs.find(execution).isPresent()) {
      execution = null;
    }
    Job job = jobs.submitExport(new ExportRequest(null, null, null, false, group), execution, null);
    return value(job.id());
  }

  @PostMapping(ACTIONS + "GetExportedPackageUrl")
  Map<String, Object> exportedPackageUrl(@RequestBody Map<String, Object> body) {
    String id = text(body, "executionId", true);
    jobs.packageFile(id);
    return value(JobViews.base() + "/api/data/jobs/" + id + "/package");
  }

  @PostMapping(ACTIONS + "GetAzureWriteUrl")
  Map<String, Object> azureWriteUrl(@RequestBody(required = false) Map<String, Object> body) {
    String blobId = UUID.randomUUID().toString();
    String url =
        JobViews.base()
            + "/api/data/blobs/"
            + blobId
            + "?"
            + tokens.issue(blobId, writeUrlTtl).query();
    return value("{\"BlobId\":\"" + blobId + "\",\"BlobUrl\":\"" + url + "\"}");
  }

  /**
   * Stores an uploaded package in a blob slot. With {@code se} and {@code sig} (the write URL from
   * {@code GetAzureWriteUrl}) the signed token authorizes the PUT, once; without them the caller's
   * API key does.
   */
  @PutMapping("/api/data/blobs/{blobId}")
  ResponseEntity<Void> putBlob(
      @PathVariable String blobId,
      @RequestParam(required = false) String se,
      @RequestParam(required = false) String sig,
      HttpServletRequest request)
      throws IOException {
    if (!BLOB.matcher(blobId).matches()) {
      throw new JobException(JobException.Reason.INVALID, "blob id '" + blobId + "' is not valid");
    }
    if (sig != null) tokens.redeem(blobId, se, sig);
    Path stored = uploads.store(request.getInputStream());
    Files.createDirectories(blobs);
    Files.move(stored, blobs.resolve(blobId), StandardCopyOption.REPLACE_EXISTING);
    return ResponseEntity.status(HttpStatus.CREATED).build();
  }

  @PostMapping(ACTIONS + "ImportFromPackage")
  Map<String, Object> importFromPackage(@RequestBody Map<String, Object> body) throws IOException {
    String url = text(body, "packageUrl", true);
    String execution = text(body, "executionId", false);
    String marker = "/api/data/blobs/";
    int at = url.indexOf(marker);
    String blobId = at < 0 ? "" : url.substring(at + marker.length()).replaceAll("[?#].*$", "");
    if (!BLOB.matcher(blobId).matches() || !Files.exists(blobs.resolve(blobId))) {
      throw new JobException(
          JobException.Reason.INVALID,
          "packageUrl '"
              + url
              + "' is not a blob written through GetAzureWriteUrl on this Junction; fetching"
              + " packages from other URLs is not supported");
    }
    Path upload = Files.createTempFile(blobs, "import-", ".zip");
    Files.copy(blobs.resolve(blobId), upload, StandardCopyOption.REPLACE_EXISTING);
    Job job =
        jobs.submitImport(upload, new ImportRequest(blobId + ".zip", null, false), execution, null);
    return value(job.id());
  }

  @PostMapping(ACTIONS + "GetExecutionSummaryStatus")
  Map<String, Object> summaryStatus(@RequestBody Map<String, Object> body) {
    String id = text(body, "executionId", true);
    return value(jobs.find(id).map(j -> j.status().wireName()).orElse("Unknown"));
  }

  @PostMapping(ACTIONS + "GetExecutionErrors")
  Map<String, Object> executionErrors(@RequestBody Map<String, Object> body) throws IOException {
    String id = text(body, "executionId", true);
    Job job = jobs.get(id);
    StringBuilder errors = new StringBuilder();
    if (!job.message().isEmpty() && job.status() != dev.junction.jobs.JobStatus.SUCCEEDED) {
      errors.append(job.message());
    }
    if (job.kind() == dev.junction.jobs.JobKind.IMPORT && job.status().finished()) {
      try {
        for (String line :
            Files.readAllLines(jobs.errorFile(id)).stream().skip(1).limit(1000).toList()) {
          if (!errors.isEmpty()) errors.append('\n');
          errors.append(line);
        }
      } catch (JobException e) {
        // No error file: the job failed before validating; its message says why.
      }
    }
    return value(errors.toString());
  }

  @PostMapping(ACTIONS + "GetMessageStatus")
  Map<String, Object> messageStatus(@RequestBody Map<String, Object> body) {
    return value(recurring.message(text(body, "messageId", true)).status().wireName());
  }

  @PostMapping("/api/connector/enqueue/{activityId}")
  ResponseEntity<String> enqueue(
      @PathVariable String activityId,
      @RequestParam(required = false) String entity,
      HttpServletRequest request)
      throws IOException {
    Path stored = uploads.store(request.getInputStream());
    String name = entity != null ? entity + ".csv" : "package.zip";
    var m = recurring.enqueue(activityId, stored, name, entity);
    return ResponseEntity.ok(m.id());
  }

  @GetMapping("/api/connector/dequeue/{activityId}")
  ResponseEntity<Map<String, Object>> dequeue(@PathVariable String activityId) {
    return recurring
        .dequeue(activityId)
        .map(
            d -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("CorrelationId", d.messageId());
              m.put("PopReceipt", d.popReceipt());
              m.put(
                  "DownloadLocation", JobViews.base() + "/api/data/jobs/" + d.jobId() + "/package");
              m.put("IsDownloadFileExist", true);
              m.put("FileDownloadErrorMessage", "");
              m.put("LastDequeueDateTime", d.dequeued().toString());
              return ResponseEntity.ok(m);
            })
        .orElseGet(() -> ResponseEntity.noContent().build());
  }

  @PostMapping("/api/connector/ack/{activityId}")
  ResponseEntity<Void> ack(@PathVariable String activityId, @RequestBody Map<String, Object> body) {
    recurring.ack(activityId, text(body, "CorrelationId", true), text(body, "PopReceipt", true));
    return ResponseEntity.ok().build();
  }
}
