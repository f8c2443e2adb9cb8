package dev.junction.server.odata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.Expr;
import dev.junction.store.Query;
import dev.junction.store.RecordStore;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

/**
 * The lean count ({@link CountReads}) against Olingo's own answer: the same request sent to {@code
 * /odata/} and to {@code /odata-olingo/} (the same service with the lean routes off) must get the
 * same status, headers (all but the date and the correlation id) and body byte for byte — for the
 * counts it answers and for every request it leaves to Olingo.
 */
class CountReadsIT extends ODataITBase {
  /** Response headers that differ between any two responses, lean or not. */
  private static final List<String> OWN_HEADERS = List.of("date", "x-correlation-id");

  /** This class's Reading rows (removed after each test: other tests count Reading rows). */
  private static final long FIRST_ID = 950_000L;

  @Autowired
  @Qualifier("odataServlet")
  ServletRegistrationBean<ODataServlet> odata;

  @Autowired RecordStore store;

  @AfterEach
  void removeOwnRows() {
    Expr own = new Expr.Compare(Expr.CompareOp.GE, Expr.field("id"), Expr.literal(FIRST_ID));
    try (var rows = store.query(Query.all("Reading").withFilter(own))) {
      rows.map(r -> r.get("id")).toList().forEach(id -> store.delete("Reading", Map.of("id", id)));
    }
  }

