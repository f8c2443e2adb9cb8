package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.ConfigException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Config rules of issue 4: endpoints, chaining, aggregation, mappings, schedules. */
class IntegrationRulesTest {

  private static final String BASE =
      """
      connections:
        - name: erp
          baseUrl: http://127.0.0.1:8089/api/
      entities:
        - name: SalesOrder
          key: [number]
          fields:
            - {name: number, type: string}
            - {name: total, type: decimal, precision: 10, scale: 2}
            - {name: orderDate, type: date}
      integrations:
        - {name: orders, sortingOrder: 20, connection: erp, endpoint: {path: orders}}
      """;

  @Test
  void bindsEveryPaginationStyleAndAuthStyle() {
    JunctionConfig c =
        ConfigLoader.parse(
            "junction.yaml",
            """
            connections:
              - name: a
                baseUrl: https://a.example/
                auth:
                  type: oauth2
                  tokenUrl: https://a.example/token
                  clientId: junction
                  clientSecret: ${env:A_SECRET}
                  scope: read
              - name: b
                baseUrl: https://b.example/
                auth: {type: basic, username: svc, password: "${file:/run/secrets/b}"}
            integrations:
              - {name: p1, sortingOrder: 1, connection: a, endpoint: {path: x, pagination: {type: odataNextLink}}}
              - {name: p2, sortingOrder: 2, connection: a, endpoint: {path: x, pagination: {type: offset, pageSize: 50}}}
              - {name: p3, sortingOrder: 3, connection: a, endpoint: {path: x, pagination: {type: cursor, nextCursorPath: next}}}
              - {name: p4, sortingOrder: 4, connection: b, endpoint: {path: x, pagination: {type: linkHeader, maxPages: 7}}}
            """);
    assertThat(c.connections().get(0).auth())
        .isEqualTo(
            new AuthConfig.OAuth2ClientCredentials(
                URI.create("https://a.example/token"),
                "junction",
                SecretRef.env("A_SECRET"),
                "read",
                Duration.ofSeconds(60)));
    assertThat(c.connections().get(1).auth())
        .isEqualTo(new AuthConfig.Basic("svc", SecretRef.file("/run/secrets/b")));
    assertThat(c.integrations())
        .extracting(i -> i.endpoint().pagination())
        .containsExactly(
            new PaginationConfig.ODataNextLink("@odata.nextLink", 10_000),
            new PaginationConfig.Offset("offset", "limit", 50, 10_000, true),
            new PaginationConfig.Cursor("cursor", "next", null, 100, 10_000),
            new PaginationConfig.LinkHeader("next", 7));
  }

  @Test
  void bindsChainingAndAggregationWithTheSeedsNames() {
    JunctionConfig c =
        ConfigLoader.parse(
            "junction.yaml",
            BASE
                + """
                  - name: lines
                    sortingOrder: 21
                    connection: erp
                    chaining:
                      parentEndpointSortOrder: 20
                      parentKeyJsonPath: number
                      childUrlTemplate: orders/{{parent.number}}/lines?expand={{ parent.kind }}
                      chainOrder: 2
                      onChildError: stop
                  - name: stock
                    sortingOrder: 30
                    connection: erp
                    endpoint: {path: stock}
                    aggregation:
                      - {sourceEndpointSortingOrder: 20, joinType: inner, primaryKeyJsonPath: sku, foreignKeyJsonPath: $.item.sku, fetchOrder: 2}
                """);
    ChainingConfig ch = c.integration("lines").orElseThrow().chaining();
    assertThat(ch)
        .isEqualTo(
            new ChainingConfig(
                20,
                "number",
                "orders/{{parent.number}}/lines?expand={{ parent.kind }}",
                2,
                500,
                ChainingConfig.OnChildError.STOP));
    assertThat(ch.placeholders()).containsExactly("parent.number", "parent.kind");
    assertThat(c.integration("stock").orElseThrow().aggregation())
        .containsExactly(
            new AggregationSource(20, AggregationSource.JoinType.INNER, "sku", "$.item.sku", 2));
  }

