package dev.junction.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.config.SecretResolver;
import dev.junction.connect.Connector;
import dev.junction.connect.RecordingSleeper;
import dev.junction.erp.Auth;
import dev.junction.erp.Endpoint;
import dev.junction.erp.Fault;
import dev.junction.erp.SampleErp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matrix against the sample ERP: every pagination style × every auth style fetches every
 * customer exactly once, in order; and the faults (429 with Retry-After, 503 given up, malformed
 * JSON, timeouts) are handled or reported clearly.
 */
class PaginationAuthFaultIT {
  private static final int CUSTOMERS = 23;
  private static final SecretResolver SECRETS =
      SecretResolver.of(
          Map.of("ERP_PW", "pw-1", "ERP_TOKEN", "tok-1", "ERP_KEY", "key-1", "ERP_CS", "cs-1"));

  enum AuthStyle {
    NONE("{ type: none }"),
    BASIC("{ type: basic, username: svc, password: \"${env:ERP_PW}\" }"),
    BEARER("{ type: bearer, token: \"${env:ERP_TOKEN}\" }"),
    API_KEY("{ type: apiKey, name: X-API-Key, in: header, value: \"${env:ERP_KEY}\" }"),
    OAUTH2(
        "{ type: oauth2, tokenUrl: \"%s/oauth/token\", clientId: junction, clientSecret: \"${env:ERP_CS}\" }");

    final String yaml;

    AuthStyle(String yaml) {
      this.yaml = yaml;
    }

    Auth erpAuth() {
      return switch (this) {
        case NONE -> Auth.none();
        case BASIC -> Auth.basic("svc", "pw-1");
        case BEARER -> Auth.bearer("tok-1");
        case API_KEY -> Auth.apiKey("X-API-Key", "key-1");
        case OAUTH2 -> Auth.oauth2("junction", "cs-1", Duration.ofMinutes(10));
      };
    }
  }

  enum Style {
    ODATA("customers?paging=odata&$top=5", "value", "{ type: odataNextLink }"),
    OFFSET(
        "customers?paging=offset",
        "data",
        "{ type: offset, offsetParam: offset, limitParam: limit, pageSize: 5 }"),
    PAGE(
        "customers?paging=page",
        "customers",
        "{ type: page, pageParam: page, sizeParam: pageSize, pageSize: 5 }"),
    CURSOR(
        "customers?paging=cursor",
        "result.items",
        "{ type: cursor, cursorParam: cursor, nextCursorPath: result.nextCursor, sizeParam: limit, pageSize: 5 }"),
    LINK("customers?paging=link&limit=5", "", "{ type: linkHeader }");

    final String path;
    final String dataPath;
    final String pagination;

    Style(String path, String dataPath, String pagination) {
      this.path = path;
      this.dataPath = dataPath;
      this.pagination = pagination;
    }
  }

  private static final Map<AuthStyle, SampleErp> ERPS = new EnumMap<>(AuthStyle.class);

  private static SampleErp erp(AuthStyle auth) {
    return ERPS.computeIfAbsent(
        auth,
        a ->
            SampleErp.builder()
                .port(0)
                .seed(3)
                .customers(CUSTOMERS)
                .orders(1)
                .auth(a.erpAuth())
                .start());
  }

  @AfterAll
  static void stopErps() {
    ERPS.values().forEach(SampleErp::close);
  }

  @AfterEach
  void clearFaults() {
    ERPS.values().forEach(e -> e.faults().clearAll());
  }

  private static String yaml(SampleErp erp, AuthStyle auth, Style style, String connectionExtra) {
    return """
        connections:
          - name: erp
            baseUrl: %s/api
            auth: %s
        %s
        integrations:
          - name: customers
            sortingOrder: 10
            connection: erp
            endpoint:
              path: "%s"
              dataPath: "%s"
              pagination: %s
        """
        .formatted(
            erp.baseUrl(),
            auth.yaml.formatted(erp.baseUrl()),
            connectionExtra.indent(4).stripTrailing(),
            style.path,
            style.dataPath,
            style.pagination);
  }

