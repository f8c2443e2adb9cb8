package dev.junction.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.audit.AuditEntry;
import dev.junction.audit.AuditLog;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ServerConfig;
import dev.junction.config.ServerConfig.ApiKeyConfig;
import dev.junction.config.StoreConfig;
import dev.junction.erp.Endpoint;
import dev.junction.erp.SampleErp;
import dev.junction.server.TestSecrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST/GET /api/integrations/{name}/runs} over real loopback HTTP, with the demo
 * configuration aimed at a sample ERP started in-process: 202 + Location, the finished run's
 * counts, audited calls under the run id, and the problem answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunsProtocolIT {
  static final String KEY = "it-runs-" + UUID.randomUUID();
  static final String READER_KEY = "it-reader-" + UUID.randomUUID();
  static final int CUSTOMERS = 200;
  static final SampleErp ERP =
      SampleErp.builder().port(0).seed(11).customers(CUSTOMERS).orders(300).products(40).start();

  @TestConfiguration
  static class Config {
    @Bean
    JunctionConfig junctionConfig() throws IOException {
      String demo = Files.readString(Path.of("..", "examples", "demo", "junction.yaml"));
      JunctionConfig base =
          ConfigLoader.parse(
              "junction.yaml", demo.replace("http://127.0.0.1:8089/api/", ERP.baseUrl() + "/api/"));
      return new JunctionConfig(
          StoreConfig.of("jdbc:h2:mem:runs_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
          new ServerConfig(
              0,
              "127.0.0.1",
              List.of(
                  new ApiKeyConfig("it", TestSecrets.inFile(KEY), List.of()),
                  new ApiKeyConfig("it-reader", TestSecrets.inFile(READER_KEY), List.of("read")))),
          base.connections(),
          base.entities(),
          base.integrations());
    }
  }

  @AfterAll
  static void stopErp() {
    ERP.close();
  }

  @LocalServerPort int port;
  @Autowired AuditLog audit;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  private HttpResponse<String> send(String method, String path, String key) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (key != null) b.header("X-Api-Key", key);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Starts {@code integration} and polls its Location until it is no longer RUNNING. */
  private JsonNode runToEnd(String integration) throws Exception {
    HttpResponse<String> started = send("POST", "/api/integrations/" + integration + "/runs", KEY);
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String id = json.readTree(started.body()).get("id").asString();
    assertThat(started.headers().firstValue("Location"))
        .hasValue("/api/integrations/" + integration + "/runs/" + id);
    String location = started.headers().firstValue("Location").orElseThrow();
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              HttpResponse<String> r = send("GET", location, KEY);
              assertThat(r.statusCode()).isEqualTo(200);
              last[0] = json.readTree(r.body());
              return !last[0].get("status").asString().equals("RUNNING");
            });
    assertThat(last[0].get("id").asString()).isEqualTo(id);
    return last[0];
  }

  @Test
  void customersWithBalancesRunToSucceededAndTheirCallsAreAuditedUnderTheRunId() throws Exception {
    JsonNode run = runToEnd("customers");

    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
    assertThat(run.get("integration").asString()).isEqualTo("customers");
    assertThat(run.get("rows").asLong()).isEqualTo(CUSTOMERS);
    JsonNode customer = run.get("entities").get("Customer");
    assertThat(customer.get("fetched").asLong()).isEqualTo(CUSTOMERS);
    assertThat(customer.get("inserted").asLong() + customer.get("unchanged").asLong())
        .isEqualTo(CUSTOMERS);
    assertThat(customer.get("failed").asLong()).isZero();
    assertThat(run.get("calls").asLong()).isPositive();
    assertThat(run.get("errors")).isEmpty();
    assertThat(run.get("durationMs").asLong()).isNotNegative();

    audit.flush();
    List<AuditEntry> calls =
        audit.recent(10_000).stream()
            .filter(e -> e.correlationId().equals(run.get("id").asString()))
            .toList();
    assertThat(calls).hasSize(run.get("calls").asInt());
    assertThat(calls)
        .extracting(AuditEntry::target)
        .anyMatch(t -> t.contains("/api/customers"))
        .anyMatch(t -> t.contains("/api/balances"));
  }

  @Test
  void ordersImportWithTheirLinesOneChildCallPerOrder() throws Exception {
    long before = ERP.stats().count(Endpoint.ORDER_LINES);

    JsonNode run = runToEnd("orders");

    assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("SUCCEEDED");
    long orders = run.get("entities").get("SalesOrder").get("fetched").asLong();
    long lines = run.get("entities").get("SalesOrderLine").get("fetched").asLong();
    assertThat(orders).isPositive();
    assertThat(lines).isGreaterThanOrEqualTo(orders);
    assertThat(run.get("rows").asLong()).isEqualTo(orders + lines);
    assertThat(ERP.stats().count(Endpoint.ORDER_LINES) - before).isEqualTo(orders);

    HttpResponse<String> list = send("GET", "/api/integrations/orders/runs", KEY);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains(run.get("id").asString());
  }

  @Test
  void unknownIntegrationIs404Problem() throws Exception {
    HttpResponse<String> r = send("POST", "/api/integrations/nope/runs", KEY);

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.body()).contains("no integration named 'nope' is configured");
  }

  @Test
  void runningAChildEndpointIs409WithTheEngineMessage() throws Exception {
    HttpResponse<String> r = send("POST", "/api/integrations/order-lines/runs", KEY);

    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(json.readTree(r.body()).get("detail").asString())
        .isEqualTo(
            "This endpoint is configured as a child endpoint and cannot be run directly:"
                + " 'order-lines' (sorting order 21) is a child of 'orders' (sorting order 20);"
                + " run that integration instead");
    assertThat(send("GET", "/api/integrations/order-lines/runs", KEY).body()).isEqualTo("[]");
  }

  @Test
  void unknownRunIs404ProblemAndNoKeyIs401() throws Exception {
    HttpResponse<String> r = send("GET", "/api/integrations/customers/runs/not-a-run", KEY);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.body()).contains("no run 'not-a-run' of integration 'customers'");

    assertThat(send("POST", "/api/integrations/customers/runs", null).statusCode()).isEqualTo(401);
  }

  @Test
  void startingARunNeedsRoleWriteOrAdminWhileReadingNeedsAnyKey() throws Exception {
    HttpResponse<String> r = send("POST", "/api/integrations/customers/runs", READER_KEY);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("lacks the role this route requires");

    assertThat(send("GET", "/api/integrations/customers/runs", READER_KEY).statusCode())
        .isEqualTo(200);
  }
}
