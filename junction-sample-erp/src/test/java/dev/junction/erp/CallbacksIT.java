package dev.junction.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CallbacksIT {
  private HttpServer receiver;
  private final List<Delivery> received = new CopyOnWriteArrayList<>();

  record Delivery(JsonNode body, String raw, String timestamp, String signature) {
    long sequence() {
      return body.get("sequence").asLong();
    }
  }

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext(
        "/hook",
        exchange -> {
          String raw = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.add(
              new Delivery(
                  Http.JSON.readTree(raw),
                  raw,
                  exchange.getRequestHeaders().getFirst("X-Erp-Timestamp"),
                  exchange.getRequestHeaders().getFirst("X-Erp-Signature")));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private URI hook() {
    return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
  }

  private static SampleErp.Builder erp() {
    return SampleErp.builder().customers(50).orders(20).products(10);
  }

  private static void updateCustomers(Http http, int count) {
    for (int i = 1; i <= count; i++) {
      HttpResponse<String> r =
          http.put(
              "/api/customers/" + ErpData.customerId(i),
              "{\"name\":\"N" + i + "\",\"email\":\"n" + i + "@x.example\",\"country\":\"NL\"}",
              null);
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }

  private List<Long> sequences() {
    return received.stream().map(Delivery::sequence).toList();
  }

  @Test
  void inOrderDeliveryPostsEveryWriteInSequence() {
    try (SampleErp erp = erp().start()) {
      Http http = new Http(erp.baseUrl());
      HttpResponse<String> registered =
          http.post("/admin/callbacks", "{\"url\":\"" + hook() + "\"}");
      assertThat(registered.statusCode()).isEqualTo(201);

      updateCustomers(http, 5);

      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 5);
      assertThat(sequences()).containsExactly(1L, 2L, 3L, 4L, 5L);
      JsonNode first = received.get(0).body();
      assertThat(first.get("entity").stringValue()).isEqualTo("customers");
      assertThat(first.get("id").stringValue()).isEqualTo("C000001");
      assertThat(first.get("operation").stringValue()).isEqualTo("upsert");
      assertThat(first.get("version").asLong()).isEqualTo(2);
    }
  }

  @Test
  void aReorderWindowDeliversEachBatchOutOfOrder() {
    try (SampleErp erp =
        erp().callbackDelivery(CallbackDelivery.inOrder().reorderedInWindowsOf(5)).start()) {
      erp.registerCallback(hook());

      updateCustomers(new Http(erp.baseUrl()), 5);

      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 5);
      assertThat(sequences()).containsExactly(5L, 4L, 3L, 2L, 1L);
    }
  }

  @Test
  void aPartialWindowIsFlushedAfterItsDelay() {
    try (SampleErp erp =
        erp()
            .callbackDelivery(
                CallbackDelivery.inOrder()
                    .reorderedInWindowsOf(10)
                    // long enough that three updates land in one window even on a loaded machine
                    // (at 100 ms, a slow second update was once flushed alone: order 1, 3, 2)
                    .flushedAfter(Duration.ofSeconds(1)))
            .start()) {
      erp.registerCallback(hook());

      updateCustomers(new Http(erp.baseUrl()), 3);

      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
      assertThat(sequences()).containsExactly(3L, 2L, 1L);
    }
  }

  @Test
  void concurrentDeliveryDeliversEveryChange() {
    try (SampleErp erp =
        erp().callbackDelivery(CallbackDelivery.inOrder().concurrently()).start()) {
      erp.registerCallback(hook());

      updateCustomers(new Http(erp.baseUrl()), 20);

      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 20);
      assertThat(sequences())
          .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
      assertThat(erp.callbacksDelivered()).isEqualTo(20);
    }
  }

  @Test
  void signedDeliveryCarriesAnHmacOfTimestampAndBody() {
    try (SampleErp erp =
        erp().callbackDelivery(CallbackDelivery.inOrder().signedWith("hook-secret")).start()) {
      erp.registerCallback(hook());

      updateCustomers(new Http(erp.baseUrl()), 1);

      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
      Delivery d = received.get(0);
      assertThat(d.timestamp()).isNotNull();
      assertThat(d.signature())
          .isEqualTo(
              "sha256="
                  + CallbackDispatcher.sign(
                      "hook-secret", d.timestamp(), d.raw().getBytes(StandardCharsets.UTF_8)));
      assertThat(d.signature())
          .isNotEqualTo(
              "sha256="
                  + CallbackDispatcher.sign(
                      "other", d.timestamp(), d.raw().getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void deletesAreNotifiedAsDeletes() {
    try (SampleErp erp = erp().start()) {
      erp.registerCallback(hook());

      assertThat(new Http(erp.baseUrl()).delete("/api/orders/SO00000003").statusCode())
          .isEqualTo(204);

      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
      JsonNode n = received.get(0).body();
      assertThat(n.get("entity").stringValue()).isEqualTo("orders");
      assertThat(n.get("id").stringValue()).isEqualTo("SO00000003");
      assertThat(n.get("operation").stringValue()).isEqualTo("delete");
    }
  }

  @Test
  void theMutatorChangesRecordsAndNotifies() {
    SettableClock clock = new SettableClock(Instant.parse("2026-05-01T00:00:00Z"));
    try (SampleErp erp = erp().clock(clock).callback(hook()).start()) {
      Http http = new Http(erp.baseUrl());
      erp.mutate(50);

      await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 6);
      erp.mutate(0);

      assertThat(erp.mutations()).isGreaterThanOrEqualTo(6);
      JsonNode changed = Http.json(http.get("/api/customers?updatedSince=2026-05-01T00:00:00Z"));
      assertThat(changed.get("total").asInt()).isPositive();
      assertThat(received.stream().map(d -> d.body().get("entity").stringValue()))
          .contains("customers", "orders");
      assertThat(Http.json(http.get("/admin/mutator")).get("changesPerSecond").asDouble()).isZero();
    }
  }
}
