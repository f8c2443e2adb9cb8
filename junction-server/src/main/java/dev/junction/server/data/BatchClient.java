package dev.junction.server.data;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The client side of the batch data API, for the {@code junction export} and {@code junction
 * import} commands: submits a job, follows it with a progress bar on {@code err}, downloads the
 * package or error file and prints a summary on {@code out}.
 */
public final class BatchClient {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final String apiKey;
  private final PrintWriter out;
  private final PrintWriter err;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * @param base the server, e.g. {@code http://127.0.0.1:8080}
   * @param apiKey the key sent as {@code X-Api-Key} (never printed)
   */
  public BatchClient(String base, String apiKey, PrintWriter out, PrintWriter err) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.apiKey = apiKey;
    this.out = out;
    this.err = err;
  }

  /** A failure the command reports in one line and exits on. */
  public static final class Failure extends RuntimeException {
    public Failure(String message) {
      super(message);
    }
  }

  /** The final job as JSON. */
  public record Outcome(String id, String status, JsonNode job) {
    public boolean succeeded() {
      return status.equals("Succeeded");
    }
  }

  /** Runs an export and saves its package to {@code target}. */
  public Outcome export(
      List<String> entities, String format, String definition, boolean incremental, Path target)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    entities.forEach(body.putArray("entities")::add);
    if (format != null) body.put("format", format);
    if (definition != null) body.put("definition", definition);
    body.put("incremental", incremental);
    HttpResponse<String> r =
        send(
            request("/api/data/exports")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    Outcome outcome = follow(accepted(r));
    if (outcome.succeeded()) {
      HttpResponse<Path> file =
          http.send(
              request("/api/data/jobs/" + outcome.id() + "/package").GET().build(),
              HttpResponse.BodyHandlers.ofFile(target));
      if (file.statusCode() != 200) {
        throw new Failure("downloading the package failed: HTTP " + file.statusCode());
      }
    }
    summary(outcome, outcome.succeeded() ? "package: " + target : null);
    return outcome;
  }

  /** Uploads {@code file} for import; saves the error file next to it when rows were rejected. */
  public Outcome importFile(Path file, String entity, boolean allOrNothing, Path errors)
      throws IOException, InterruptedException {
    StringBuilder query =
        new StringBuilder("?fileName=").append(encode(file.getFileName().toString()));
    if (entity != null) query.append("&entity=").append(encode(entity));
    query.append("&allOrNothing=").append(allOrNothing);
    HttpResponse<String> r =
        send(
            request("/api/data/imports" + query)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(file)));
    Outcome outcome = follow(accepted(r));
    String note = null;
    if (outcome.job().path("counts").path("rejected").asLong() > 0) {
      HttpResponse<Path> e =
          http.send(
              request("/api/data/jobs/" + outcome.id() + "/errors").GET().build(),
              HttpResponse.BodyHandlers.ofFile(errors));
      if (e.statusCode() == 200) note = "error file: " + errors;
    }
    summary(outcome, note);
    return outcome;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .header("X-Api-Key", apiKey)
        .timeout(Duration.ofMinutes(30));
  }

  private HttpResponse<String> send(HttpRequest.Builder b)
      throws IOException, InterruptedException {
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      throw new Failure("cannot reach " + base + " (is the server running?)");
    }
  }

  private String accepted(HttpResponse<String> r) {
    if (r.statusCode() != 202) {
      String detail = r.body();
      try {
        JsonNode p = JSON.readTree(r.body());
        if (p.hasNonNull("detail")) detail = p.get("detail").asString();
      } catch (RuntimeException e) {
        // Not JSON: show the body as it is.
      }
      throw new Failure("the server refused the job: HTTP " + r.statusCode() + ": " + detail);
    }
    return JSON.readTree(r.body()).path("id").asString();
  }

  private Outcome follow(String id) throws IOException, InterruptedException {
    Instant start = Instant.now();
    long pause = 50;
    while (true) {
      HttpResponse<String> r = send(request("/api/data/jobs/" + id).GET());
      if (r.statusCode() != 200) {
        throw new Failure("reading job " + id + " failed: HTTP " + r.statusCode());
      }
      JsonNode job = JSON.readTree(r.body());
      String status = job.path("status").asString();
      progress(job, Duration.between(start, Instant.now()));
      if (!status.equals("NotRun") && !status.equals("Executing")) {
        err.println();
        err.flush();
        return new Outcome(id, status, job);
      }
      LockSupport.parkNanos(Duration.ofMillis(pause).toNanos());
      pause = Math.min(pause * 2, 500);
    }
  }

  private void progress(JsonNode job, Duration elapsed) {
    long done = job.path("progress").path("done").asLong();
    long total = job.path("progress").path("total").asLong();
    int width = 30;
    int filled = total > 0 ? (int) Math.min(width, done * width / total) : 0;
    String bar = "#".repeat(filled) + "-".repeat(width - filled);
    String pct = total > 0 ? String.format("%3d%%", Math.min(100, done * 100 / total)) : "  ?%";
    err.printf(
        "\r[%s] %s %-10s %,d/%,d rows  %ds ",
        bar, pct, job.path("phase").asString(), done, total, elapsed.toSeconds());
    err.flush();
  }

  private void summary(Outcome o, String note) {
    JsonNode c = o.job().path("counts");
    out.println("job " + o.id() + ": " + o.status());
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, JsonNode> e : c.properties()) {
      if (e.getValue().asLong() > 0) {
        if (!sb.isEmpty()) sb.append(", ");
        sb.append(e.getKey()).append(' ').append(String.format("%,d", e.getValue().asLong()));
      }
    }
    out.println("  " + (sb.isEmpty() ? "no rows" : sb));
    String message = o.job().path("message").asString("");
    if (!message.isEmpty()) out.println("  " + message);
    if (note != null) out.println("  " + note);
    out.flush();
  }

  /** Reads the API key from a file or an environment variable, never from the command line. */
  public static String apiKey(Path file, String env) throws IOException {
    if (file != null) return Files.readString(file).strip();
    String v = System.getenv(env);
    if (v == null || v.isBlank()) {
      throw new Failure(
          "no API key: set the environment variable " + env + " or pass --api-key-file");
    }
    return v.strip();
  }
}