  @Test
  void refusesAChildEndpointWithItsOwnPathOrSchedule() {
    assertErrors(
        BASE
            + """
              - name: lines
                sortingOrder: 21
                connection: erp
                endpoint: {path: lines}
                schedule: {interval: 5m}
                chaining: {parentEndpointSortOrder: 20, parentKeyJsonPath: number, childUrlTemplate: "o/{{parent.number}}"}
            """,
        "junction.yaml:16:22 integrations[1].endpoint.path: a child endpoint takes its URL from"
            + " chaining.childUrlTemplate; remove endpoint.path",
        "junction.yaml:17:15 integrations[1].schedule: a child endpoint runs under its parent and"
            + " cannot have a schedule");
  }

  @Test
  void requiresTheChildKeysOfAChildEndpoint() {
    assertErrors(
        BASE
            + """
              - name: lines
                sortingOrder: 21
                connection: erp
                chaining: {parentEndpointSortOrder: 20}
            """,
        "junction.yaml:16:15 integrations[1].chaining: missing required key 'parentKeyJsonPath' (a"
            + " child endpoint needs one)",
        "junction.yaml:16:15 integrations[1].chaining: missing required key 'childUrlTemplate' (a"
            + " child endpoint needs one)");
  }

  @Test
  void refusesChildKeysOnARootEndpoint() {
    assertErrors(
        BASE
            + """
              - name: more
                sortingOrder: 21
                connection: erp
                endpoint: {path: more}
                chaining: {childUrlTemplate: "x/{{parent.id}}"}
            """,
        "junction.yaml:17:34 integrations[1].chaining.childUrlTemplate: only a child endpoint"
            + " (parentEndpointSortOrder > 0) has a childUrlTemplate");
  }

  @Test
  void refusesAParentChainThatLoops() {
    assertErrors(
        BASE
            + """
              - {name: a, sortingOrder: 21, connection: erp, chaining: {parentEndpointSortOrder: 22, parentKeyJsonPath: id, childUrlTemplate: "a/{{parent.id}}"}}
              - {name: b, sortingOrder: 22, connection: erp, chaining: {parentEndpointSortOrder: 21, parentKeyJsonPath: id, childUrlTemplate: "b/{{parent.id}}"}}
            """,
        "junction.yaml:13:86 integrations[1].chaining.parentEndpointSortOrder: the parent chain"
            + " loops: 21 -> 22 -> 21",
        "junction.yaml:14:86 integrations[2].chaining.parentEndpointSortOrder: the parent chain"
            + " loops: 22 -> 21 -> 22");
  }

  @Test
  void refusesAChildEndpointAsAggregationSource() {
    assertErrors(
        BASE
            + """
              - {name: lines, sortingOrder: 21, connection: erp, chaining: {parentEndpointSortOrder: 20, parentKeyJsonPath: id, childUrlTemplate: "l/{{parent.id}}"}}
              - name: stock
                sortingOrder: 30
                connection: erp
                endpoint: {path: stock}
                aggregation:
                  - {sourceEndpointSortingOrder: 21, primaryKeyJsonPath: id, foreignKeyJsonPath: id}
            """,
        "junction.yaml:19:38 integrations[2].aggregation[0].sourceEndpointSortingOrder:"
            + " integration 'lines' (21) is a child endpoint; a source must be a REST integration"
            + " with its own endpoint");
  }

  @Test
  void refusesMappingRowsOfAnEndpointThatIsNoChild() {
    assertErrors(
        BASE
            + """
              - name: other
                sortingOrder: 30
                connection: erp
                endpoint: {path: other}
                mappings:
                  - entity: SalesOrder
                    rows: child 20
                    fields: [{field: number, source: id}]
            """,
        "junction.yaml:19:15 integrations[1].mappings[0].rows: no child endpoint of 'other' has"
            + " sortingOrder 20");
  }

