package dev.junction.server.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.config.AuthConfig;
import dev.junction.config.ConnectionConfig;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.config.JunctionConfig;
import dev.junction.config.RetryConfig;
import dev.junction.config.SecretRef;
import dev.junction.config.ServerConfig;
import dev.junction.config.ServerConfig.ApiKeyConfig;
import dev.junction.config.StoreConfig;
import dev.junction.store.RecordStore;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/** The batch data API over real loopback HTTP: Junction routes and D365-compatible ones. */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "junction.batch.directory=${java.io.tmpdir}/junction-batch-it-${random.uuid}",
      "junction.batch.max-package-bytes=200000"
    })
class BatchDataApiIT {
  static final String KEY = "it-batch-" + UUID.randomUUID();
  static final String FILES_TOKEN = "files-" + UUID.randomUUID();

  /** A file server on loopback that wants the "files" connection's bearer token. */
  static final com.sun.net.httpserver.HttpServer FILES = filesServer();

  private static com.sun.net.httpserver.HttpServer filesServer() {
    try {
      var server =
          com.sun.net.httpserver.HttpServer.create(
              new java.net.InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/files/",
          exchange -> {
            byte[] body;
            int status;
            if (!("Bearer " + FILES_TOKEN)
                .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
              status = 401;
              body = "no".getBytes(StandardCharsets.UTF_8);
            } else if (exchange.getRequestURI().getPath().equals("/files/customers.csv")) {
              status = 200;
              body = "id,name\n501,From URL\n502,\n".getBytes(StandardCharsets.UTF_8);
            } else {
              status = 404;
              body = "missing".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length);
            try (var out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return server;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @TestConfiguration
  static class Config {
    @Bean
    JunctionConfig junctionConfig() throws Exception {
      Path keyFile = Files.createTempFile("junction-it-key", ".txt");
      keyFile.toFile().deleteOnExit();
      Files.writeString(keyFile, KEY);
      Path tokenFile = Files.createTempFile("junction-it-files", ".txt");
      tokenFile.toFile().deleteOnExit();
      Files.writeString(tokenFile, FILES_TOKEN);
      ConnectionConfig files =
          new ConnectionConfig(
              "files",
              URI.create("http://127.0.0.1:" + FILES.getAddress().getPort()),
              new AuthConfig.Bearer(new SecretRef("${file:" + tokenFile + "}")),
              null,
              null,
              null,
              RetryConfig.none(),
              null,
              0,
              null);
      EntityConfig customer =
          EntityConfig.of(
              "Customer",
              List.of("id"),
              List.of(
                  FieldConfig.of("id", FieldType.INTEGER),
                  new FieldConfig("name", FieldType.STRING, 20, 0, 0, true, false)));
      return new JunctionConfig(
          StoreConfig.of("jdbc:h2:mem:batch_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
          new ServerConfig(
              0,
              "127.0.0.1",
              List.of(new ApiKeyConfig("it", new SecretRef("${file:" + keyFile + "}"), List.of()))),
          List.of(files),
          List.of(customer),
          List.of());
    }
  }

  @LocalServerPort int port;
  @Autowired RecordStore store;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> send(
      String method, String path, HttpRequest.BodyPublisher body, String type) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Api-Key", KEY)
            .method(method, body);
    if (type != null) b.header("Content-Type", type);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> putWithoutKey(String pathAndQuery, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .header("Content-Type", "application/octet-stream")
            .PUT(BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postJson(String path, String json) throws Exception {
    return send("POST", path, BodyPublishers.ofString(json), "application/json");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return send("GET", path, BodyPublishers.noBody(), null);
  }

  private static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"([^\"]*)\"").matcher(json);
    return m.find() ? m.group(1) : null;
  }

  private String awaitFinished(String id) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                !List.of("NotRun", "Executing")
                    .contains(field(get("/api/data/jobs/" + id).body(), "status")));
    return field(uncheckedGet("/api/data/jobs/" + id), "status");
  }

  private String uncheckedGet(String path) {
    try {
      return get(path).body();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] multipart(String boundary, String fileName, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private HttpResponse<String> upload(String path, String fileName, byte[] content)
      throws Exception {
    String boundary = "b" + UUID.randomUUID();
    return send(
        "POST",
        path,
        BodyPublishers.ofByteArray(multipart(boundary, fileName, content)),
        "multipart/form-data; boundary=" + boundary);
  }

  @Test
  void importWithBadRowsThenExportAndDownload() throws Exception {
    HttpResponse<String> imp =
        upload(
            "/api/data/imports",
            "Customer.csv",
            "id,name\n1,Ann\n2,\nx,Bob\n3,Cy\n".getBytes(StandardCharsets.UTF_8));
    assertThat(imp.statusCode()).isEqualTo(202);
    assertThat(imp.headers().firstValue("Location")).isPresent();
    String importId = field(imp.body(), "id");
    assertThat(awaitFinished(importId)).isEqualTo("PartiallySucceeded");
    HttpResponse<String> errors = get("/api/data/jobs/" + importId + "/errors");
    assertThat(errors.statusCode()).isEqualTo(200);
    assertThat(errors.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
    assertThat(errors.body().lines().toList())
        .containsExactly(
            "entity,row,key,field,message",
            "Customer,2,id=2,name,is required",
            "Customer,3,id=x,id,'x' is not an integer");
    assertThat(store.get("Customer", Map.of("id", 1))).isPresent();
    assertThat(store.get("Customer", Map.of("id", 3))).isPresent();
    assertThat(store.get("Customer", Map.of("id", 2))).isEmpty();

    HttpResponse<String> exp =
        postJson("/api/data/exports", "{\"entities\":[\"Customer\"],\"format\":\"jsonl\"}");
    assertThat(exp.statusCode()).isEqualTo(202);
    String exportId = field(exp.body(), "id");
    assertThat(awaitFinished(exportId)).isEqualTo("Succeeded");
    HttpResponse<byte[]> zip =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + port + "/api/data/jobs/" + exportId + "/package"))
                .header("X-Api-Key", KEY)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
    assertThat(new String(zip.body(), 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK");
  }

  @Test
  void cliImportAndExportShowProgressAndSummary() throws Exception {
    Path dir = Files.createTempDirectory("junction-cli-");
    Path key = dir.resolve("key.txt");
    Files.writeString(key, KEY);
    Path csv = dir.resolve("Customer.csv");
    Files.writeString(csv, "id,name\n30,Cli\n31,\n");
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    var cli = dev.junction.server.cli.JunctionCli.commandLine();
    cli.setOut(new java.io.PrintWriter(out));
    cli.setErr(new java.io.PrintWriter(err));
    String url = "http://127.0.0.1:" + port;
    int code =
        cli.execute("import", csv.toString(), "--url", url, "--api-key-file", key.toString());
    assertThat(code).as(err.toString()).isEqualTo(5);
    assertThat(out.toString())
        .contains(": PartiallySucceeded", "read 2, inserted 1, rejected 1", "error file: ");
    assertThat(err.toString()).contains("[##############################] 100%");
    assertThat(Files.readString(dir.resolve("Customer.csv.errors.csv")))
        .contains("Customer,2,id=31,name,is required");

    out.getBuffer().setLength(0);
    Path zip = dir.resolve("out.zip");
    code =
        cli.execute(
            "export",
            "--entities",
            "Customer",
            "-o",
            zip.toString(),
            "--url",
            url,
            "--api-key-file",
            key.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains(": Succeeded", "package: " + zip);
    assertThat(Files.size(zip)).isPositive();
    assertThat(out.toString() + err).doesNotContain(KEY);
  }

  @Test
  void badInputsAnswerClearly() throws Exception {
    HttpResponse<String> corrupt =
        upload(
            "/api/data/imports",
            "p.zip",
            "PK\u0003\u0004garbage".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(corrupt.statusCode()).isEqualTo(202);
    String id = field(corrupt.body(), "id");
    assertThat(awaitFinished(id)).isEqualTo("Failed");
    assertThat(get("/api/data/jobs/" + id).body()).contains("is not a readable zip");

    HttpResponse<String> big = upload("/api/data/imports", "Customer.csv", new byte[300_000]);
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.headers().firstValue("Content-Type")).hasValue("application/problem+json");

    HttpResponse<String> unknown = get("/api/data/jobs/nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("Job 'nope' does not exist");

    HttpResponse<String> badEntity = postJson("/api/data/exports", "{\"entities\":[\"Nope\"]}");
    assertThat(badEntity.statusCode()).isEqualTo(400);
    assertThat(badEntity.body()).contains("entity 'Nope' is not configured");

    HttpResponse<String> notReady = get("/api/data/jobs/" + id + "/package");
    assertThat(notReady.statusCode()).isEqualTo(409);
  }

  @Test
  void dynamicsPackageApiRoundTrip() throws Exception {
    String actions = "/data/DataManagementDefinitionGroups/Microsoft.Dynamics.DataEntities.";
    HttpResponse<String> write =
        postJson(actions + "GetAzureWriteUrl", "{\"uniqueFileName\":\"x\"}");
    assertThat(write.statusCode()).isEqualTo(200);
    String blobUrl = field(write.body().replace("\\\"", "\""), "BlobUrl");
    assertThat(blobUrl).contains("/api/data/blobs/");

    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      z.putNextEntry(new ZipEntry("Manifest.xml"));
      z.write("<DataManagementPackageManifest/>".getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("PackageHeader.xml"));
      z.write("<DataManagementPackageHeader/>".getBytes(StandardCharsets.UTF_8));
      z.putNextEntry(new ZipEntry("Customer.csv"));
      z.write("id,name\n10,Dyn\n".getBytes(StandardCharsets.UTF_8));
    }
    URI target = URI.create(blobUrl);
    String signed = target.getRawPath() + "?" + target.getRawQuery();
    assertThat(target.getRawQuery()).matches("se=\\d+&sig=[A-Za-z0-9_-]+");
    // An unchanged D365 client PUTs to the URL as it is, without Junction's API key.
    assertThat(putWithoutKey(signed, zip.toByteArray()).statusCode()).isEqualTo(201);
    // The token is single-use, and tampering or a missing token is refused.
    HttpResponse<String> reused = putWithoutKey(signed, zip.toByteArray());
    assertThat(reused.statusCode()).isEqualTo(403);
    assertThat(reused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(reused.body()).contains("used already").doesNotContain(target.getRawQuery());
    HttpResponse<String> otherWrite =
        postJson(actions + "GetAzureWriteUrl", "{\"uniqueFileName\":\"y\"}");
    URI second = URI.create(field(otherWrite.body().replace("\\\"", "\""), "BlobUrl"));
    String sig = second.getRawQuery().replaceAll(".*sig=", "");
    String flipped = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
    String se = second.getRawQuery().replaceAll("&.*", "");
    assertThat(
            putWithoutKey(second.getRawPath() + "?" + se + "&sig=" + flipped, new byte[] {1})
                .statusCode())
        .isEqualTo(403);
    long later = Long.parseLong(se.substring(3)) + 3600;
    assertThat(
            putWithoutKey(second.getRawPath() + "?se=" + later + "&sig=" + sig, new byte[] {1})
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> otherSlot =
        putWithoutKey(
            "/api/data/blobs/" + UUID.randomUUID() + "?" + second.getRawQuery(), new byte[] {1});
    assertThat(otherSlot.statusCode()).isEqualTo(403);
    assertThat(otherSlot.body()).contains("signature does not match");
    assertThat(putWithoutKey(second.getRawPath(), new byte[] {1}).statusCode()).isEqualTo(401);
    // The untouched second token still works once.
    assertThat(
            putWithoutKey(second.getRawPath() + "?" + second.getRawQuery(), new byte[] {1})
                .statusCode())
        .isEqualTo(201);

    HttpResponse<String> imp =
        postJson(
            actions + "ImportFromPackage",
            "{\"packageUrl\":\""
                + blobUrl
                + "\",\"definitionGroupId\":\"g\",\"executionId\":\"exec-imp-1\",\"execute\":true,\"overwrite\":true,\"legalEntityId\":\"USMF\"}");
    assertThat(imp.statusCode()).isEqualTo(200);
    assertThat(field(imp.body(), "value")).isEqualTo("exec-imp-1");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                field(
                        postJson(
                                actions + "GetExecutionSummaryStatus",
                                "{\"executionId\":\"exec-imp-1\"}")
                            .body(),
                        "value")
                    .equals("Succeeded"));
    assertThat(
            field(
                postJson(actions + "GetExecutionSummaryStatus", "{\"executionId\":\"nope\"}")
                    .body(),
                "value"))
        .isEqualTo("Unknown");

    assertThat(
            send(
                    "PUT",
                    "/api/data/definitions/customers",
                    BodyPublishers.ofString("{\"entities\":[\"Customer\"]}"),
                    "application/json")
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> exp =
        postJson(
            actions + "ExportToPackage",
            "{\"definitionGroupId\":\"customers\",\"packageName\":\"p\",\"executionId\":\"\",\"reExecute\":false,\"legalEntityId\":\"USMF\"}");
    String execution = field(exp.body(), "value");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                field(
                        postJson(
                                actions + "GetExecutionSummaryStatus",
                                "{\"executionId\":\"" + execution + "\"}")
                            .body(),
                        "value")
                    .equals("Succeeded"));
    assertThat(
            field(
                postJson(
                        actions + "GetExportedPackageUrl",
                        "{\"executionId\":\"" + execution + "\"}")
                    .body(),
                "value"))
        .endsWith("/api/data/jobs/" + execution + "/package");
  }

  @Test
  void connectorEnqueueDequeueAck() throws Exception {
    HttpResponse<String> enq =
        send(
            "POST",
            "/api/connector/enqueue/act-http?entity=Customer",
            BodyPublishers.ofString("id,name\n20,Queued\n"),
            "text/csv");
    assertThat(enq.statusCode()).isEqualTo(200);
    String messageId = enq.body();
    String actions = "/data/DataManagementDefinitionGroups/Microsoft.Dynamics.DataEntities.";
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                field(
                        postJson(
                                actions + "GetMessageStatus",
                                "{\"messageId\":\"" + messageId + "\"}")
                            .body(),
                        "value")
                    .equals("Processed"));
    assertThat(store.get("Customer", Map.of("id", 20))).isPresent();

    assertThat(
            send(
                    "PUT",
                    "/api/data/definitions/out",
                    BodyPublishers.ofString("{\"entities\":[\"Customer\"]}"),
                    "application/json")
                .statusCode())
        .isEqualTo(200);
    assertThat(
            send(
                    "PUT",
                    "/api/recurring/act-out",
                    BodyPublishers.ofString("{\"definition\":\"out\",\"interval\":\"PT1H\"}"),
                    "application/json")
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String>[] deq = new HttpResponse[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> (deq[0] = get("/api/connector/dequeue/act-out")).statusCode() == 200);
    String body = deq[0].body();
    assertThat(body).contains("\"CorrelationId\"", "\"PopReceipt\"", "\"DownloadLocation\"");
    assertThat(get("/api/connector/dequeue/act-out").statusCode()).isEqualTo(204);
    assertThat(postJson("/api/connector/ack/act-out", body).statusCode()).isEqualTo(200);
    assertThat(postJson("/api/connector/ack/act-out", body).statusCode()).isEqualTo(409);
    assertThat(get("/api/recurring/act-out/messages/" + field(body, "CorrelationId")).body())
        .contains("\"status\":\"Acked\"");
  }

  @Test
  void importFromAUrlThroughAConfiguredConnection() throws Exception {
    HttpResponse<String> imp =
        postJson(
            "/api/data/imports",
            "{\"url\":\"/files/customers.csv\",\"connection\":\"files\",\"entity\":\"Customer\"}");
    assertThat(imp.statusCode()).as(imp.body()).isEqualTo(202);
    String id = field(imp.body(), "id");
    assertThat(awaitFinished(id)).isEqualTo("PartiallySucceeded");
    assertThat(store.get("Customer", Map.of("id", 501)).orElseThrow().get("name"))
        .isEqualTo("From URL");
    assertThat(get("/api/data/jobs/" + id + "/errors").body()).contains("Customer,2,id=502,name");

    // The file is fetched by the job, not before the 202: a missing file fails the job, naming
    // the URL, the connection and the status, and loads nothing.
    HttpResponse<String> missing =
        postJson(
            "/api/data/imports",
            "{\"url\":\"/files/nothing.csv\",\"connection\":\"files\",\"entity\":\"Customer\"}");
    assertThat(missing.statusCode()).as(missing.body()).isEqualTo(202);
    String missingId = field(missing.body(), "id");
    assertThat(awaitFinished(missingId)).isEqualTo("Failed");
    assertThat(get("/api/data/jobs/" + missingId).body())
        .contains("could not be fetched from http://127.0.0.1:", "/files/nothing.csv")
        .contains("over connection 'files'", "404")
        .doesNotContain(FILES_TOKEN);
    HttpResponse<String> unknown =
        postJson("/api/data/imports", "{\"url\":\"/files/customers.csv\",\"connection\":\"crm\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("connection 'crm' is not configured (configured: files)");
    HttpResponse<String> elsewhere =
        postJson(
            "/api/data/imports", "{\"url\":\"http://127.0.0.2:1/x.csv\",\"connection\":\"files\"}");
    assertThat(elsewhere.statusCode()).isEqualTo(400);
    assertThat(elsewhere.body()).contains("is not on connection 'files'");
  }

  @Test
  void recurringActivityTakesACronScheduleAndNamesBadExpressions() throws Exception {
    assertThat(
            send(
                    "PUT",
                    "/api/data/definitions/cron-out",
                    BodyPublishers.ofString("{\"entities\":[\"Customer\"]}"),
                    "application/json")
                .statusCode())
        .isEqualTo(200);
    HttpResponse<String> ok =
        send(
            "PUT",
            "/api/recurring/act-cron",
            BodyPublishers.ofString(
                "{\"definition\":\"cron-out\",\"cron\":\"0 2 * * MON-FRI\",\"zone\":\"Europe/Zurich\"}"),
            "application/json");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("\"cron\":\"0 2 * * MON-FRI\"", "\"zone\":\"Europe/Zurich\"");
    HttpResponse<String> bad =
        send(
            "PUT",
            "/api/recurring/act-cron",
            BodyPublishers.ofString("{\"definition\":\"cron-out\",\"cron\":\"0 25 * * *\"}"),
            "application/json");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(bad.body()).contains("cron '0 25 * * *': field hour '25': 25 is out of range");
    assertThat(
            send(
                    "PUT",
                    "/api/recurring/act-cron",
                    BodyPublishers.ofString(
                        "{\"definition\":\"cron-out\",\"cron\":\"@daily\",\"interval\":\"PT1H\"}"),
                    "application/json")
                .body())
        .contains("either 'interval' or 'cron'");
  }
}
