package dev.junction.server.data;

import dev.junction.jobs.Job;
import dev.junction.jobs.JobKind;
import dev.junction.jobs.RecurringIntegrations;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** JSON views of jobs and messages. */
final class JobViews {
  private JobViews() {}

  static String base() {
    return ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
  }

  static Map<String, Object> job(Job j) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", j.id());
    m.put("kind", j.kind().name().toLowerCase(java.util.Locale.ROOT));
    m.put("status", j.status().wireName());
    m.put("phase", j.phase());
    m.put("progress", Map.of("done", j.done(), "total", j.total()));
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("read", j.counts().read());
    c.put("inserted", j.counts().inserted());
    c.put("updated", j.counts().updated());
    c.put("unchanged", j.counts().unchanged());
    c.put("rejected", j.counts().rejected());
    c.put("deleted", j.counts().deleted());
    c.put("exported", j.counts().exported());
    m.put("counts", c);
    m.put("message", j.message());
    m.put("created", j.created());
    m.put("started", j.started());
    m.put("finished", j.finished());
    m.put("definition", j.definition());
    m.put("activityId", j.activityId());
    m.put("attempts", j.attempts());
    String self = base() + "/api/data/jobs/" + j.id();
    Map<String, String> links = new LinkedHashMap<>();
    links.put("self", self);
    links.put("cancel", self + "/cancel");
    links.put(
        j.kind() == JobKind.EXPORT ? "package" : "errors",
        self + (j.kind() == JobKind.EXPORT ? "/package" : "/errors"));
    m.put("links", links);
    return m;
  }

  static Map<String, Object> message(RecurringIntegrations.Message msg) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("messageId", msg.id());
    m.put("activityId", msg.activityId());
    m.put("direction", msg.direction().name().toLowerCase(java.util.Locale.ROOT));
    m.put("status", msg.status().wireName());
    m.put("jobId", msg.jobId());
    m.put("created", msg.created());
    m.put("dequeueCount", msg.dequeueCount());
    return m;
  }
}
