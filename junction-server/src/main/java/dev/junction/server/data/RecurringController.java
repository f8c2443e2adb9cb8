package dev.junction.server.data;

import dev.junction.jobs.BatchJobs;
import dev.junction.jobs.JobException;
import dev.junction.jobs.RecurringIntegrations;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/recurring/{activityId}}: define, enqueue, dequeue, ack, message status. */
@RestController
class RecurringController {
  private final BatchJobs jobs;
  private final RecurringIntegrations recurring;
  private final Uploads uploads;

  RecurringController(BatchJobs jobs, DataConfiguration.DataSettings settings) {
    this.jobs = jobs;
    this.recurring = jobs.recurring();
    this.uploads = new Uploads(settings);
  }

  /**
   * {@code interval} and {@code ackTimeout} are ISO-8601 durations ({@code PT15M}); {@code cron} is
   * a 5- or 6-field cron expression read in {@code zone} (an IANA zone id, default UTC). An
   * activity has an interval or a cron schedule, not both.
   */
  record ActivityBody(
      String definition, String interval, String cron, String zone, String ackTimeout) {}

  record AckBody(String messageId, String popReceipt) {}

  @PutMapping("/api/recurring/{activityId}")
  Map<String, Object> define(@PathVariable String activityId, @RequestBody ActivityBody body) {
    var a =
        recurring.define(
            activityId,
            body.definition(),
            schedule(body),
            duration("ackTimeout", body.ackTimeout()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("activityId", a.id());
    m.put("definition", a.definition());
    m.put("interval", a.interval() == null ? null : a.interval().toString());
    var cron = a.schedule() == null ? null : a.schedule().cron();
    m.put("cron", cron == null ? null : cron.expression());
    m.put("zone", cron == null ? null : a.schedule().zone().getId());
    m.put("ackTimeout", a.ackTimeout().toString());
    return m;
  }

  private static RecurringIntegrations.Schedule schedule(ActivityBody body) {
    boolean hasCron = body.cron() != null && !body.cron().isBlank();
    Duration interval = duration("interval", body.interval());
    if (hasCron && interval != null) {
      throw new JobException(
          JobException.Reason.INVALID, "give either 'interval' or 'cron', not both");
    }
    if (!hasCron) {
      if (body.zone() != null && !body.zone().isBlank()) {
        throw new JobException(JobException.Reason.INVALID, "'zone' applies to 'cron' only");
      }
      return interval == null ? null : RecurringIntegrations.Schedule.every(interval);
    }
    ZoneId zone = null;
    if (body.zone() != null && !body.zone().isBlank()) {
      try {
        zone = ZoneId.of(body.zone());
      } catch (java.time.DateTimeException e) {
        throw new JobException(
            JobException.Reason.INVALID,
            "zone '" + body.zone() + "' is not a time zone id such as Europe/Zurich or UTC");
      }
    }
    return RecurringIntegrations.Schedule.cron(body.cron(), zone);
  }

  static Duration duration(String name, String text) {
    if (text == null || text.isBlank()) return null;
    try {
      return Duration.parse(text);
    } catch (java.time.format.DateTimeParseException e) {
      throw new JobException(
          JobException.Reason.INVALID,
          name + " '" + text + "' is not an ISO-8601 duration such as PT15M");
    }
  }

  @PostMapping("/api/recurring/{activityId}/enqueue")
  ResponseEntity<Map<String, Object>> enqueue(
      @PathVariable String activityId,
      HttpServletRequest request,
      @RequestParam(required = false) String entity,
      @RequestParam(required = false) String fileName)
      throws IOException {
    Path stored = uploads.store(request.getInputStream());
    String name = fileName != null ? fileName : entity != null ? entity + ".csv" : "package.zip";
    var m = recurring.enqueue(activityId, stored, Path.of(name).getFileName().toString(), entity);
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(JobViews.message(m));
  }

  @GetMapping("/api/recurring/{activityId}/dequeue")
  ResponseEntity<Map<String, Object>> dequeue(@PathVariable String activityId) {
    return recurring
        .dequeue(activityId)
        .map(
            d -> {
              Map<String, Object> m = new LinkedHashMap<>();
              m.put("messageId", d.messageId());
              m.put("popReceipt", d.popReceipt());
              m.put(
                  "downloadLocation", JobViews.base() + "/api/data/jobs/" + d.jobId() + "/package");
              m.put("dequeued", d.dequeued());
              return ResponseEntity.ok(m);
            })
        .orElseGet(() -> ResponseEntity.noContent().build());
  }

  @PostMapping("/api/recurring/{activityId}/ack")
  Map<String, Object> ack(@PathVariable String activityId, @RequestBody AckBody body) {
    return JobViews.message(recurring.ack(activityId, body.messageId(), body.popReceipt()));
  }

  @GetMapping("/api/recurring/{activityId}/messages/{messageId}")
  Map<String, Object> message(@PathVariable String activityId, @PathVariable String messageId) {
    var m = recurring.message(messageId);
    if (!m.activityId().equals(activityId)) {
      throw new JobException(
          JobException.Reason.NOT_FOUND, "Message '" + messageId + "' does not exist");
    }
    Map<String, Object> view = JobViews.message(m);
    view.put("job", JobViews.job(jobs.get(m.jobId())));
    return view;
  }
}
