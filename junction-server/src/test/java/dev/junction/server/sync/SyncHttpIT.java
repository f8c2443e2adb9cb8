package dev.junction.server.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldMapping;
import dev.junction.config.FieldType;
import dev.junction.config.IntegrationConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.MappingConfig;
import dev.junction.config.ServerConfig;
import dev.junction.config.ServerConfig.ApiKeyConfig;
import dev.junction.config.StoreConfig;
import dev.junction.config.SyncApiConfig;
import dev.junction.config.SyncApiConfig.ResponseMode;
import dev.junction.config.SyncApiConfig.StagingMode;
import dev.junction.server.TestSecrets;
import dev.junction.store.RecordStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The Sync API over real loopback HTTP: both routes, consumers by API key, errors, admin. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SyncHttpIT {
  static final String ADMIN_KEY = "sync-admin-" + UUID.randomUUID();
  static final String ERP_KEY = "sync-erp-" + UUID.randomUUID();
  static final String CRM_KEY = "sync-crm-" + UUID.randomUUID();

  static final EntityConfig CUSTOMER =
      EntityConfig.of(
          "Customer",
          List.of("no"),
          List.of(
              FieldConfig.of("no", FieldType.STRING),
              FieldConfig.of("name", FieldType.STRING),
              FieldConfig.of("balance", FieldType.DECIMAL)));

  @TestConfiguration
  static class Config {
    @Bean
    JunctionConfig junctionConfig() {
      return new JunctionConfig(
          StoreConfig.of("jdbc:h2:mem:sync_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"),
          new ServerConfig(
              0,
              "127.0.0.1",
              List.of(
                  new ApiKeyConfig("admin", TestSecrets.inFile(ADMIN_KEY), List.of()),
                  new ApiKeyConfig("erp", TestSecrets.inFile(ERP_KEY), List.of("read")),
                  new ApiKeyConfig("crm", TestSecrets.inFile(CRM_KEY), List.of("read")))),
          List.of(),
          List.of(CUSTOMER),
          List.of(
              integration(
                  "customers",
                  10,
                  new SyncApiConfig(
                      true,
                      ResponseMode.CHANGES_ONLY,
                      StagingMode.DATABASE,
                      null,
                      List.of(
                          new SyncApiConfig.Field("customerNo", "no"),
                          new SyncApiConfig.Field("displayName", "name")))),
              integration(
                  "customers-full",
                  11,
                  new SyncApiConfig(
                      true, ResponseMode.FULL_DATASET, StagingMode.IN_MEMORY, null, List.of())),
              integration("customers-hidden", 12, SyncApiConfig.notExposed())));
    }

    private static IntegrationConfig integration(String name, int order, SyncApiConfig sync) {
      return new IntegrationConfig(
          name,
          order,
          "erp",
          null,
          null,
          null,
          null,
          List.of(
              new MappingConfig(
                  "Customer",
                  MappingConfig.Rows.PARENT,
                  List.of(FieldMapping.from("no", "no"), FieldMapping.from("name", "name")))),
          null,
          null,
          sync);
    }
  }

  @LocalServerPort int port;
  @Autowired RecordStore store;

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();

  private HttpResponse<String> send(String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Api-Key", key)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode post(String path, String key, String body, int expectedStatus) throws Exception {
    HttpResponse<String> r = send("POST", path, key, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
    return json.readTree(r.body());
  }

  private static String navx(int sortingOrder) {
    return "/api/navx/integrationFramework/v2.0/integrations("
        + sortingOrder
        + ")/Microsoft.NAV.getChanges";
  }

  private void customer(String no, String name) {
    store.upsert(
        "Customer", List.of(Map.of("no", no, "name", name, "balance", java.math.BigDecimal.ONE)));
  }

  @Test
  void navxRouteServesChangesWithMappedNamesDeletionMarkersAndTokens() throws Exception {
    String start =
        post(navx(10), ERP_KEY, "{\"syncToken\":\"latest\"}", 200).get("syncToken").asString();
    customer("C1", "Ada");
    customer("C2", "Bob");
    customer("C3", "Cy");

    String since = ",\"syncToken\":\"" + start + "\"}";
    JsonNode page1 = post(navx(10), ERP_KEY, "{\"top\":2,\"skip\":0" + since, 200);
    JsonNode page2 = post(navx(10), ERP_KEY, "{\"top\":2,\"skip\":2" + since, 200);
    assertThat(page1.get("value").toString())
        .isEqualTo(
            "[{\"customerNo\":\"C1\",\"displayName\":\"Ada\"},{\"customerNo\":\"C2\",\"displayName\":\"Bob\"}]");
    assertThat(page1.has("syncToken")).isFalse();
    assertThat(page1.get("nextPageToken").asString()).isNotBlank();
    assertThat(page2.get("value").toString())
        .isEqualTo("[{\"customerNo\":\"C3\",\"displayName\":\"Cy\"}]");
    String token = page2.get("syncToken").asString();

    customer("C2", "Bobby");
    store.delete("Customer", Map.of("no", "C1"));
    JsonNode changes =
        post(
            "/api/sync/customers/changes",
            ERP_KEY,
            "{\"top\":100,\"syncToken\":\"" + token + "\"}",
            200);

    assertThat(changes.get("value").toString())
        .isEqualTo(
            "[{\"customerNo\":\"C2\",\"displayName\":\"Bobby\"},"
                + "{\"customerNo\":\"C1\",\"@removed\":{\"reason\":\"deleted\"}}]");
    assertThat(changes.get("moreChanges").asBoolean()).isFalse();

    // Another consumer cannot use the token; the token is not echoed.
    HttpResponse<String> foreign =
        send("POST", "/api/sync/customers/changes", CRM_KEY, "{\"syncToken\":\"" + token + "\"}");
    assertThat(foreign.statusCode()).isEqualTo(400);
    assertThat(foreign.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(foreign.body()).contains("issued to another consumer").doesNotContain(token);
  }

  @Test
  void badRequestsAreClearProblems() throws Exception {
    JsonNode top = post("/api/sync/customers/changes", ERP_KEY, "{\"top\":0}", 400);
    JsonNode malformed =
        post("/api/sync/customers/changes", ERP_KEY, "{\"syncToken\":\"abc\"}", 400);
    JsonNode unknown = post("/api/sync/nothing/changes", ERP_KEY, "{}", 404);
    JsonNode unknownOrder = post(navx(77), ERP_KEY, "{}", 404);
    JsonNode hidden = post(navx(12), ERP_KEY, "{}", 400);
    HttpResponse<String> anonymous =
        send("POST", "/api/sync/customers/changes", "wrong-key-0000000000", "{}");

    assertThat(top.get("detail").asString()).isEqualTo("top must be within 1..10000, was 0");
    assertThat(top.get("status").asInt()).isEqualTo(400);
    assertThat(malformed.get("detail").asString()).contains("syncToken is malformed");
    assertThat(unknown.get("detail").asString()).contains("No integration is named 'nothing'");
    assertThat(unknownOrder.get("detail").asString())
        .contains("No integration has sorting order 77");
    assertThat(hidden.get("detail").asString()).contains("not exposed as a Sync API");
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  @Test
  void fullDatasetAndStartFromNow() throws Exception {
    customer("F1", "One");
    JsonNode full = post(navx(11), CRM_KEY, "{\"top\":10000}", 200);
    JsonNode now = post("/api/sync/customers/changes", CRM_KEY, "{\"syncToken\":\"latest\"}", 200);

    assertThat(full.get("value").toString())
        .contains("{\"no\":\"F1\",\"name\":\"One\",\"balance\":1.0");
    assertThat(now.get("value").size()).isZero();
    customer("F2", "Two");
    JsonNode next =
        post(
            "/api/sync/customers/changes",
            CRM_KEY,
            "{\"syncToken\":\"" + now.get("syncToken").asString() + "\"}",
            200);
    assertThat(next.get("value").toString())
        .isEqualTo("[{\"customerNo\":\"F2\",\"displayName\":\"Two\"}]");
  }

  @Test
  void adminSeesAndResetsConsumersAndAResetTokenIsGoneWithALocation() throws Exception {
    customer("R1", "Reset");
    String token =
        post("/api/sync/customers/changes", CRM_KEY, "{}", 200).get("syncToken").asString();

    HttpResponse<String> list = send("GET", "/api/sync/admin/consumers", ADMIN_KEY, null);
    HttpResponse<String> notAdmin = send("GET", "/api/sync/admin/consumers", CRM_KEY, null);
    HttpResponse<String> reset =
        send("DELETE", "/api/sync/admin/consumers/crm/integrations/customers", ADMIN_KEY, null);
    HttpResponse<String> resetNothing =
        send("DELETE", "/api/sync/admin/consumers/nobody/integrations/customers", ADMIN_KEY, null);
    HttpResponse<String> gone =
        send("POST", navx(10), CRM_KEY, "{\"syncToken\":\"" + token + "\"}");

    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"consumer\":\"crm\"", "\"integration\":\"customers\"");
    assertThat(notAdmin.statusCode()).isEqualTo(403);
    assertThat(reset.statusCode()).isEqualTo(204);
    assertThat(resetNothing.statusCode()).isEqualTo(404);
    assertThat(gone.statusCode()).isEqualTo(410);
    assertThat(gone.headers().firstValue("Location")).hasValue(navx(10));
    assertThat(gone.body()).contains("was reset", "start a fresh baseline");
    assertThat(post(navx(10), CRM_KEY, "{}", 200).get("value").size()).isPositive();
  }
}
