package dev.junction.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.ChainingConfig.OnChildError;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.connect.CallRecord;
import dev.junction.connect.Connector;
import dev.junction.connect.RecordingSleeper;
import dev.junction.erp.Endpoint;
import dev.junction.erp.Fault;
import dev.junction.erp.SampleErp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Endpoint chaining (orders → lines) against the sample ERP. */
class ChainingIT {
  private static final int ORDERS = 40;
  private static SampleErp erp;
  private final List<CallRecord> calls = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startErp() {
    erp = SampleErp.builder().port(0).seed(7).customers(10).orders(ORDERS).start();
  }

  @AfterAll
  static void stopErp() {
    erp.close();
  }

  @AfterEach
  void reset() {
    erp.faults().clearAll();
    erp.stats().reset();
  }

  static String config(URI base, String linesExtra) {
    return """
        connections:
          - name: erp
            baseUrl: %s/api
            maxConcurrency: 8
            retry: { maxAttempts: 2, initialBackoff: 10ms }
        integrations:
          - name: orders
            sortingOrder: 20
            connection: erp
            endpoint:
              path: orders
              dataPath: result.items
              pagination: { type: cursor, cursorParam: cursor, nextCursorPath: result.nextCursor, sizeParam: limit, pageSize: 7 }
          - name: order-lines
            sortingOrder: 21
            connection: erp
            endpoint:
              dataPath: ""
              pagination: { type: linkHeader }
            chaining:
              parentEndpointSortOrder: 20
              parentKeyJsonPath: id
              childUrlTemplate: orders/{{parent.id}}/lines?limit=2
              chainOrder: 1
        %s
        """
        .formatted(base, linesExtra.indent(4));
  }

  private Runner runner(JunctionConfig config) {
    return Runner.builder(config)
        .connectorFactory(
            cc ->
                Connector.builder(cc)
                    .sleeper(new RecordingSleeper(null))
                    .observer(calls::add)
                    .build())
        .build();
  }

  private static JunctionConfig parse(String yaml) {
    return ConfigLoader.parse("test.yaml", yaml);
  }

