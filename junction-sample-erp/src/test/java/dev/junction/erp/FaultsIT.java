package dev.junction.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

class FaultsIT {
  private static SampleErp erp;
  private static Http http;

  @BeforeAll
  static void start() {
    erp = SampleErp.builder().customers(200).orders(10).products(10).start();
    http = new Http(erp.baseUrl());
  }

  @AfterAll
  static void stop() {
    erp.close();
  }

  @BeforeEach
  void clear() {
    erp.faults().clearAll();
    erp.stats().reset();
  }

  @Test
  void faultsGivenAtStartApplyFromTheFirstRequest() {
    try (SampleErp faulty =
        SampleErp.builder()
            .customers(1)
            .fault(Endpoint.BOMS, Fault.none().withUnavailable(1.0))
            .start()) {
      assertThat(new Http(faulty.baseUrl()).get("/api/boms").statusCode()).isEqualTo(503);
      assertThat(new Http(faulty.baseUrl()).get("/api/products").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void latencyDelaysTheAnswerBeyondAShortClientTimeout() {
    erp.faults().set(Endpoint.CUSTOMERS, Fault.none().withLatency(Duration.ofSeconds(3)));

    assertThatThrownBy(
            () ->
                http.sendRaw(
                    http.request("/api/customers/C000001").timeout(Duration.ofMillis(300))))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(http.get("/api/products").statusCode()).isEqualTo(200);
  }

  @Test
  void jitteredLatencyStillAnswers() {
    erp.faults()
        .set(
            Endpoint.CUSTOMERS,
            Fault.none().withLatency(Duration.ofMillis(5)).withJitter(Duration.ofMillis(20)));

    for (int i = 0; i < 5; i++) {
      assertThat(http.get("/api/customers/C000001").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void serverErrorsAndUnavailabilityAnswer500And503() {
    erp.faults().set(Endpoint.CUSTOMERS, Fault.none().withServerErrors(1.0));
    erp.faults().set(Endpoint.ORDERS, Fault.none().withUnavailable(1.0));

    HttpResponse<String> error = http.get("/api/customers");
    assertThat(error.statusCode()).isEqualTo(500);
    assertThat(error.headers().firstValue("Content-Type")).hasValue(Reply.PROBLEM);
    assertThat(http.get("/api/orders").statusCode()).isEqualTo(503);
    assertThat(erp.stats().count(Endpoint.CUSTOMERS, 500)).isEqualTo(1);
  }

  @Test
  void aPartialErrorRateFailsSomeRequestsAndNotOthers() {
    erp.faults().set(Endpoint.CUSTOMERS, Fault.none().withServerErrors(0.5));

    for (int i = 0; i < 200; i++) {
      http.get("/api/customers/C000001");
    }

    assertThat(erp.stats().count(Endpoint.CUSTOMERS, 500)).isBetween(40L, 160L);
    assertThat(erp.stats().count(Endpoint.CUSTOMERS, 200)).isBetween(40L, 160L);
  }

  @Test
  void throttlingAnswers429WithRetryAfter() {
    erp.faults().set(Endpoint.PRODUCTS, Fault.none().withThrottling(1.0, Duration.ofSeconds(7)));

    HttpResponse<String> response = http.get("/api/products");

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
  }

  @Test
  void aHangNeverAnswers() {
    erp.faults().set(Endpoint.CONTRACTS, Fault.none().withHangs(1.0));

    assertThatThrownBy(
            () -> http.sendRaw(http.request("/api/contracts").timeout(Duration.ofMillis(300))))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(erp.stats().count(Endpoint.CONTRACTS, 0)).isEqualTo(1);
  }

  @Test
  void malformedJsonIsA200ThatDoesNotParse() {
    erp.faults().set(Endpoint.CUSTOMERS, Fault.none().withMalformedJson(1.0));

    HttpResponse<String> response = http.get("/api/customers?limit=5");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).startsWith("{\"data\":[");
    assertThatThrownBy(() -> Http.json(response)).isInstanceOf(JacksonException.class);
  }

  @Test
  void aTruncatedBodyEndsBeforeItsContentLength() {
    erp.faults().set(Endpoint.CUSTOMERS, Fault.none().withTruncatedBodies(1.0));

    assertThatThrownBy(() -> http.sendRaw(http.request("/api/customers?limit=50")))
        .isInstanceOf(IOException.class);
    erp.faults().set(Endpoint.CUSTOMERS, Fault.none());
    assertThat(http.get("/api/customers?limit=50").statusCode()).isEqualTo(200);
  }

  @Test
  void aSlowBodyArrivesWholeButNotAtOnce() throws Exception {
    erp.faults().set(Endpoint.CUSTOMERS, Fault.none().withSlowBody(Duration.ofSeconds(3)));

    CompletableFuture<HttpResponse<String>> pending =
        http.client()
            .sendAsync(
                http.request("/api/customers?limit=100").build(),
                HttpResponse.BodyHandlers.ofString());

    assertThatThrownBy(() -> pending.get(300, TimeUnit.MILLISECONDS))
        .isInstanceOf(TimeoutException.class);
    HttpResponse<String> response = pending.get(20, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Http.json(response).get("data")).hasSize(100);
  }

  @Test
  void faultsChangeAtRuntimeThroughTheAdminApi() {
    HttpResponse<String> set =
        http.send(
            http.request("/admin/faults/customers")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"unavailableRate\": 1}")));
    assertThat(set.statusCode()).isEqualTo(200);
    assertThat(http.get("/api/customers").statusCode()).isEqualTo(503);
    assertThat(Http.json(http.get("/admin/faults")).at("/customers/unavailableRate").asDouble())
        .isEqualTo(1.0);
    assertThat(erp.faults().get(Endpoint.CUSTOMERS).unavailableRate()).isEqualTo(1.0);

    assertThat(http.delete("/admin/faults/customers").statusCode()).isEqualTo(204);
    assertThat(http.get("/api/customers").statusCode()).isEqualTo(200);
  }

  @Test
  void theAdminApiRejectsUnknownFaultFieldsAndEndpoints() {
    HttpResponse<String> field =
        http.send(
            http.request("/admin/faults/customers")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"latency\": 5}")));
    HttpResponse<String> endpoint =
        http.send(
            http.request("/admin/faults/nope")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"latencyMs\": 5}")));
    HttpResponse<String> rate =
        http.send(
            http.request("/admin/faults/customers")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"hangRate\": 2}")));

    assertThat(field.statusCode()).isEqualTo(400);
    assertThat(Http.json(field).get("detail").stringValue()).contains("'latency'", "latencyMs");
    assertThat(endpoint.statusCode()).isEqualTo(404);
    assertThat(Http.json(endpoint).get("detail").stringValue()).contains("'nope'", "customers");
    assertThat(rate.statusCode()).isEqualTo(400);
    assertThat(Http.json(rate).get("detail").stringValue()).contains("hangRate", "2.0");
  }
}
