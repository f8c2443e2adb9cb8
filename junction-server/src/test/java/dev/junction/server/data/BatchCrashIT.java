package dev.junction.server.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A server process killed with {@code kill -9} in the middle of an import resumes the job when it
 * restarts: the job ends PartiallySucceeded (the package has bad rows) and the table holds exactly
 * the package's good rows, each written once (one change-log entry per row).
 *
 * <p>On PostgreSQL: its write-ahead log keeps a transaction whole across a crash. The embedded H2
 * 2.4.240 does not always when several threads write at the moment of the kill (a saved version can
 * hold rows of a transaction that never committed, or a commit without all its change rows: about
 * one kill in 40 here; {@code dev.junction.store.H2KillRecoveryCheck} reproduces it without any
 * Junction job code), so this test would measure H2's crash recovery, not the job's resume.
 */
class BatchCrashIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int ROWS = 150_000;
  private static final int BAD_EVERY = 1000;
  private static final EntityConfig ITEM =
      EntityConfig.of(
          "Item",
          List.of("id"),
          List.of(
              FieldConfig.of("id", FieldType.LONG),
              new FieldConfig("name", FieldType.STRING, 40, 0, 0, true, false),
              FieldConfig.of("qty", FieldType.INTEGER)));

  private final HttpClient http = HttpClient.newHttpClient();
  private final String key = "crash-" + UUID.randomUUID();
  private final List<Process> processes = new ArrayList<>();
  private Path dir;
  private TestDatabase db;
  private boolean keepDir;
  private int port;

  @AfterEach
  void cleanUp() throws IOException {
    for (Process p : processes) p.destroyForcibly();
    for (Process p : processes) p.onExit().join();
    if (keepDir) {
      System.err.println("BatchCrashIT: the store is kept for inspection: " + db.url());
      return;
    }
    if (db != null) db.close();
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private Process startServer(String name) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx512m",
            "-Djunction.batch.directory=" + dir.resolve("jobs"),
            "-Djunction.batch.node=crash-node",
            // Two loaders (PostgreSQL's default): the crash also hits batches loading in parts.
            "-Djunction.batch.loaders=2",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.junction.server.cli.JunctionCli",
            "serve",
            "--config",
            dir.resolve("junction.yaml").toString());
    pb.redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile());
    Process p = pb.start();
    processes.add(p);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              if (!p.isAlive()) {
                throw new AssertionError(
                    "server exited: " + Files.readString(dir.resolve(name + ".log")));
              }
              try {
                return get("/actuator/health").statusCode() == 200;
              } catch (IOException e) {
                return false;
              }
            });
    return p;
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Api-Key", key)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode job(String id) throws IOException, InterruptedException {
    return JSON.readTree(get("/api/data/jobs/" + id).body());
  }

  @Test
  void killedMidImportResumesAndLoadsEveryGoodRowOnce() throws Exception {
    dir = Files.createTempDirectory("junction-crash-");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path keyFile = dir.resolve("key.txt");
    Files.writeString(keyFile, key);
    db = TestDatabases.create(TestDatabases.Kind.POSTGRES);
    String url = db.url();
    Files.writeString(
        dir.resolve("junction.yaml"),
        """
        store:
          url: "%s"
          username: %s
        server:
          port: %d
          apiKeys:
            - name: crash
              key: ${file:%s}
        entities:
          - name: Item
            key: [id]
            fields:
              - {name: id, type: long}
              - {name: name, type: string, length: 40, required: true}
              - {name: qty, type: integer}
        """
            .formatted(url, db.username(), port, keyFile.toAbsolutePath()));
    Path csv = dir.resolve("Item.csv");
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write("id,name,qty\n");
      for (int i = 1; i <= ROWS; i++) {
        w.write(i + "," + (i % BAD_EVERY == 0 ? "" : "item " + i) + "," + (i % 97) + "\n");
      }
    }
    int good = ROWS - ROWS / BAD_EVERY;

    Process first = startServer("first");
    HttpResponse<String> submitted =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/data/imports?fileName=Item.csv"))
                .header("X-Api-Key", key)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(csv))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.statusCode()).isEqualTo(202);
    String id = JSON.readTree(submitted.body()).path("id").asString();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(10))
        .until(
            () -> {
              JsonNode j = job(id);
              return j.path("phase").asString().equals("loading")
                  && j.path("progress").path("done").asLong() >= 10_000;
            });
    first.destroyForcibly().waitFor();
    assertThat(first.exitValue()).as("killed with SIGKILL").isEqualTo(137);

    startServer("second");
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> job(id).path("status").asString().matches("Succeeded|PartiallySucceeded|Failed"));
    JsonNode done = job(id);
    assertThat(done.path("status").asString()).isEqualTo("PartiallySucceeded");
    assertThat(done.path("attempts").asInt()).isEqualTo(2);
    assertThat(done.path("counts").path("rejected").asLong()).isEqualTo(ROWS / BAD_EVERY);
    assertThat(done.path("counts").path("read").asLong()).isEqualTo(ROWS);
    for (Process p : processes) p.destroy();
    for (Process p : processes) p.onExit().join();

    try (RecordStore store = Store.open(db.storeConfig(), InstantSource.system())) {
      store.migrate(List.of(ITEM));
      assertThat(store.count("Item", null)).isEqualTo(good);
      long head = store.changes().head();
      keepDir = head != good;
      assertThat(head)
          .as(
              () ->
                  "one change per good row: none written twice; "
                      + changeLogDiagnosis(store)
                      + "; store kept in "
                      + dir)
          .isEqualTo(good);
      assertThat(store.get("Item", java.util.Map.of("id", 1000L))).isEmpty();
      assertThat(
              store.get("Item", java.util.Map.of("id", (long) ROWS - 1)).orElseThrow().get("name"))
          .isEqualTo("item " + (ROWS - 1));
    }
  }

  /**
   * What the change log holds when the head disagrees with the records: the change rows, their
   * highest sequence, the missing sequences and the records without a change at their version (an
   * H2 store torn by kill -9 shows up as a gap below the counter, or records without changes).
   */
  private static String changeLogDiagnosis(RecordStore store) {
    try (java.sql.Connection c = store.dataSource().getConnection();
        java.sql.Statement s = c.createStatement()) {
      StringBuilder out = new StringBuilder();
      try (java.sql.ResultSet rs =
          s.executeQuery(
              "SELECT COUNT(*), COALESCE(MAX(sequence), 0) FROM junction_change WHERE sequence > 0")) {
        rs.next();
        out.append("change rows: ").append(rs.getLong(1)).append(", max sequence: ");
        out.append(rs.getLong(2));
      }
      java.util.Set<String> logged = new java.util.HashSet<>();
      try (java.sql.ResultSet rs =
          s.executeQuery("SELECT record_key, version FROM junction_change WHERE entity = 'Item'")) {
        while (rs.next()) logged.add(rs.getString(1) + "@" + rs.getLong(2));
      }
      List<Long> without = new ArrayList<>();
      long count = 0;
      try (java.sql.ResultSet rs = s.executeQuery("SELECT \"id\", \"_version\" FROM \"e_item\"")) {
        while (rs.next()) {
          count++;
          if (!logged.contains("{\"id\":" + rs.getLong(1) + "}@" + rs.getLong(2))) {
            without.add(rs.getLong(1));
          }
        }
      }
      out.append(", records read: ").append(count);
      out.append(", records without a change: ").append(without.size());
      out.append(" ").append(without.subList(0, Math.min(20, without.size())));
      c.commit();
      return out.toString();
    } catch (java.sql.SQLException e) {
      return "no diagnosis: " + e.getMessage();
    }
  }
}
