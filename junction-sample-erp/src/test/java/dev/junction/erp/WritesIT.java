package dev.junction.erp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WritesIT {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-02-02T10:00:00Z"));
  private SampleErp erp;
  private Http http;

  @BeforeEach
  void start() {
    erp = SampleErp.builder().customers(20).orders(10).products(10).boms(5).clock(clock).start();
    http = new Http(erp.baseUrl());
  }

  @AfterEach
  void stop() {
    erp.close();
  }

  @Test
  void createsACustomerWithLocationAndEtag() {
    HttpResponse<String> created =
        http.post(
            "/api/customers",
            "{\"name\":\"New Co\",\"email\":\"new@co.example\",\"country\":\"DE\","
                + "\"creditLimit\":5000}");

    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode body = Http.json(created);
    String id = body.get("id").stringValue();
    assertThat(id).isEqualTo("C000021");
    assertThat(created.headers().firstValue("Location")).hasValue("/api/customers/" + id);
    assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(body.get("lastModified").stringValue()).isEqualTo("2026-02-02T10:00:00Z");
    assertThat(Http.json(http.get("/api/customers/" + id)).get("name").stringValue())
        .isEqualTo("New Co");
  }

  @Test
  void invalidFieldsAre422WithOneErrorPerField() {
    HttpResponse<String> response =
        http.post(
            "/api/customers",
            "{\"email\":\"not-an-email\",\"country\":\"Netherlands\",\"creditLimit\":-1}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Reply.PROBLEM);
    JsonNode errors = Http.json(response).get("errors");
    assertThat(errors.findValuesAsString("field"))
        .containsExactlyInAnyOrder("name", "email", "country", "creditLimit");
    assertThat(Http.json(response).toString()).contains("not-an-email");
  }

  @Test
  void duplicateIdsAndEmailsAre409() {
    HttpResponse<String> id =
        http.post(
            "/api/customers",
            "{\"id\":\"C000003\",\"name\":\"X\",\"email\":\"x@x.example\",\"country\":\"NL\"}");
    String takenEmail = Http.json(http.get("/api/customers/C000004")).get("email").stringValue();
    HttpResponse<String> email =
        http.post(
            "/api/customers",
            "{\"name\":\"Y\",\"email\":\"" + takenEmail + "\",\"country\":\"NL\"}");
    HttpResponse<String> order =
        http.post("/api/orders", "{\"id\":\"SO00000001\",\"customerId\":\"C000001\"}");

    assertThat(id.statusCode()).isEqualTo(409);
    assertThat(Http.json(id).get("detail").stringValue()).contains("C000003");
    assertThat(email.statusCode()).isEqualTo(409);
    assertThat(Http.json(email).get("detail").stringValue()).contains(takenEmail, "C000004");
    assertThat(order.statusCode()).isEqualTo(409);
  }

  @Test
  void aStaleIfMatchIs412AndTheCurrentOneUpdates() {
    String body = "{\"name\":\"Renamed\",\"email\":\"renamed@x.example\",\"country\":\"NL\"}";
    HttpResponse<String> first = http.put("/api/customers/C000005", body, "\"1\"");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("ETag")).hasValue("\"2\"");

    HttpResponse<String> stale = http.put("/api/customers/C000005", body, "\"1\"");
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(Http.json(stale).get("detail").stringValue()).contains("\"2\"", "\"1\"");

    assertThat(http.put("/api/customers/C000005", body, "\"2\"").statusCode()).isEqualTo(200);
    HttpResponse<String> read = http.get("/api/customers/C000005");
    assertThat(read.headers().firstValue("ETag")).hasValue("\"3\"");
  }

  @Test
  void deletingLeavesATombstone() {
    clock.advance(java.time.Duration.ofMinutes(5));
    assertThat(http.delete("/api/customers/C000007").statusCode()).isEqualTo(204);

    assertThat(http.get("/api/customers/C000007").statusCode()).isEqualTo(404);
    assertThat(http.get("/api/balances/C000007").statusCode()).isEqualTo(404);
    JsonNode deletions =
        Http.json(http.get("/api/deletions?entity=customers&updatedSince=2026-02-02T10:00:00Z"));
    JsonNode items = deletions.at("/result/items");
    assertThat(items).hasSize(1);
    assertThat(items.get(0).get("id").stringValue()).isEqualTo("C000007");
    assertThat(items.get(0).get("deletedAt").stringValue()).isEqualTo("2026-02-02T10:05:00Z");
    assertThat(http.delete("/api/customers/C000007").statusCode()).isEqualTo(404);
  }

  @Test
  void ordersAreCreatedWithLinesOnTheChildEndpoint() {
    HttpResponse<String> created =
        http.post(
            "/api/orders",
            "{\"customerId\":\"C000002\",\"status\":\"open\",\"lines\":["
                + "{\"sku\":\"SKU-00001\",\"quantity\":2,\"unitPrice\":10.5},"
                + "{\"sku\":\"SKU-00002\",\"quantity\":1,\"unitPrice\":4}]}");

    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode order = Http.json(created);
    assertThat(order.get("total").asDouble()).isEqualTo(25.0);
    JsonNode lines = Http.json(http.get("/api/orders/" + order.get("id").stringValue() + "/lines"));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("sku").stringValue()).isEqualTo("SKU-00001");
    assertThat(lines.get(0).get("amount").asDouble()).isEqualTo(21.0);
  }

  @Test
  void anOrderForAnUnknownCustomerOrProductIs422() {
    HttpResponse<String> response =
        http.post(
            "/api/orders",
            "{\"customerId\":\"C999999\",\"status\":\"pending\","
                + "\"lines\":[{\"sku\":\"NOPE\",\"quantity\":0}]}");

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(Http.json(response).get("errors").findValuesAsString("field"))
        .containsExactlyInAnyOrder("customerId", "status", "lines[0].sku", "lines[0].quantity");
  }

  @Test
  void anOrderUpdateChecksItsEtag() {
    HttpResponse<String> ok =
        http.put(
            "/api/orders/SO00000002",
            "{\"customerId\":\"C000001\",\"status\":\"closed\"}",
            "\"1\"");
    HttpResponse<String> stale =
        http.put(
            "/api/orders/SO00000002", "{\"customerId\":\"C000001\",\"status\":\"open\"}", "\"1\"");

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(Http.json(ok).get("status").stringValue()).isEqualTo("closed");
    assertThat(stale.statusCode()).isEqualTo(412);
  }

  @Test
  void aBodyThatIsNotJsonIs400() {
    HttpResponse<String> response = http.post("/api/customers", "{name:");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.json(response).get("detail").stringValue()).contains("not valid JSON");
  }

  @Test
  void aDraftBomIsApprovedOnceThenConflicts() {
    String draft = null;
    for (JsonNode bom : Http.json(http.get("/api/boms")).get("value")) {
      if (bom.get("state").stringValue().equals("draft")) {
        draft = bom.get("id").stringValue();
        break;
      }
    }
    assertThat(draft).as("a draft BOM among the generated ones").isNotNull();

    HttpResponse<String> approved =
        http.post("/api/boms/" + draft + "/approve", "{\"approvedBy\":\"alice\"}");
    HttpResponse<String> again = http.post("/api/boms/" + draft + "/approve", "{}");

    assertThat(approved.statusCode()).isEqualTo(200);
    assertThat(Http.json(approved).get("state").stringValue()).isEqualTo("approved");
    assertThat(Http.json(approved).get("approvedBy").stringValue()).isEqualTo("alice");
    assertThat(again.statusCode()).isEqualTo(409);
  }
}