  @Test
  void checksFieldMappingSourcesConstantsAndFormats() {
    assertErrors(
        BASE
            + """
              - name: other
                sortingOrder: 30
                connection: erp
                endpoint: {path: other}
                mappings:
                  - entity: SalesOrder
                    rows: parnet
                    fields:
                      - {field: number, source: id, constant: "1"}
                      - {field: total, constant: "12.5x"}
                      - {field: orderDate, source: "a..b", format: "dd.MM.yyyy"}
            """,
        "junction.yaml:19:15 integrations[1].mappings[0].rows: expected 'parent' or 'child"
            + " <sortingOrder>', got 'parnet'",
        "junction.yaml:21:13 integrations[1].mappings[0].fields[0]: give either source or"
            + " constant, not both",
        "junction.yaml:22:38 integrations[1].mappings[0].fields[1].constant: constant '12.5x' is"
            + " not a valid decimal for field 'total'",
        "junction.yaml:23:40 integrations[1].mappings[0].fields[2].source: bad JSON path 'a..b';"
            + " use dotted names with optional [n] indexes, e.g. result.items or $.lines[0].sku");
  }

  @Test
  void checksSchedules() {
    assertErrors(
        BASE
            + """
              - {name: a, sortingOrder: 31, connection: erp, endpoint: {path: a}, schedule: {cron: "0 * * *"}}
              - {name: b, sortingOrder: 32, connection: erp, endpoint: {path: b}, schedule: {cron: "0 * * * *", interval: 5m}}
              - {name: c, sortingOrder: 33, connection: erp, endpoint: {path: c}, schedule: {interval: 0s}}
              - {name: d, sortingOrder: 34, connection: erp, endpoint: {path: d}, schedule: {interval: 1h, timeZone: Mars/Base}}
            """,
        "junction.yaml:13:88 integrations[1].schedule.cron: a cron expression has 5 fields (6 with"
            + " seconds first), got 4 in '0 * * *'",
        "junction.yaml:14:81 integrations[2].schedule: give either cron or interval, not both",
        "junction.yaml:15:92 integrations[3].schedule.interval: must be greater than zero, was 0ms",
        "junction.yaml:16:106 integrations[4].schedule.timeZone: unknown time zone 'Mars/Base'");
  }

  @Test
  void checksConnectionPolicies() {
    assertErrors(
        """
        connections:
          - name: erp
            baseUrl: ftp://127.0.0.1/
            retry: {initialBackoff: 2s, maxBackoff: 1s, multiplier: 0.5, jitter: 2}
            rateLimit: {requestsPerSecond: -1}
            statusRules:
              - {status: 500-599, action: retry}
              - {status: 503, action: fail}
            tls: {trustStore: no-such-store.p12, trustStoreType: BKS}
        """,
        "junction.yaml:3:14 connections[0].baseUrl: must be an absolute http or https URL, got"
            + " 'ftp://127.0.0.1/'",
        "junction.yaml:4:45 connections[0].retry.maxBackoff: must not be shorter than"
            + " initialBackoff (2000ms), was 1000ms",
        "junction.yaml:4:61 connections[0].retry.multiplier: must be at least 1, was 0.5",
        "junction.yaml:4:74 connections[0].retry.jitter: must be between 0 and 1, was 2.0",
        "junction.yaml:5:36 connections[0].rateLimit.requestsPerSecond: must be at least 0, was -1",
        "junction.yaml:8:18 connections[0].statusRules[1].status: 503 overlaps the rule for"
            + " 500-599 at junction.yaml:7:18; each status may have one rule",
        "junction.yaml:9:23 connections[0].tls.trustStore: trust store file 'no-such-store.p12'"
            + " not found",
        "junction.yaml:9:58 connections[0].tls.trustStoreType: unsupported trust store type 'BKS';"
            + " use PKCS12 or JKS");
  }

  private static void assertErrors(String yaml, String... expected) {
    try {
      ConfigLoader.parse("junction.yaml", yaml);
    } catch (ConfigException e) {
      assertThat(e.errors()).map(ConfigError::toString).containsExactly(expected);
      return;
    }
    throw new AssertionError("expected a ConfigException");
  }
}
