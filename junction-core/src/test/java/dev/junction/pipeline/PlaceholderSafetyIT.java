package dev.junction.pipeline;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.junction.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Parent values substituted into a Child URL Template are data: they can never change the scheme,
 * host, port or path structure of the child call. Also: grandchildren nest.
 */
class PlaceholderSafetyIT {
  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private String yaml(String extra) {
    return """
        connections:
          - name: api
            baseUrl: http://127.0.0.1:%d/api
            retry: { maxAttempts: 1 }
        integrations:
          - name: parents
            sortingOrder: 1
            connection: api
            endpoint: { path: parents }
          - name: children
            sortingOrder: 2
            connection: api
            chaining:
              parentEndpointSortOrder: 1
              parentKeyJsonPath: id
              childUrlTemplate: items/{{parent.id}}/lines?tag={{parent.id}}
        %s
        """
        .formatted(server.port(), extra);
  }

  @Test
  void hostileParentValuesArePercentEncodedAsData() {
    Map<String, String> hostile =
        Map.of(
            "../admin", "..%2Fadmin",
            "%2F..%2F", "%252F..%252F",
            "@evil.example", "%40evil.example",
            "#frag", "%23frag",
            "?x=1", "%3Fx%3D1",
            "a\nb", "a%0Ab",
            "..", "%2E%2E",
            "x:80/y", "x%3A80%2Fy");
    ArrayNode parents = JsonNodeFactory.instance.arrayNode();
    hostile.keySet().forEach(v -> parents.addObject().put("id", v));
    server.stubFor(get("/api/parents").willReturn(aResponse().withBody(parents.toString())));
    server.stubFor(get(urlPathMatching("/api/items/.*")).willReturn(aResponse().withBody("[]")));

    Run run;
    try (Runner runner = Runner.builder(ConfigLoader.parse("t.yaml", yaml(""))).build()) {
      run = runner.run("parents");
    }
    assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
    List<String> urls =
        server
            .findAll(
                com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    urlPathMatching("/api/items/.*")))
            .stream()
            .map(LoggedRequest::getUrl)
            .toList();
    List<String> expected =
        hostile.values().stream().map(e -> "/api/items/" + e + "/lines?tag=" + e).toList();
    assertThat(urls).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(server.getAllServeEvents())
        .allSatisfy(
            e ->
                assertThat(e.getRequest().getHeader("Host"))
                    .isEqualTo("127.0.0.1:" + server.port()));
  }

  @Test
  void grandchildrenNestUnderTheirParentInOrder() {
    server.stubFor(
        get("/api/parents").willReturn(aResponse().withBody("[{\"id\":\"A\"},{\"id\":\"B\"}]")));
    for (String p : List.of("A", "B")) {
      server.stubFor(
          get(urlPathEqualTo("/api/items/" + p + "/lines"))
              .willReturn(aResponse().withBody("[{\"n\":\"" + p + "1\"},{\"n\":\"" + p + "2\"}]")));
      for (int i = 1; i <= 2; i++) {
        server.stubFor(
            get("/api/notes/" + p + i)
                .willReturn(
                    aResponse()
                        .withFixedDelay(i == 1 ? 60 : 0)
                        .withBody("[{\"note\":\"" + p + i + "-x\"}]")));
      }
    }
    String grandchild =
        """
          - name: notes
            sortingOrder: 3
            connection: api
            chaining:
              parentEndpointSortOrder: 2
              parentKeyJsonPath: n
              childUrlTemplate: notes/{{parent.n}}
        """;
    RowCollector rows = new RowCollector();
    try (Runner runner = Runner.builder(ConfigLoader.parse("t.yaml", yaml(grandchild))).build()) {
      runner.run("parents", "r", rows);
    }
    assertThat(rows.rows.stream().map(r -> r.depth() + ":" + r.data().toString()).toList())
        .containsExactly(
            "0:{\"id\":\"A\"}",
            "1:{\"n\":\"A1\"}",
            "2:{\"note\":\"A1-x\"}",
            "1:{\"n\":\"A2\"}",
            "2:{\"note\":\"A2-x\"}",
            "0:{\"id\":\"B\"}",
            "1:{\"n\":\"B1\"}",
            "2:{\"note\":\"B1-x\"}",
            "1:{\"n\":\"B2\"}",
            "2:{\"note\":\"B2-x\"}");
  }

  @Test
  void siblingsComeInChainOrder() {
    server.stubFor(get("/api/parents").willReturn(aResponse().withBody("[{\"id\":\"A\"}]")));
    server.stubFor(
        get(urlPathEqualTo("/api/items/A/lines"))
            .willReturn(aResponse().withFixedDelay(50).withBody("[{\"k\":\"line\"}]")));
    server.stubFor(get("/api/first/A").willReturn(aResponse().withBody("[{\"k\":\"first\"}]")));
    String sibling =
        """
          - name: first
            sortingOrder: 4
            connection: api
            chaining:
              parentEndpointSortOrder: 1
              parentKeyJsonPath: id
              childUrlTemplate: first/{{parent.id}}
              chainOrder: 0
        """;
    String yaml =
        yaml(sibling)
            .replace("childUrlTemplate: items/", "chainOrder: 5\n      childUrlTemplate: items/");
    RowCollector rows = new RowCollector();
    try (Runner runner = Runner.builder(ConfigLoader.parse("t.yaml", yaml)).build()) {
      runner.run("parents", "r", rows);
    }
    assertThat(rows.rows.stream().map(Row::integration).toList())
        .containsExactly("parents", "first", "children");
  }
}
