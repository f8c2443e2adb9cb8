package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.audit.AuditEntry;
import dev.junction.audit.AuditLog;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ServerConfig;
import dev.junction.config.ServerConfig.ApiKeyConfig;
import dev.junction.config.StoreConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * The HTTP protocol every route shares, over real loopback HTTP: API-key authentication (401, 403,
 * both header forms), open health, problem+json errors, correlation ids and one audit entry per
 * request that never holds a key.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // Verbose logging makes "the key never reaches the log" a real check.
      "logging.level.org.springframework.security=DEBUG",
      "logging.level.org.springframework.web=DEBUG",
      "logging.level.dev.junction=DEBUG"
    })
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyProtocolIT {
  static final String ADMIN_KEY = "it-admin-" + UUID.randomUUID();
  static final String READER_KEY = "it-reader-" + UUID.randomUUID();
  static final String WRONG_KEY = "it-wrong-" + UUID.randomUUID();
  static final String QUERY_SECRET = "it-query-" + UUID.randomUUID();

  @TestConfiguration
  static class Config {
    @Bean
    JunctionConfig junctionConfig() {
      return new JunctionConfig(
          StoreConfig.of("jdbc:h2:mem:protocol_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
          new ServerConfig(
              0,
              "127.0.0.1",
              List.of(
                  new ApiKeyConfig("it-admin", TestSecrets.inFile(ADMIN_KEY), List.of()),
                  new ApiKeyConfig("it-reader", TestSecrets.inFile(READER_KEY), List.of("read")))),
          List.of(),
          List.of(),
          List.of());
    }
  }

  @LocalServerPort int port;
  @Autowired AuditLog audit;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (headers.length > 0) b.headers(headers);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void requestWithoutKeyGets401Problem() throws Exception {
    HttpResponse<String> r = get("/api/v1/whoami");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("ApiKey realm=\"junction\"");
    assertThat(r.body())
        .contains("\"status\":401", "\"title\":\"Unauthorized\"", "\"instance\":\"/api/v1/whoami\"")
        .contains("an API key is required");
  }

  @Test
  void wrongKeyGets401ThatDoesNotEchoIt() throws Exception {
    HttpResponse<String> r = get("/api/v1/whoami", "X-Api-Key", WRONG_KEY);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("the API key is not valid").doesNotContain(WRONG_KEY);
  }

  @Test
  void otherAuthorizationSchemeGets401NamingTheScheme() throws Exception {
    HttpResponse<String> r = get("/api/v1/whoami", "Authorization", "Bearer " + ADMIN_KEY);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body())
        .contains("the Authorization scheme Bearer is not supported")
        .doesNotContain(ADMIN_KEY);
  }

  @Test
  void keySentWithoutSchemeIsRefusedWithoutEchoingIt() throws Exception {
    String bare = "abcdefghij0123456789";
    HttpResponse<String> r = get("/api/v1/whoami", "Authorization", bare);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body())
        .contains("the Authorization scheme given is not supported")
        .doesNotContain(bare);
  }

  @Test
  void keyInXApiKeyHeaderIsAccepted() throws Exception {
    HttpResponse<String> r = get("/api/v1/whoami", "X-Api-Key", ADMIN_KEY);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo("{\"principal\":\"it-admin\",\"roles\":[\"admin\",\"read\",\"write\"]}");
  }

  @Test
  void keyInAuthorizationHeaderIsAccepted() throws Exception {
    HttpResponse<String> r = get("/api/v1/whoami", "Authorization", "ApiKey " + READER_KEY);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"principal\":\"it-reader\",\"roles\":[\"read\"]}");
  }

  @Test
  void keyWithoutAdminRoleGets403OnPrometheus() throws Exception {
    HttpResponse<String> denied = get("/actuator/prometheus", "X-Api-Key", READER_KEY);
    HttpResponse<String> allowed = get("/actuator/prometheus", "X-Api-Key", ADMIN_KEY);
    HttpResponse<String> anonymous = get("/actuator/prometheus");

    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(denied.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(denied.headers().firstValue("WWW-Authenticate"))
        .hasValue("ApiKey realm=\"junction\", error=\"insufficient_scope\"");
    assertThat(denied.body()).contains("\"status\":403", "'it-reader' lacks the role");
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.body()).contains("jvm_memory_used_bytes");
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void healthAndReadinessAreOpen() throws Exception {
    HttpResponse<String> health = get("/actuator/health");
    HttpResponse<String> readiness = get("/actuator/health/readiness");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(readiness.body()).contains("\"status\":\"UP\"");
  }

  @Test
  void unknownRouteIsA404Problem() throws Exception {
    HttpResponse<String> r = get("/api/v1/nothing-here", "X-Api-Key", ADMIN_KEY);

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.body()).contains("\"status\":404").doesNotContain("Exception", "at org.");
  }

  @Test
  void wrongMethodIsA405Problem() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/whoami"))
                .header("X-Api-Key", ADMIN_KEY)
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.body()).contains("\"status\":405", "\"correlationId\"");
  }

  @Test
  void correlationIdIsEchoedOrGenerated() throws Exception {
    HttpResponse<String> given =
        get("/api/v1/whoami", "X-Api-Key", ADMIN_KEY, "X-Correlation-Id", "order-42.retry-1");
    HttpResponse<String> generated = get("/api/v1/whoami", "X-Api-Key", ADMIN_KEY);
    HttpResponse<String> unsafe =
        get("/api/v1/whoami", "X-Api-Key", ADMIN_KEY, "X-Correlation-Id", "a b<script>");

    assertThat(given.headers().firstValue("X-Correlation-Id")).hasValue("order-42.retry-1");
    assertThat(generated.headers().firstValue("X-Correlation-Id").orElseThrow())
        .matches("[0-9a-f-]{36}");
    assertThat(unsafe.headers().firstValue("X-Correlation-Id").orElseThrow())
        .matches("[0-9a-f-]{36}");
  }

  @Test
  void everyRequestIsAuditedWithoutItsKey(CapturedOutput output) throws Exception {
    String ok = "audit-ok-" + UUID.randomUUID();
    String rejected = "audit-401-" + UUID.randomUUID();
    String denied = "audit-403-" + UUID.randomUUID();
    // A secret in the query string is not a way to authenticate, but must not reach the audit.
    get(
        "/api/v1/whoami?access_token=" + QUERY_SECRET + "&page=2",
        "Authorization",
        "ApiKey " + ADMIN_KEY,
        "X-Correlation-Id",
        ok);
    get("/api/v1/whoami", "X-Api-Key", WRONG_KEY, "X-Correlation-Id", rejected);
    get("/actuator/prometheus", "X-Api-Key", READER_KEY, "X-Correlation-Id", denied);

    // The filter records an entry after the response is sent: wait until all three are written.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                audit.recent(1000).stream()
                    .map(AuditEntry::correlationId)
                    .toList()
                    .containsAll(List.of(ok, rejected, denied)));
    List<AuditEntry> recent = audit.recent(1000);

    AuditEntry okEntry = only(recent, ok);
    assertThat(okEntry.direction()).isEqualTo(AuditEntry.Direction.INBOUND);
    assertThat(okEntry.principal()).isEqualTo("it-admin");
    assertThat(okEntry.method()).isEqualTo("GET");
    assertThat(okEntry.target()).isEqualTo("/api/v1/whoami?access_token=***&page=2");
    assertThat(okEntry.status()).isEqualTo(200);
    assertThat(okEntry.bytes()).isPositive();
    AuditEntry rejectedEntry = only(recent, rejected);
    assertThat(rejectedEntry.principal()).isEqualTo("anonymous");
    assertThat(rejectedEntry.status()).isEqualTo(401);
    AuditEntry deniedEntry = only(recent, denied);
    assertThat(deniedEntry.principal()).isEqualTo("it-reader");
    assertThat(deniedEntry.status()).isEqualTo(403);

    for (AuditEntry e : recent) {
      assertThat(e.toString()).doesNotContain(ADMIN_KEY, READER_KEY, WRONG_KEY, QUERY_SECRET);
    }
    assertThat(output.getAll())
        .contains(ok) // the DEBUG logs did see these requests ...
        .doesNotContain(ADMIN_KEY, READER_KEY, WRONG_KEY); // ... but never a key
  }

  @Test
  void auditRouteListsRecentEntriesForAdminsOnly() throws Exception {
    String id = "audit-route-" + UUID.randomUUID();
    get("/api/v1/whoami", "X-Api-Key", ADMIN_KEY, "X-Correlation-Id", id);

    // The entry is recorded after the response is sent: wait until the route lists it.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/api/v1/audit?limit=20", "X-Api-Key", ADMIN_KEY).body().contains(id));
    HttpResponse<String> listed = get("/api/v1/audit?limit=20", "X-Api-Key", ADMIN_KEY);
    HttpResponse<String> denied = get("/api/v1/audit", "X-Api-Key", READER_KEY);
    HttpResponse<String> zero = get("/api/v1/audit?limit=0", "X-Api-Key", ADMIN_KEY);
    HttpResponse<String> notANumber = get("/api/v1/audit?limit=many", "X-Api-Key", ADMIN_KEY);

    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.body())
        .contains("\"correlationId\":\"" + id + "\"", "\"principal\":\"it-admin\"");
    assertThat(denied.statusCode()).isEqualTo(403);
    assertThat(zero.statusCode()).isEqualTo(400);
    assertThat(zero.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(zero.body()).contains("'limit' must be within 1..10000, was 0");
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(notANumber.headers().firstValue("Content-Type"))
        .hasValue("application/problem+json");
  }

  private static AuditEntry only(List<AuditEntry> entries, String correlationId) {
    List<AuditEntry> matching =
        entries.stream().filter(e -> e.correlationId().equals(correlationId)).toList();
    assertThat(matching).hasSize(1);
    return matching.getFirst();
  }
}
