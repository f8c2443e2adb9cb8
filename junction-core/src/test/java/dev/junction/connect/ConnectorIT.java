package dev.junction.connect;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.audit.AuditEntry;
import dev.junction.audit.AuditLog;
import dev.junction.config.AuthConfig;
import dev.junction.config.RateLimitConfig;
import dev.junction.config.RetryConfig;
import dev.junction.config.SecretRef;
import dev.junction.config.SecretResolver;
import dev.junction.config.StatusRule;
import dev.junction.testing.SettableClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectorIT {
  private static final SecretResolver SECRETS =
      SecretResolver.of(
          Map.of(
              "PW", "s3cret",
              "TOKEN", "tok-1",
              "KEY", "k-123",
              "QKEY", "k 123&x",
              "CS", "cs",
              "TOPSECRET", "TOPSECRET"));

  private WireMockServer server;
  private SettableClock clock;
  private RecordingSleeper sleeper;
  private final List<CallRecord> records = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    clock = SettableClock.at("2026-01-01T00:00:00Z");
    sleeper = new RecordingSleeper(clock);
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.port() + "/api");
  }

  private static RetryConfig retries(int attempts) {
    return new RetryConfig(
        attempts, Duration.ofMillis(10), Duration.ofSeconds(1), 2.0, 0, false, true);
  }

  private ConnectorBuilder builder() {
    return Connector.builder("erp", base())
        .secrets(SECRETS)
        .retry(retries(4))
        .clock(clock)
        .sleeper(sleeper)
        .observer(records::add)
        .requestTimeout(Duration.ofSeconds(5));
  }

  private Call getCall(Connector c, String path) {
    return Call.get(c.resolve(path)).withCorrelationId("run-1");
  }

  @Test
  void basicAuthIsSent() {
    server.stubFor(
        get("/api/orders")
            .withBasicAuth("svc", "s3cret")
            .willReturn(aResponse().withStatus(200).withBody("[]")));
    try (Connector c = builder().auth(new AuthConfig.Basic("svc", SecretRef.env("PW"))).build()) {
      assertThat(c.send(getCall(c, "/orders")).status()).isEqualTo(200);
    }
  }

  @Test
  void bearerTokenIsSent() {
    server.stubFor(
        get("/api/orders")
            .withHeader("Authorization", equalTo("Bearer tok-1"))
            .willReturn(aResponse().withStatus(200).withBody("[]")));
    try (Connector c = builder().auth(new AuthConfig.Bearer(SecretRef.env("TOKEN"))).build()) {
      assertThat(c.send(getCall(c, "/orders")).status()).isEqualTo(200);
    }
  }

  @Test
  void apiKeyInHeaderIsSent() {
    server.stubFor(
        get("/api/orders")
            .withHeader("X-Api-Key", equalTo("k-123"))
            .willReturn(aResponse().withStatus(200).withBody("[]")));
    try (Connector c =
        builder()
            .auth(
                new AuthConfig.ApiKey(
                    "X-Api-Key", AuthConfig.ApiKey.Location.HEADER, SecretRef.env("KEY")))
            .build()) {
      assertThat(c.send(getCall(c, "/orders")).status()).isEqualTo(200);
    }
  }

  @Test
  void apiKeyInQueryIsSentButNeverAudited() {
    server.stubFor(
        get(urlPathEqualTo("/api/orders"))
            .withQueryParam("apiKeyParam", equalTo("k 123&x"))
            .withQueryParam("status", equalTo("open"))
            .willReturn(aResponse().withStatus(200).withBody("[]")));
    try (Connector c =
        builder()
            .auth(
                new AuthConfig.ApiKey(
                    "apiKeyParam", AuthConfig.ApiKey.Location.QUERY, SecretRef.env("QKEY")))
            .build()) {
      assertThat(c.send(getCall(c, "/orders?status=open")).status()).isEqualTo(200);
    }
    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.url()).doesNotContain("k%20123").contains("status=open");
            });
  }

  @Test
  void oauth2TokenIsCachedAndRefreshedBeforeExpiry() {
    server.stubFor(
        post("/oauth/token")
            .withBasicAuth("client-1", "cs")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\"T\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
    server.stubFor(
        get("/api/orders")
            .withHeader("Authorization", equalTo("Bearer T"))
            .willReturn(aResponse().withStatus(200).withBody("[]")));
    AuthConfig oauth =
        new AuthConfig.OAuth2ClientCredentials(
            URI.create("http://127.0.0.1:" + server.port() + "/oauth/token"),
            "client-1",
            SecretRef.env("CS"),
            "orders.read",
            Duration.ofSeconds(30));
    try (Connector c = builder().auth(oauth).build()) {
      c.send(getCall(c, "/orders"));
      c.send(getCall(c, "/orders"));
      server.verify(1, postRequestedFor(urlPathEqualTo("/oauth/token")));
      clock.advance(Duration.ofSeconds(269));
      c.send(getCall(c, "/orders"));
      server.verify(1, postRequestedFor(urlPathEqualTo("/oauth/token")));
      clock.advance(Duration.ofSeconds(2)); // 271 s: within 30 s of expiry
      c.send(getCall(c, "/orders"));
      server.verify(2, postRequestedFor(urlPathEqualTo("/oauth/token")));
    }
    server.verify(
        postRequestedFor(urlPathEqualTo("/oauth/token"))
            .withRequestBody(equalTo("grant_type=client_credentials&scope=orders.read")));
    assertThat(records).anySatisfy(r -> assertThat(r.url()).endsWith("/oauth/token"));
  }

  @Test
  void oauth2RefetchesTokenOnceWhenServerAnswers401() {
    server.stubFor(
        post("/oauth/token")
            .inScenario("tokens")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("second")
            .willReturn(aResponse().withBody("{\"access_token\":\"OLD\",\"expires_in\":3600}")));
    server.stubFor(
        post("/oauth/token")
            .inScenario("tokens")
            .whenScenarioStateIs("second")
            .willReturn(aResponse().withBody("{\"access_token\":\"NEW\",\"expires_in\":3600}")));
    server.stubFor(
        get("/api/orders")
            .withHeader("Authorization", equalTo("Bearer OLD"))
            .willReturn(aResponse().withStatus(401)));
    server.stubFor(
        get("/api/orders")
            .withHeader("Authorization", equalTo("Bearer NEW"))
            .willReturn(aResponse().withStatus(200).withBody("[]")));
    AuthConfig oauth =
        new AuthConfig.OAuth2ClientCredentials(
            URI.create("http://127.0.0.1:" + server.port() + "/oauth/token"),
            "c",
            SecretRef.env("CS"),
            null,
            null);
    try (Connector c = builder().auth(oauth).build()) {
      assertThat(c.send(getCall(c, "/orders")).status()).isEqualTo(200);
    }
    server.verify(2, postRequestedFor(urlPathEqualTo("/oauth/token")));
  }

  @Test
  void oauth2BadCredentialsGiveAClearErrorWithoutTheSecret() {
    server.stubFor(post("/oauth/token").willReturn(aResponse().withStatus(401)));
    AuthConfig oauth =
        new AuthConfig.OAuth2ClientCredentials(
            URI.create("http://127.0.0.1:" + server.port() + "/oauth/token"),
            "c",
            SecretRef.env("TOPSECRET"),
            null,
            null);
    try (Connector c = builder().auth(oauth).build()) {
      assertThatThrownBy(() -> c.send(getCall(c, "/orders")))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("OAuth2 token request")
          .hasMessageContaining("HTTP 401")
          .hasMessageNotContaining("TOPSECRET");
    }
  }

  @Test
  void serviceUnavailableIsRetriedWithBackoffThenSucceeds() {
    server.stubFor(
        get("/api/orders")
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("once")
            .willReturn(aResponse().withStatus(503)));
    server.stubFor(
        get("/api/orders")
            .inScenario("flaky")
            .whenScenarioStateIs("once")
            .willSetStateTo("ok")
            .willReturn(aResponse().withStatus(502)));
    server.stubFor(
        get("/api/orders")
            .inScenario("flaky")
            .whenScenarioStateIs("ok")
            .willReturn(aResponse().withStatus(200).withBody("[1]")));
    RetryConfig policy =
        new RetryConfig(4, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0, 0.5, false, true);
    try (Connector c = builder().retry(policy).build()) {
      Response r = c.send(getCall(c, "/orders"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.attempts()).isEqualTo(3);
    }
    assertThat(sleeper.waits()).hasSize(2);
    assertThat(sleeper.waits().get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
    assertThat(sleeper.waits().get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(300));
    assertThat(records)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.attempts()).isEqualTo(3);
              assertThat(r.status()).isEqualTo(200);
              assertThat(r.bytes()).isEqualTo(3);
              assertThat(r.correlationId()).isEqualTo("run-1");
            });
  }

  @Test
  void serviceUnavailableIsGivenUpAfterMaxAttemptsWithAClearError() {
    server.stubFor(get("/api/orders").willReturn(aResponse().withStatus(503)));
    try (Connector c = builder().retry(retries(4)).build()) {
      assertThatThrownBy(() -> c.send(getCall(c, "/orders").withLabel("/orders page 3")))
          .isInstanceOfSatisfying(
              ConnectorException.class,
              e -> {
                assertThat(e.getMessage())
                    .isEqualTo("Connection 'erp' GET /orders page 3: HTTP 503 after 4 attempts");
                assertThat(e.retriable()).isTrue();
                assertThat(e.attempts()).isEqualTo(4);
                assertThat(e.status()).isEqualTo(503);
              });
    }
    server.verify(4, getRequestedFor(urlPathEqualTo("/api/orders")));
    assertThat(records).singleElement().satisfies(r -> assertThat(r.failed()).isTrue());
  }

  @Test
  void tooManyRequestsHonoursRetryAfter() {
    server.stubFor(
        get("/api/orders")
            .inScenario("limited")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("free")
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
    server.stubFor(
        get("/api/orders")
            .inScenario("limited")
            .whenScenarioStateIs("free")
            .willReturn(aResponse().withStatus(200).withBody("[]")));
    try (Connector c = builder().build()) {
      assertThat(c.send(getCall(c, "/orders")).status()).isEqualTo(200);
    }
    assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterLongerThanAllowedFailsAtOnce() {
    server.stubFor(
        get("/api/orders")
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));
    try (Connector c = builder().build()) {
      assertThatThrownBy(() -> c.send(getCall(c, "/orders")))
          .isInstanceOf(ConnectorException.class)
          .hasMessageContaining("Retry-After 3600 s, longer than the allowed 300 s");
    }
    assertThat(sleeper.waits()).isEmpty();
  }

  @Test
  void postIsNotRetriedUnlessConfigured() {
    server.stubFor(post("/api/orders").willReturn(aResponse().withStatus(503)));
    try (Connector c = builder().build()) {
      Call call = new Call("POST", c.resolve("/orders"), null, "{}".getBytes(), null, null);
      assertThatThrownBy(() -> c.send(call))
          .hasMessageContaining("HTTP 503 after 1 attempt")
          .hasMessageContaining("POST is not idempotent");
    }
    server.verify(1, postRequestedFor(urlPathEqualTo("/api/orders")));
    RetryConfig all =
        new RetryConfig(3, Duration.ofMillis(10), Duration.ofSeconds(1), 2.0, 0, true, true);
    try (Connector c = builder().retry(all).build()) {
      Call call = new Call("POST", c.resolve("/orders"), null, "{}".getBytes(), null, null);
      assertThatThrownBy(() -> c.send(call)).hasMessageContaining("HTTP 503 after 3 attempts");
    }
    server.verify(4, postRequestedFor(urlPathEqualTo("/api/orders")));
  }

  @Test
  void timeoutsAreRetriedThenReported() {
    server.stubFor(
        get("/api/slow")
            .willReturn(aResponse().withStatus(200).withFixedDelay(1500).withBody("[]")));
    RetryConfig two = retries(2);
    try (Connector c = builder().retry(two).requestTimeout(Duration.ofMillis(200)).build()) {
      assertThatThrownBy(() -> c.send(getCall(c, "/slow")))
          .isInstanceOfSatisfying(
              ConnectorException.class,
              e -> {
                assertThat(e.getMessage())
                    .isEqualTo(
                        "Connection 'erp' GET /api/slow: timed out after 200 ms after 2 attempts");
                assertThat(e.retriable()).isTrue();
              });
    }
    assertThat(sleeper.waits()).hasSize(1);
  }

  @Test
  void connectionResetsAreRetriedThenReportedAsRetriable() {
    server.stubFor(
        get("/api/orders").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    try (Connector c = builder().build()) {
      assertThatThrownBy(() -> c.send(getCall(c, "/orders")))
          .isInstanceOfSatisfying(
              ConnectorException.class,
              e -> {
                assertThat(e.retriable()).isTrue();
                assertThat(e.attempts()).isEqualTo(4);
                assertThat(e.status()).isZero();
              })
          .hasMessageStartingWith("Connection 'erp' GET /api/orders: I/O error")
          .hasMessageEndingWith("after 4 attempts");
    }
    assertThat(sleeper.waits()).hasSize(3);
  }

  /**
   * A body that ends before its Content-Length (the server closes the connection half way) is a
   * retriable I/O error, never a short body handed to the caller. Served by a raw loopback socket:
   * WireMock always sends the full body it announces.
   */
  @Test
  void bodiesShorterThanTheirLengthAreRetriedThenReportedAsIoErrors() throws Exception {
    try (java.net.ServerSocket raw =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      Thread serving =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < 4; i++) {
                      try (java.net.Socket s = raw.accept()) {
                        s.getInputStream().read(new byte[4096]);
                        s.getOutputStream()
                            .write(
                                ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                        + "Content-Length: 100\r\n\r\n[{\"id\":1}")
                                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                      } catch (java.io.IOException e) {
                        return;
                      }
                    }
                  });
      try (Connector c =
          Connector.builder("erp", URI.create("http://127.0.0.1:" + raw.getLocalPort() + "/api"))
              .retry(retries(4))
              .clock(clock)
              .sleeper(sleeper)
              .observer(records::add)
              .requestTimeout(Duration.ofSeconds(5))
              .build()) {
        assertThatThrownBy(() -> c.send(getCall(c, "/orders")))
            .isInstanceOfSatisfying(
                ConnectorException.class,
                e -> {
                  assertThat(e.retriable()).isTrue();
                  assertThat(e.attempts()).isEqualTo(4);
                })
            .hasMessageStartingWith("Connection 'erp' GET /api/orders: I/O error")
            .hasMessageContaining("Premature end of Content-Length delimited message body")
            .hasMessageEndingWith("after 4 attempts");
      }
      serving.join(5_000);
    }
    assertThat(sleeper.waits()).hasSize(3);
    assertThat(records).singleElement().satisfies(r -> assertThat(r.failed()).isTrue());
  }

  @Test
  void statusRulesRetryFailOrIgnore() {
    server.stubFor(get("/api/missing").willReturn(aResponse().withStatus(404)));
    server.stubFor(get("/api/busy").willReturn(aResponse().withStatus(409)));
    server.stubFor(get("/api/broken").willReturn(aResponse().withStatus(500)));
    try (Connector c =
        builder()
            .retry(retries(2))
            .statusRules(
                List.of(
                    new StatusRule(StatusRule.Range.parse("404"), StatusRule.Action.IGNORE),
                    new StatusRule(StatusRule.Range.parse("409"), StatusRule.Action.RETRY),
                    new StatusRule(StatusRule.Range.parse("500"), StatusRule.Action.FAIL)))
            .build()) {
      assertThat(c.send(getCall(c, "/missing")).status()).isEqualTo(404);
      assertThatThrownBy(() -> c.send(getCall(c, "/busy")))
          .hasMessageContaining("HTTP 409 after 2 attempts");
      assertThatThrownBy(() -> c.send(getCall(c, "/broken")))
          .hasMessageContaining("HTTP 500 after 1 attempt; not retried");
    }
    server.verify(2, getRequestedFor(urlPathEqualTo("/api/busy")));
    server.verify(1, getRequestedFor(urlPathEqualTo("/api/broken")));
  }

  @Test
  void clientErrorsFailWithoutRetry() {
    server.stubFor(get("/api/orders").willReturn(aResponse().withStatus(400)));
    try (Connector c = builder().build()) {
      assertThatThrownBy(() -> c.send(getCall(c, "/orders")))
          .isInstanceOfSatisfying(
              ConnectorException.class, e -> assertThat(e.retriable()).isFalse());
    }
    server.verify(1, getRequestedFor(urlPathEqualTo("/api/orders")));
  }

  @Test
  void serverRateLimitHeadersHoldTheNextCallUntilReset() {
    server.stubFor(
        get("/api/orders")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("X-RateLimit-Reset", "12")
                    .withBody("[]")));
    try (Connector c = builder().build()) {
      c.send(getCall(c, "/orders"));
      assertThat(sleeper.waits()).isEmpty();
      c.send(getCall(c, "/orders"));
    }
    assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void ietfRateLimitHeadersAreFollowedToo() {
    server.stubFor(
        get("/api/orders")
            .willReturn(
                aResponse()
                    .withHeader("RateLimit-Remaining", "0")
                    .withHeader("RateLimit-Reset", "3")
                    .withBody("[]")));
    try (Connector c = builder().build()) {
      c.send(getCall(c, "/orders"));
      c.send(getCall(c, "/orders"));
    }
    assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void ownRateLimitSpacesCalls() {
    server.stubFor(get("/api/orders").willReturn(aResponse().withBody("[]")));
    try (Connector c = builder().rateLimit(new RateLimitConfig(4, true)).build()) {
      for (int i = 0; i < 3; i++) c.send(getCall(c, "/orders"));
    }
    assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
  }

  @Test
  void maxConcurrencyBoundsCallsInFlight() throws Exception {
    server.stubFor(get("/api/orders").willReturn(aResponse().withFixedDelay(50).withBody("[]")));
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    Interceptor gauge =
        chain -> {
          peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try {
            return chain.proceed(chain.call());
          } finally {
            inFlight.decrementAndGet();
          }
        };
    try (Connector c = builder().maxConcurrency(3).interceptor(gauge).build();
        var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<Response>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 20; i++)
        futures.add(executor.submit(() -> c.send(getCall(c, "/orders"))));
      for (var f : futures) assertThat(f.get().status()).isEqualTo(200);
    }
    assertThat(peak.get()).isEqualTo(3);
  }

  @Test
  void redirectOnTheSameOriginIsFollowed() {
    server.stubFor(
        get("/api/old").willReturn(aResponse().withStatus(301).withHeader("Location", "/api/new")));
    server.stubFor(get("/api/new").willReturn(aResponse().withBody("[42]")));
    try (Connector c = builder().build()) {
      Response r = c.send(getCall(c, "/old"));
      assertThat(r.bodyText()).isEqualTo("[42]");
      assertThat(r.uri().getPath()).isEqualTo("/api/new");
    }
  }

  @Test
  void redirectToAnotherHostIsNotFollowed() {
    server.stubFor(
        get("/api/orders")
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader("Location", "http://localhost:" + server.port() + "/steal")));
    server.stubFor(get("/steal").willReturn(aResponse().withBody("[]")));
    try (Connector c = builder().build()) {
      assertThatThrownBy(() -> c.send(getCall(c, "/orders")))
          .isInstanceOfSatisfying(
              ConnectorException.class, e -> assertThat(e.retriable()).isFalse())
          .hasMessageContaining(
              "redirect to another host (http://localhost:" + server.port() + ") not followed");
    }
    server.verify(0, getRequestedFor(urlPathEqualTo("/steal")));
  }

  @Test
  void callsToAnotherOriginAreRefused() {
    try (Connector c = builder().build()) {
      Call foreign = Call.get(URI.create("http://localhost:" + server.port() + "/api/orders"));
      assertThatThrownBy(() -> c.send(foreign))
          .hasMessageContaining("not on the connection's origin");
    }
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void auditLogGetsOneOutboundEntryPerCall() {
    server.stubFor(get(urlPathEqualTo("/api/orders")).willReturn(aResponse().withBody("[1,2]")));
    try (AuditLog log = AuditLog.inMemory(10);
        Connector c =
            Connector.builder("erp", base()).observer(CallObserver.auditTo(log)).build()) {
      c.send(Call.get(c.resolve("/orders?token=abc&x=1")).withCorrelationId("run-9"));
      List<AuditEntry> entries = log.recent(10);
      assertThat(entries)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.direction()).isEqualTo(AuditEntry.Direction.OUTBOUND);
                assertThat(e.principal()).isEqualTo("erp");
                assertThat(e.method()).isEqualTo("GET");
                assertThat(e.target()).isEqualTo(base() + "/orders?token=***&x=1");
                assertThat(e.status()).isEqualTo(200);
                assertThat(e.attempts()).isEqualTo(1);
                assertThat(e.bytes()).isEqualTo(5);
                assertThat(e.correlationId()).isEqualTo("run-9");
              });
    }
  }
}
