package dev.junction.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.erp.SampleErp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Data aggregation (customers + balances, customers + contracts) against the sample ERP. */
class AggregationIT {
  private static final int CUSTOMERS = 25;
  private static SampleErp erp;

  @BeforeAll
  static void startErp() {
    erp = SampleErp.builder().port(0).seed(11).customers(CUSTOMERS).orders(5).contracts(30).start();
  }

  @AfterAll
  static void stopErp() {
    erp.close();
  }

  private static String yaml(String join, String secondSource) {
    return """
        connections:
          - name: erp
            baseUrl: %s/api
        integrations:
          - name: customers
            sortingOrder: 10
            connection: erp
            endpoint:
              path: customers
              dataPath: data
              pagination: { type: offset, pageSize: 7 }
            aggregation:
              - sourceEndpointSortingOrder: 11
                joinType: %s
                primaryKeyJsonPath: id
                foreignKeyJsonPath: customerId
                fetchOrder: 1
        %s
          - name: customer-balances
            sortingOrder: 11
            connection: erp
            endpoint:
              path: balances
              dataPath: balances
              pagination: { type: page, pageParam: page, sizeParam: pageSize, pageSize: 6 }
          - name: contracts
            sortingOrder: 12
            connection: erp
            endpoint:
              path: contracts?limit=4
              pagination: { type: linkHeader }
        """
        .formatted(erp.baseUrl(), join, secondSource.indent(6).stripTrailing());
  }

  private static List<Row> run(String yaml) {
    RowCollector rows = new RowCollector();
    JunctionConfig config = ConfigLoader.parse("t.yaml", yaml);
    try (Runner runner = Runner.builder(config).build()) {
      Run run = runner.run("customers", "r", rows);
      assertThat(run.errors()).isEmpty();
    }
    return rows.rows;
  }

  private static JsonNode get(String path) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      String body =
          http.send(
                  HttpRequest.newBuilder(URI.create(erp.baseUrl() + path)).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return JsonMapper.builder().build().readTree(body);
    }
  }

  @Test
  void leftJoinKeepsEveryCustomerAndMergesItsBalanceWithMergedPrefixOnConflicts() throws Exception {
    List<Row> rows = run(yaml("left", ""));
    assertThat(rows).hasSize(CUSTOMERS);
    JsonNode balances = get("/api/balances?pageSize=1000").get("balances");
    Map<String, JsonNode> byCustomer = new LinkedHashMap<>();
    for (JsonNode b : balances) byCustomer.put(b.get("customerId").asString(), b);
    for (Row row : rows) {
      JsonNode b = byCustomer.get(row.data().get("id").asString());
      assertThat(b).isNotNull();
      assertThat(row.data().get("balance")).isEqualTo(b.get("balance"));
      assertThat(row.data().get("customerId")).isEqualTo(b.get("customerId"));
      // both have currency and lastModified: the balance's copies are added as _merged_<name>
      assertThat(row.data().has("currency")).isTrue();
      assertThat(row.data().get("_merged_currency")).isEqualTo(b.get("currency"));
      assertThat(row.data().get("_merged_lastModified")).isEqualTo(b.get("lastModified"));
    }
  }

  @Test
  void sourceReadAsTreesMergesTheSameAsSourceReadByTheStreamingReader() {
    // Cursor pagination needs each page's root, so the source's pages are read as trees and each
    // record written back to bytes; page-number pages are read by the streaming reader.
    String pages = yaml("left", "");
    String cursor =
        pages
            .replace("path: balances\n", "path: balances?paging=cursor\n")
            .replace("dataPath: balances", "dataPath: result.items")
            .replace(
                "{ type: page, pageParam: page, sizeParam: pageSize, pageSize: 6 }",
                "{ type: cursor, nextCursorPath: result.nextCursor, sizeParam: limit, pageSize: 6"
                    + " }");
    assertThat(cursor).isNotEqualTo(pages);
    List<Row> viaTrees = run(cursor);
    List<Row> viaScanner = run(pages);
    assertThat(viaTrees).hasSize(CUSTOMERS);
    assertThat(viaTrees.stream().map(r -> r.data().toString()).toList())
        .isEqualTo(viaScanner.stream().map(r -> r.data().toString()).toList());
    assertThat(viaTrees.getFirst().data().has("_merged_currency")).isTrue();
  }

  @Test
  void innerJoinDropsCustomersWithoutAContractAndMergesTheFirstContractPerKey() throws Exception {
    String yaml =
        yaml("left", "")
            .replace(
                "        fetchOrder: 1\n",
                """
                        fetchOrder: 1
                      - sourceEndpointSortingOrder: 12
                        joinType: inner
                        primaryKeyJsonPath: id
                        foreignKeyJsonPath: customerId
                        fetchOrder: 2
                """);
    Map<String, List<String>> contractsByCustomer = new LinkedHashMap<>();
    for (JsonNode c : get("/api/contracts?limit=1000")) {
      contractsByCustomer
          .computeIfAbsent(c.get("customerId").asString(), k -> new ArrayList<>())
          .add(c.get("id").asString());
    }
    RowCollector rows = new RowCollector();
    Run run;
    try (Runner runner = Runner.builder(ConfigLoader.parse("t.yaml", yaml)).build()) {
      run = runner.run("customers", "r", rows);
    }
    assertThat(rows.rows.stream().map(r -> r.data().get("id").asString()).toList())
        .containsExactlyInAnyOrderElementsOf(contractsByCustomer.keySet())
        .hasSizeLessThan(CUSTOMERS);
    for (Row row : rows.rows) {
      String first = contractsByCustomer.get(row.data().get("id").asString()).getFirst();
      // the contract's id conflicts with the customer's id (and balance's _merged_ fields exist)
      assertThat(row.data().get("_merged_id").asString()).isEqualTo(first);
      assertThat(row.data().has("balance")).isTrue(); // fetch order 1 merged before 2
    }
    long extra = contractsByCustomer.values().stream().mapToLong(l -> l.size() - 1).sum();
    assertThat(extra).isPositive();
    assertThat(run.warnings())
        .singleElement()
        .satisfies(
            w -> assertThat(w).contains("'contracts'").contains("has " + extra + " extra records"));
  }

  @Test
  void sourceNamingThePrimaryItselfIsRefused() {
    String yaml =
        yaml("left", "")
            .replace("sourceEndpointSortingOrder: 11", "sourceEndpointSortingOrder: 10");
    assertThatThrownBy(
            () -> {
              JunctionConfig config = dev.junction.config.ConfigLoader.parse("t.yaml", yaml);
              try (Runner runner = Runner.builder(config).build()) {
                runner.run("customers");
              }
            })
        .hasMessageContaining("Cannot reference the same integration as the primary endpoint");
  }
}