  /** The oracle: every order's lines, straight from the ERP. */
  private static List<String> expectedLineKeys(String orderId) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(erp.baseUrl() + "/api/orders/" + orderId + "/lines?limit=1000"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      List<String> keys = new ArrayList<>();
      for (JsonNode line : JsonMapper.builder().build().readTree(r.body())) {
        keys.add(line.get("orderId").asString() + "/" + line.get("lineNo").asString());
      }
      return keys;
    }
  }

  @Test
  void eachOrderIsImmediatelyFollowedByItsLinesInOrderWhileCallsRunConcurrently() throws Exception {
    erp.faults()
        .set(
            Endpoint.ORDER_LINES,
            Fault.none().withLatency(Duration.ofMillis(2)).withJitter(Duration.ofMillis(25)));
    RowCollector rows = new RowCollector();
    Run run;
    try (Runner runner = runner(parse(config(erp.baseUrl(), "")))) {
      run = runner.run("orders", "run-chain", rows);
    }
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    String parent = null;
    for (Row row : rows.rows) {
      if (row.depth() == 0) {
        parent = row.data().get("id").asString();
        actual.add("order " + parent);
        expected.add("order " + parent);
        for (String k : expectedLineKeys(parent)) expected.add("line " + k);
      } else {
        assertThat(row.integration()).isEqualTo("order-lines");
        assertThat(row.parentKey().asString()).isEqualTo(parent);
        actual.add(
            "line "
                + row.data().get("orderId").asString()
                + "/"
                + row.data().get("lineNo").asString());
      }
    }
    assertThat(actual).containsExactlyElementsOf(expected);
    assertThat(rows.rows.stream().filter(r -> r.depth() == 0)).hasSize(ORDERS);
    assertThat(calls).allSatisfy(c -> assertThat(c.correlationId()).isEqualTo("run-chain"));
  }

  @Test
  void maxChildCallsStopsCallingTheChildAndWarnsOnce() {
    String yaml =
        config(erp.baseUrl(), "")
            .replace("chainOrder: 1", "chainOrder: 1\n      maxChildCalls: 5")
            .replace("lines?limit=2", "lines?limit=1000");
    RowCollector rows = new RowCollector();
    Run run;
    try (Runner runner = runner(parse(yaml))) {
      run = runner.run("orders", "r", rows);
    }
    assertThat(erp.stats().count(Endpoint.ORDER_LINES)).isEqualTo(5);
    assertThat(run.warnings())
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .startsWith("Maximum child calls reached")
                    .contains("'order-lines'")
                    .contains("5"));
    assertThat(rows.rows.stream().filter(r -> r.depth() == 0)).hasSize(ORDERS);
    List<Row> firstFive = new ArrayList<>();
    for (Row r : rows.rows) if (r.depth() == 1) firstFive.add(r);
    assertThat(firstFive.stream().map(r -> r.parentKey().asString()).distinct()).hasSize(5);
    assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
  }

  @Test
  void failingChildCallsAreWarnedAndTheRunContinuesByDefault() {
    erp.faults().set(Endpoint.ORDER_LINES, Fault.none().withUnavailable(1.0));
    RowCollector rows = new RowCollector();
    Run run;
    try (Runner runner = runner(parse(config(erp.baseUrl(), "")))) {
      run = runner.run("orders", "r", rows);
    }
    assertThat(run.status()).isEqualTo(RunStatus.PARTIAL);
    assertThat(rows.rows).hasSize(ORDERS).allSatisfy(r -> assertThat(r.depth()).isZero());
    assertThat(run.warningCount()).isEqualTo(ORDERS);
    assertThat(run.warnings().getFirst())
        .matches(
            "Connection 'erp' GET /api/orders/SO\\d+/lines page 1: HTTP 503 after 2 attempts; run continues with next parent");
    assertThat(calls.stream().filter(CallRecord::failed)).hasSize(ORDERS);
    assertThat(erp.stats().count(Endpoint.ORDER_LINES, 503)).isEqualTo(2L * ORDERS);
  }

  @Test
  void stopPolicyEndsTheRunAtTheFirstFailedParent() {
    erp.faults().set(Endpoint.ORDER_LINES, Fault.none().withUnavailable(1.0));
    String yaml =
        config(erp.baseUrl(), "")
            .replace("chainOrder: 1", "chainOrder: 1\n      onChildError: stop");
    RowCollector rows = new RowCollector();
    Run run;
    try (Runner runner = runner(parse(yaml))) {
      run = runner.run("orders", "r", rows);
    }
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(rows.rows).isEmpty(); // the failed parent is not emitted either
    assertThat(run.errors())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .contains("HTTP 503 after 2 attempts")
                    .endsWith("run stopped (error policy stop of child endpoint 'order-lines')"));
  }

  @Test
  void onChildFetchErrorHookDecides() {
    erp.faults().set(Endpoint.ORDER_LINES, Fault.none().withUnavailable(1.0));
    AtomicInteger seen = new AtomicInteger();
    Run run;
    try (Runner runner =
        Runner.builder(parse(config(erp.baseUrl(), "")))
            .connectorFactory(
                cc -> Connector.builder(cc).sleeper(new RecordingSleeper(null)).build())
            .onChildFetchError(
                e -> {
                  assertThat(e.configuredPolicy()).isEqualTo(OnChildError.CONTINUE);
                  assertThat(e.childEndpoint()).isEqualTo("order-lines");
                  return seen.incrementAndGet() < 3 ? OnChildError.CONTINUE : OnChildError.STOP;
                })
            .window(1)
            .build()) {
      run = runner.run("orders");
    }
    assertThat(run.status()).isEqualTo(RunStatus.FAILED);
    assertThat(run.warningCount()).isEqualTo(2);
    assertThat(run.rows()).isEqualTo(2);
  }

  @Test
  void runningAChildDirectlyIsRefused() {
    try (Runner runner = runner(parse(config(erp.baseUrl(), "")))) {
      assertThatThrownBy(() -> runner.run("order-lines"))
          .isInstanceOf(PipelineException.class)
          .hasMessageStartingWith(
              "This endpoint is configured as a child endpoint and cannot be run directly")
          .hasMessageContaining("'order-lines' (sorting order 21) is a child of 'orders'");
    }
    assertThat(erp.stats().total()).isZero();
  }

  @Test
  void missingPlaceholderPathIsNamedWithTheParentRecord() {
    String yaml = config(erp.baseUrl(), "").replace("{{parent.id}}", "{{parent.customer.no}}");
    Run run;
    try (Runner runner = runner(parse(yaml))) {
      run = runner.run("orders");
    }
    // child fetches run concurrently, so warnings arrive in any order: one per parent
    assertThat(run.warnings())
        .hasSize(ORDERS)
        .allSatisfy(
            w -> assertThat(w).startsWith("Cannot resolve placeholder {{parent.customer.no}}"))
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains(
                        "path 'customer.no' is absent from parent record {\"id\":\"SO00000001\""));
    assertThat(erp.stats().count(Endpoint.ORDER_LINES)).isZero();
  }

  @Test
  void aRunCalledFromAPlatformThreadExecutesOnAVirtualThread() {
    assertThat(Thread.currentThread().isVirtual()).isFalse();
    List<Boolean> virtual = new CopyOnWriteArrayList<>();
    Run run;
    try (Runner runner = runner(parse(config(erp.baseUrl(), "")))) {
      run =
          runner.run(
              "orders",
              "r",
              new RunListener() {
                @Override
                public void row(Row row) {
                  virtual.add(Thread.currentThread().isVirtual());
                }
              });
    }
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(virtual).hasSizeGreaterThan(ORDERS).containsOnly(true);
  }

  @Test
  void interruptingTheCallerStopsTheRunWhichStillReportsAndKeepsTheInterrupt() throws Exception {
    erp.faults().set(Endpoint.ORDER_LINES, Fault.none().withLatency(Duration.ofSeconds(2)));
    java.util.concurrent.CountDownLatch firstCall = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<Run> result =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean interruptKept =
        new java.util.concurrent.atomic.AtomicBoolean();
    try (Runner runner =
        Runner.builder(parse(config(erp.baseUrl(), "")))
            .connectorFactory(
                cc ->
                    Connector.builder(cc)
                        .sleeper(new RecordingSleeper(null))
                        .observer(c -> firstCall.countDown())
                        .build())
            .build()) {
      Thread caller =
          Thread.ofPlatform()
              .start(
                  () -> {
                    result.set(runner.run("orders", "r", new RowCollector()));
                    interruptKept.set(Thread.currentThread().isInterrupted());
                  });
      assertThat(firstCall.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      caller.interrupt();
      caller.join(Duration.ofSeconds(30));
      assertThat(caller.isAlive()).isFalse();
    }
    assertThat(result.get().status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.get().errors()).anySatisfy(e -> assertThat(e).contains("interrupted"));
    assertThat(interruptKept).isTrue();
  }
}
