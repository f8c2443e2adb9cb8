package dev.junction.server.odata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.RecordStore;
import dev.junction.sync.SyncApi;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** OData delta links over real HTTP: tracked reads, delta rounds, removals, refused options. */
class ODataDeltaIT extends ODataITBase {
  /** The principal of the test API key (see {@link ODataTestConfig}). */
  static final String PRINCIPAL = "it-user";

  @Autowired RecordStore store;
  @Autowired SyncApi sync;

  private HttpResponse<String> follow(String url, String prefer) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("X-Api-Key", ODataTestConfig.KEY)
            .timeout(java.time.Duration.ofSeconds(30));
    if (prefer != null) b.header("Prefer", prefer);
    return send(b.GET().build());
  }

  /** A delta (or tracked) read followed to its end: the entries and the final delta link. */
  private record Round(List<JsonNode> entries, String deltaLink, int pages) {}

  private Round drain(String url, String prefer) {
    List<JsonNode> entries = new ArrayList<>();
    int pages = 0;
    while (true) {
      HttpResponse<String> r = follow(url, prefer);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      pages++;
      JsonNode body = json(r);
      body.get("value").forEach(entries::add);
      JsonNode next = body.get("@odata.nextLink");
      JsonNode delta = body.get("@odata.deltaLink");
      if (next == null) {
        assertThat(delta).as("the last page carries the delta link: " + r.body()).isNotNull();
        return new Round(entries, delta.asString(), pages);
      }
      assertThat(delta).as("only the last page carries a delta link").isNull();
      url = next.asString();
    }
  }

  private static Map<Long, JsonNode> byId(List<JsonNode> entries) {
    Map<Long, JsonNode> m = new LinkedHashMap<>();
    for (JsonNode e : entries) {
      long id =
          e.has("@removed")
              ? Long.parseLong(e.get("@id").asString().replaceAll("\\D", ""))
              : e.get("id").asLong();
      assertThat(m.put(id, e)).as("record " + id + " appears once").isNull();
    }
    return m;
  }

  /** Removes this class's rows again: the other OData tests count the Reading rows. */
  @org.junit.jupiter.api.AfterEach
  void removeOwnRows() {
    try (var rows =
        store.query(
            dev.junction.store.Query.all("Reading")
                .withFilter(
                    new dev.junction.store.Expr.Compare(
                        dev.junction.store.Expr.CompareOp.GE,
                        dev.junction.store.Expr.field("id"),
                        dev.junction.store.Expr.literal(900_000L))))) {
      rows.map(r -> r.get("id")).toList().forEach(id -> store.delete("Reading", Map.of("id", id)));
    }
  }

  private void put(long id, int value) {
    store.upsert("Reading", List.of(Map.of("id", id, "value", value)));
  }

  @Test
  void trackedReadEndsWithADeltaLinkThatDeliversChangesAndRemovalsRoundAfterRound() {
    put(900_010, 1); // exists before tracking starts; deleted later
    put(900_011, 1);
    put(900_012, 1);

    HttpResponse<String> first =
        follow(root() + "/Reading", "odata.track-changes, odata.maxpagesize=2");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(first.headers().firstValue("Preference-Applied").orElse(""))
        .contains("odata.track-changes")
        .contains("odata.maxpagesize=2");
    Round initial = drain(root() + "/Reading", "odata.track-changes, odata.maxpagesize=2");
    assertThat(initial.pages()).isGreaterThan(1);
    assertThat(byId(initial.entries())).containsKey(900_010L);

    put(900_001, 1);
    put(900_002, 1);
    put(900_001, 2); // changed twice: once, in its latest state
    store.delete("Reading", Map.of("id", 900_002L)); // created and deleted inside the window
    store.delete("Reading", Map.of("id", 900_010L));
    put(900_003, 3);

    HttpResponse<String> delta = follow(initial.deltaLink(), null);
    assertThat(delta.statusCode()).as(delta.body()).isEqualTo(200);
    assertThat(delta.headers().firstValue("OData-Version")).hasValue("4.01");
    assertThat(json(delta).get("@odata.context").asString()).endsWith("Reading/$delta");
    Round second = drain(initial.deltaLink(), null);
    Map<Long, JsonNode> changes = byId(second.entries());
    assertThat(changes.keySet()).containsExactly(900_001L, 900_002L, 900_010L, 900_003L);
    assertThat(changes.get(900_001L).get("value").asInt()).isEqualTo(2);
    assertThat(changes.get(900_003L).get("value").asInt()).isEqualTo(3);
    assertThat(changes.get(900_010L).get("@id").asString()).isEqualTo("Reading(900010)");
    assertThat(changes.get(900_010L).get("@removed").get("reason").asString()).isEqualTo("deleted");
    assertThat(changes.get(900_002L).has("@removed")).isTrue();

    // A second round: only what changed since; following the same link again replays it.
    put(900_003, 4);
    Round third = drain(second.deltaLink(), null);
    assertThat(byId(third.entries()).keySet()).containsExactly(900_003L);
    assertThat(third.entries().getFirst().get("value").asInt()).isEqualTo(4);
    assertThat(byId(drain(second.deltaLink(), null).entries()).keySet()).containsExactly(900_003L);
    assertThat(drain(third.deltaLink(), null).entries()).isEmpty();
  }

  @Test
  void aDeltaIsPagedByNextLinksAndKeepsItsSelect() {
    Round start = drain(root() + "/Reading?$select=value", "odata.track-changes");
    for (long id = 910_001; id <= 910_025; id++) put(id, (int) id % 100);
    Round delta = drain(start.deltaLink(), "odata.maxpagesize=10");
    assertThat(delta.pages()).isEqualTo(3);
    assertThat(byId(delta.entries())).hasSize(25);
    assertThat(delta.entries().getFirst().has("value")).isTrue();
    assertThat(delta.deltaLink()).contains("$select=value");
  }

  @Test
  void aChangeWhileTheClientPagesTheTrackedReadComesWithTheDeltaLink() {
    put(920_002, 1);
    put(920_003, 1);
    put(920_004, 1);
    HttpResponse<String> first =
        follow(root() + "/Reading", "odata.track-changes, odata.maxpagesize=2");
    String next = json(first).get("@odata.nextLink").asString();
    assertThat(next).contains("deltastart=");
    put(920_001, 7); // after the first page: past the tracking start
    Round rest = drain(next, null); // a client that does not repeat the preference
    Round delta = drain(rest.deltaLink(), null);
    assertThat(byId(delta.entries())).containsKey(920_001L);
  }

  @Test
  void metadataAnnotatesEveryEntitySetAsChangeTracked() {
    HttpResponse<String> r = get("/$metadata");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .containsPattern(
            "<EntitySet Name=\"Reading\"[^>]*>\\s*<Annotation"
                + " Term=\"(Capabilities|Org.OData.Capabilities.V1).ChangeTracking\">"
                + "\\s*<Record>\\s*<PropertyValue Property=\"Supported\""
                + "(\\s+Bool=\"true\"/>|>\\s*<Bool>true</Bool>)");
  }

  @Test
  void optionsThatCannotBeTrackedAre400NamingTheOption() {
    for (String query :
        List.of(
            "/Reading?$orderby=id",
            "/Reading?$top=5",
            "/Reading?$skip=5",
            "/Reading?$filter=value%20gt%201",
            "/Reading?$count=true",
            "/SalesOrder?$expand=lines")) {
      HttpResponse<String> r = follow(root() + query, "odata.track-changes");
      String option = query.substring(query.indexOf('?') + 1, query.indexOf('='));
      assertThat(assertODataError(r, 400).get("message").asString())
          .as(query)
          .contains(option)
          .contains("track-changes");
    }
    HttpResponse<String> nav = follow(root() + "/SalesOrder(1)/lines", "odata.track-changes");
    assertODataError(nav, 400);

    Round start = drain(root() + "/Reading", "odata.track-changes");
    HttpResponse<String> filtered = follow(start.deltaLink() + "&$filter=value%20gt%201", null);
    assertThat(assertODataError(filtered, 400).get("message").asString()).contains("$filter");
  }

  @Test
  void malformedForeignAndUnservableTokensAreRefused() {
    assertODataError(get("/Reading?$deltatoken=nonsense"), 400);

    String foreign = sync.tokens().issueSync("someone-else", "odata:Reading", 0, 0);
    assertODataError(get("/Reading?$deltatoken=" + enc(foreign)), 400);

    String otherSet = sync.tokens().issueSync(PRINCIPAL, "odata:Customer", 0, 0);
    assertODataError(get("/Reading?$deltatoken=" + enc(otherSet)), 400);

    long head = sync.feed().head();
    String ahead = sync.tokens().issueSync(PRINCIPAL, "odata:Reading", 0, head + 1_000);
    assertODataError(get("/Reading?$deltatoken=" + enc(ahead)), 410);

    assertODataError(get("/Reading(1)?$deltatoken=" + enc(ahead)), 400);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