  private HttpResponse<String> call(String method, String root, String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + root + path))
            .header("X-Api-Key", ODataTestConfig.KEY)
            .timeout(Duration.ofSeconds(30));
    if (headers.length > 0) request.headers(headers);
    return send(request.method(method, HttpRequest.BodyPublishers.noBody()).build());
  }

  /** Sends {@code path} to both services, asserts equal answers, returns the lean one. */
  private HttpResponse<String> sameAsOlingo(String path, String... headers) {
    return sameAsOlingoFor("GET", path, headers);
  }

  private HttpResponse<String> sameAsOlingoFor(String method, String path, String... headers) {
    HttpResponse<String> lean = call(method, "/odata", path, headers);
    HttpResponse<String> olingo = call(method, "/odata-olingo", path, headers);
    String what = method + " " + path + " " + List.of(headers);
    assertThat(lean.statusCode())
        .as(what + " Olingo: " + olingo.body())
        .isEqualTo(olingo.statusCode());
    assertThat(lean.body()).as(what).isEqualTo(olingo.body());
    assertThat(answerHeaders(lean)).as(what).isEqualTo(answerHeaders(olingo));
    assertThat(lean.headers().firstValue("X-Correlation-Id")).as(what).isPresent();
    return lean;
  }

  private static Map<String, List<String>> answerHeaders(HttpResponse<String> response) {
    Map<String, List<String>> headers = new TreeMap<>();
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (!OWN_HEADERS.contains(lower)) headers.put(lower, values);
            });
    return headers;
  }

  private long served() {
    CountReads counts = odata.getServlet().countReads();
    return counts == null ? 0 : counts.served();
  }

  private static String enc(String filter) {
    return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private void put(long id, int value) {
    store.upsert("Reading", List.of(Map.of("id", id, "value", value)));
  }

  @Test
  void answersRepeatedCountsExactlyAsOlingo() {
    get("/Customer(1)"); // makes the service ready
    List<String> paths = new ArrayList<>();
    paths.add("/Customer/$count");
    paths.add("/SalesOrder/$count");
    for (String filter :
        List.of(
            "balance gt 500",
            "balance gt 500.5 and active eq true",
            "city eq 'Berlin'",
            "city eq null or visits in (1,2,3)",
            "contains(name,'1') and not (since lt 2010-01-01)",
            "updated ge 2024-01-02T00:00:00Z",
            "length(name) eq 11",
            "id add 1 gt 50 and year(since) ge 2005")) {
      paths.add("/Customer/$count?$filter=" + enc(filter));
    }
    paths.add("/Customer/$count?$filter=balance%20gt%20500&custom=1");
    paths.add("/SalesOrder/$count?$filter=" + enc("status eq 'open'"));

    for (String path : paths) sameAsOlingo(path); // Olingo answers and the lean route learns
    long before = served();
    for (String path : paths) {
      HttpResponse<String> lean = sameAsOlingo(path);
      assertThat(lean.statusCode()).as(path).isEqualTo(200);
      assertThat(lean.body()).as(path).matches("\\d+");
    }
    assertThat(served() - before)
        .as("every repeated count was the lean route's")
        .isEqualTo(paths.size());

    // Headers Olingo ignores for a count (no content negotiation, no preconditions).
    before = served();
    String path = "/Customer/$count?$filter=" + enc("balance gt 500");
    for (String[] headers :
        List.of(
            new String[] {"Accept", "text/plain"},
            new String[] {"Accept", "application/json"},
            new String[] {"Accept", "application/xml"},
            new String[] {"Accept-Charset", "utf-8"},
            new String[] {"If-Match", "W/\"999\""},
            new String[] {"If-None-Match", "*"})) {
      assertThat(sameAsOlingo(path, headers).statusCode()).isEqualTo(200);
    }
    assertThat(served() - before).isEqualTo(6);
  }

  @Test
  void aCountFollowsEveryWrite() {
    get("/Customer(1)");
    String path = "/Reading/$count?$filter=" + enc("value gt 10 and id ge " + FIRST_ID);
    assertThat(sameAsOlingo(path).body()).isEqualTo("0");
    long before = served();
    assertThat(sameAsOlingo(path).body()).isEqualTo("0");

    HttpResponse<String> created =
        send(
            request("/Reading")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":" + FIRST_ID + ",\"value\":50}"))
                .build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(sameAsOlingo(path).body()).isEqualTo("1");

    put(FIRST_ID + 1, 11); // a write outside OData (an integration run)
    put(FIRST_ID + 2, 10); // not counted: not > 10
    assertThat(sameAsOlingo(path).body()).isEqualTo("2");

    HttpResponse<String> patched =
        send(
            request("/Reading(" + FIRST_ID + ")")
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"value\":5}"))
                .build());
    assertThat(patched.statusCode()).as(patched.body()).isIn(200, 204);
    assertThat(sameAsOlingo(path).body()).isEqualTo("1");

    HttpResponse<String> deleted =
        send(request("/Reading(" + (FIRST_ID + 1) + ")").DELETE().build());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    assertThat(sameAsOlingo(path).body()).isEqualTo("0");
    assertThat(served() - before).as("all of them lean").isEqualTo(5);
  }

  @Test
  void leavesOtherRequestsToOlingoWithTheSameAnswer() {
    get("/Customer(1)");
    String path = "/Customer/$count?$filter=" + enc("visits ge 3");
    sameAsOlingo(path); // learnt
    long before = served();
    // A query string Olingo has not answered yet, even one meaning the same.
    sameAsOlingo("/Customer/$count?$filter=" + enc("visits  ge 3"));
    sameAsOlingo("/Customer/$count?$filter=" + enc("3 le visits"));
    sameAsOlingo("/Customer/$count?%24filter=" + enc("visits ge 3"));
    assertThat(served()).isEqualTo(before);
    // Headers Olingo acts on, other methods and paths: never lean, however often.
    for (int i = 0; i < 2; i++) {
      sameAsOlingo(path, "OData-MaxVersion", "4.0");
      sameAsOlingo(path, "OData-MaxVersion", "4.01");
      sameAsOlingo(path, "OData-MaxVersion", "3.0");
      sameAsOlingo(path, "OData-Version", "4.0");
      sameAsOlingo(path, "Prefer", "return=minimal");
      sameAsOlingo(path, "Prefer", "odata.maxpagesize=5");
      sameAsOlingoFor("POST", path);
      sameAsOlingoFor("DELETE", path);
      sameAsOlingo("/SalesOrder(3)/lines/$count");
      sameAsOlingo("/SalesOrder(3)/lines/$count?$filter=" + enc("qty gt 1"));
      sameAsOlingo("/Customer/%24count?$filter=" + enc("visits ge 3"));
      sameAsOlingo("/Customer/$count/?$filter=" + enc("visits ge 3"));
      sameAsOlingo("/Customer(1)/$count");
      sameAsOlingo("/Nope/$count");
    }
    assertThat(served()).isEqualTo(before);
    assertThat(sameAsOlingo("/Nope/$count").statusCode()).isEqualTo(404);
    assertThat(sameAsOlingoFor("POST", path).statusCode()).isBetween(400, 499);
  }

  @Test
  void errorsStayOlingos() {
    get("/Customer(1)");
    long before = served();
    for (String filter :
        List.of(
            "name eq 1",
            "nosuch gt 1",
            "balance div 0 gt 1",
            "id mul 9223372036854775807 gt 1",
            "now() gt 2024-01-01T00:00:00Z",
            "name eq",
            "(((")) {
      String path = "/Customer/$count?$filter=" + enc(filter);
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> error = sameAsOlingo(path);
        assertODataError(error, 400);
      }
    }
    assertODataError(sameAsOlingo("/Customer/$count?$search=x"), 400);
    for (int i = 0; i < 2; i++) {
      assertODataError(sameAsOlingo("/Customer/$count?$filter=balance%20gt%20500&$top=3"), 400);
      assertODataError(sameAsOlingo("/Customer/$count?$orderby=id"), 400);
    }
    assertThat(served()).isEqualTo(before);
  }

  @Test
  void aStoreErrorOnALearntCountIsOlingosError() {
    get("/Customer(1)");
    // Fine while no row of this class has value 0; a division by zero in SQL once one has.
    String path = "/Reading/$count?$filter=" + enc("id ge " + FIRST_ID + " and 100 div value gt 0");
    put(FIRST_ID, 5);
    assertThat(sameAsOlingo(path).body()).isEqualTo("1");
    long before = served();
    assertThat(sameAsOlingo(path).body()).isEqualTo("1");
    assertThat(served()).isEqualTo(before + 1);

    put(FIRST_ID + 1, 0);
    HttpResponse<String> error = sameAsOlingo(path);
    assertODataError(error, 400);
    assertThat(error.body()).contains("22012");
    assertThat(served()).isEqualTo(before + 1);

    store.delete("Reading", Map.of("id", FIRST_ID + 1));
    assertThat(sameAsOlingo(path).body()).isEqualTo("1");
    assertThat(served()).isEqualTo(before + 2);
  }

  @Test
  void remembersABoundedNumberOfRequests() {
    get("/Customer(1)");
    CountReads counts = odata.getServlet().countReads();
    for (int i = 0; i <= CountReads.MAX_ENTRIES + 10; i++) {
      HttpResponse<String> r = get("/Customer/$count?$filter=" + enc("visits ne " + i));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(counts.remembered()).isLessThanOrEqualTo(CountReads.MAX_ENTRIES);
    }
    long before = served();
    String last = "/Customer/$count?$filter=" + enc("visits ne " + (CountReads.MAX_ENTRIES + 10));
    assertThat(sameAsOlingo(last).statusCode()).isEqualTo(200);
    assertThat(served()).isEqualTo(before + 1);
    String longest =
        "/Customer/$count?$filter="
            + enc("name ne '" + "x".repeat(CountReads.MAX_KEY_LENGTH) + "'");
    sameAsOlingo(longest);
    sameAsOlingo(longest);
    assertThat(served()).isEqualTo(before + 1);
  }

  @Test
  void learntCountsAreStillAuthenticated() {
    get("/Customer(1)");
    String path = "/Customer/$count?$filter=" + enc("visits eq 1");
    sameAsOlingo(path);
    long before = served();
    HttpResponse<String> anonymous =
        send(HttpRequest.newBuilder(URI.create(root() + path)).GET().build());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(served()).isEqualTo(before);
  }
}