  static Stream<Arguments> matrix() {
    List<Arguments> all = new ArrayList<>();
    for (Style s : Style.values())
      for (AuthStyle a : AuthStyle.values()) all.add(Arguments.of(s, a));
    return all.stream();
  }

  @ParameterizedTest(name = "{0} × {1}")
  @MethodSource("matrix")
  void everyCustomerOnceInOrder(Style style, AuthStyle auth) {
    SampleErp erp = erp(auth);
    RowCollector rows = new RowCollector();
    Run run;
    JunctionConfig config = ConfigLoader.parse("t.yaml", yaml(erp, auth, style, ""), SECRETS);
    try (Runner runner = Runner.builder(config).secrets(SECRETS).build()) {
      run = runner.run("customers", "r", rows);
    }
    assertThat(run.errors()).isEmpty();
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    List<String> ids = rows.rows.stream().map(r -> r.data().get("id").asString()).toList();
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= CUSTOMERS; i++) expected.add("C%06d".formatted(i));
    assertThat(ids).containsExactlyElementsOf(expected);
    assertThat(run.calls()).isEqualTo(5); // 23 rows in pages of 5
  }

  private Run runWithFault(
      AuthStyle auth, Fault fault, String connectionExtra, RecordingSleeper sleeper) {
    SampleErp erp = erp(auth);
    erp.faults().set(Endpoint.CUSTOMERS, fault);
    JunctionConfig config =
        ConfigLoader.parse("t.yaml", yaml(erp, auth, Style.OFFSET, connectionExtra), SECRETS);
    try (Runner runner =
        Runner.builder(config)
            .connectorFactory(cc -> Connector.builder(cc).secrets(SECRETS).sleeper(sleeper).build())
            .build()) {
      return runner.run("customers");
    }
  }

  @ParameterizedTest
  @EnumSource(AuthStyle.class)
  void tooManyRequestsWaitsRetryAfterAndStillFetchesEverything(AuthStyle auth) {
    RecordingSleeper sleeper = new RecordingSleeper(null);
    long before = erp(auth).stats().count(Endpoint.CUSTOMERS, 429);
    Run run =
        runWithFault(
            auth,
            Fault.none().withThrottling(0.4, Duration.ofSeconds(2)),
            "retry: { maxAttempts: 30, initialBackoff: 10ms }",
            sleeper);
    long throttled = erp(auth).stats().count(Endpoint.CUSTOMERS, 429) - before;
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.rows()).isEqualTo(CUSTOMERS);
    assertThat(sleeper.waits())
        .hasSize((int) throttled)
        .allSatisfy(w -> assertThat(w).isEqualTo(Duration.ofSeconds(2)));
  }

  @ParameterizedTest
  @EnumSource(AuthStyle.class)
  void serviceUnavailableIsRetriedThenGivenUpWithAClearError(AuthStyle auth) {
    Run run =
        runWithFault(
            auth,
            Fault.none().withUnavailable(1.0),
            "retry: { maxAttempts: 3, initialBackoff: 10ms }",
            new RecordingSleeper(null));
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errors())
        .containsExactly(
            "Connection 'erp' GET /api/customers page 1: HTTP 503 after 3 attempts; run stopped");
    assertThat(run.attempts()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(AuthStyle.class)
  void malformedJsonIsReported(AuthStyle auth) {
    Run run =
        runWithFault(auth, Fault.none().withMalformedJson(1.0), "", new RecordingSleeper(null));
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errors().getFirst())
        .startsWith("Connection 'erp' GET /api/customers page 1: the response is not valid JSON (")
        .contains("at line 1, column");
  }

  @ParameterizedTest
  @EnumSource(AuthStyle.class)
  void timeoutsAreRetriedThenReported(AuthStyle auth) {
    Run run =
        runWithFault(
            auth,
            Fault.none().withHangs(1.0),
            "requestTimeout: 300ms\nretry: { maxAttempts: 2, initialBackoff: 10ms }",
            new RecordingSleeper(null));
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.errors())
        .containsExactly(
            "Connection 'erp' GET /api/customers page 1: timed out after 300 ms after 2 attempts; run stopped");
  }
}
