package dev.junction.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code junction demo} in-process on free ports: it starts the sample ERP and the hub with the
 * example configuration, prints what to try, and what it prints works.
 */
class DemoIT {

  @Test
  void demoStartsErpAndHubAndPrintsWorkingUrls() throws Exception {
    // A fresh store each run: the demo keeps its H2 file under data/ of the working directory.
    if (Files.isDirectory(DemoCommand.DATA)) {
      try (var files = Files.newDirectoryStream(DemoCommand.DATA, "demo.*")) {
        for (Path f : files) Files.delete(f);
      }
    }
    StringWriter out = new StringWriter();
    CommandLine cli = JunctionCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    DemoCommand demo = cli.getSubcommands().get("demo").getCommand();
    Path config = Path.of("..", "examples", "demo", "junction.yaml");
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                cli.execute(
                    "demo", "--config", config.toString(), "--port", "0", "--erp-port", "0"));

    await()
        .atMost(Duration.ofSeconds(240))
        .until(() -> out.toString().contains("Press Ctrl-C") || exit.isDone());
    assertThat(exit).as("demo ended early: %s", err).isNotDone();
    String printed = out.toString();
    String key = Files.readString(DemoCommand.KEY_FILE).trim();
    String hub = group(printed, "hub +(http://127\\.0\\.0\\.1:\\d+)");
    String erp = group(printed, "sample ERP +(http://127\\.0\\.0\\.1:\\d+)");
    HttpClient http = HttpClient.newHttpClient();

    assertThat(printed).contains("API key     demo = " + key, hub + "/actuator/health");
    assertThat(get(http, hub + "/actuator/health", null).statusCode()).isEqualTo(200);
    HttpResponse<String> whoami = get(http, hub + "/api/v1/whoami", key);
    assertThat(whoami.statusCode()).isEqualTo(200);
    assertThat(whoami.body()).contains("\"principal\":\"demo\"");
    assertThat(get(http, hub + "/api/v1/whoami", null).statusCode()).isEqualTo(401);
    assertThat(get(http, erp + "/", null).statusCode()).isEqualTo(200);

    // The demo imported from the ERP right after starting and printed a curl line per run.
    assertThat(printed)
        .containsPattern("of 'customers': SUCCEEDED")
        .containsPattern("of 'orders': SUCCEEDED");
    Map<String, JsonNode> runs = new HashMap<>();
    Matcher line =
        Pattern.compile(
                Pattern.quote(hub) + "/api/integrations/([A-Za-z0-9_.-]+)/runs/([0-9a-f-]{36})")
            .matcher(printed);
    JsonMapper json = JsonMapper.builder().build();
    while (line.find()) {
      HttpResponse<String> r = get(http, line.group(0), key);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      runs.put(line.group(1), json.readTree(r.body()));
    }
    assertThat(runs).containsKeys("customers", "orders", "products", "bills-of-materials");
    runs.forEach(
        (name, run) ->
            assertThat(run.get("status").asString()).as(name + ": " + run).isEqualTo("SUCCEEDED"));
    assertThat(inserted(runs.get("customers"), "Customer")).isPositive();
    assertThat(inserted(runs.get("orders"), "SalesOrder")).isPositive();
    assertThat(inserted(runs.get("orders"), "SalesOrderLine"))
        .isGreaterThanOrEqualTo(inserted(runs.get("orders"), "SalesOrder"));
    assertThat(inserted(runs.get("products"), "Product")).isPositive();

    demo.hub.close();
    assertThat(exit.get()).isEqualTo(0);
  }

  private static HttpResponse<String> get(HttpClient http, String url, String key)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (key != null) b.header("X-Api-Key", key);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long inserted(JsonNode run, String entity) {
    return run.get("entities").get(entity).get("inserted").asLong();
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("output contains %s", regex).isTrue();
    return m.group(1);
  }
}
