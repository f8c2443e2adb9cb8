package dev.junction.server.odata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.junction.audit.AuditEntry;
import dev.junction.audit.AuditLog;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

/**
 * The lean key read ({@link KeyReads}) against Olingo's own answer: the same request sent to {@code
 * /odata/} and to {@code /odata-olingo/} (the same service with the lean route off) must get the
 * same status, OData headers and body byte for byte — for the reads it answers (200, 304) and for
 * every request it leaves to Olingo (404, 400, other formats and headers).
 */
class KeyReadsIT extends ODataITBase {
  /** The response headers that carry the OData answer (the rest are the server's own). */
  private static final List<String> HEADERS =
      List.of("OData-Version", "ETag", "Content-Type", "Content-Length", "Preference-Applied");

  @Autowired
  @Qualifier("odataServlet")
  ServletRegistrationBean<ODataServlet> odata;

  @Autowired AuditLog audit;

  private HttpResponse<String> call(String root, String path, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + root + path))
            .header("X-Api-Key", ODataTestConfig.KEY)
            .timeout(Duration.ofSeconds(30));
    if (headers.length > 0) request.headers(headers);
    return send(request.GET().build());
  }

  /** Sends {@code path} to both services, asserts equal answers, returns the lean one. */
  private HttpResponse<String> sameAsOlingo(String path, String... headers) {
    HttpResponse<String> lean = call("/odata", path, headers);
    HttpResponse<String> olingo = call("/odata-olingo", path, headers);
    String what = path + " " + List.of(headers);
    assertThat(lean.statusCode()).as(what).isEqualTo(olingo.statusCode());
    assertThat(withoutAtomTime(lean.body())).as(what).isEqualTo(withoutAtomTime(olingo.body()));
    for (String header : HEADERS) {
      assertThat(lean.headers().allValues(header))
          .as(what + " header " + header)
          .isEqualTo(olingo.headers().allValues(header));
    }
    assertThat(lean.headers().firstValue("X-Correlation-Id")).as(what).isPresent();
    return lean;
  }

  /**
   * The body with Atom's {@code <a:updated>} time blanked: Olingo's XML answer carries the time it
   * was written, so the two answers differ whenever they fall in different seconds.
   */
  private static String withoutAtomTime(String body) {
    return body.replaceAll("<a:updated>[^<]*</a:updated>", "<a:updated/>");
  }

  private long served() {
    KeyReads keyReads = odata.getServlet().keyReads();
    return keyReads == null ? 0 : keyReads.served();
  }

  @Test
  void answersPlainKeyReadsExactlyAsOlingo() {
    get("/Customer(1)"); // makes the service ready
    String etag = get("/Customer(7)").headers().firstValue("ETag").orElseThrow();
    List<String[]> requests = new ArrayList<>();
    for (String path :
        List.of(
            "/Customer(1)",
            "/Customer(100)",
            "/Customer(id=42)",
            "/SalesOrder(3)",
            "/SalesOrderLine(orderId=1,lineNo=2)",
            "/SalesOrderLine(lineNo=3,orderId=20)",
            "/BillOfMaterials('BOM-1')",
            "/BillOfMaterials(id='BOM-2')")) {
      requests.add(new String[] {path});
    }
    for (String accept :
        List.of("application/json", "*/*", "application/json;odata.metadata=minimal")) {
      requests.add(new String[] {"/Customer(5)", "Accept", accept});
    }
    requests.add(new String[] {"/Customer(7)", "If-None-Match", etag});
    requests.add(new String[] {"/Customer(7)", "If-None-Match", "*"});
    requests.add(new String[] {"/Customer(7)", "If-None-Match", "W/\"999\", " + etag});
    requests.add(new String[] {"/Customer(7)", "If-None-Match", "W/\"999\""});

    long before = served();
    for (String[] r : requests) {
      String[] headers = java.util.Arrays.copyOfRange(r, 1, r.length);
      HttpResponse<String> response = sameAsOlingo(r[0], headers);
      assertThat(response.statusCode()).as(r[0]).isIn(200, 304);
    }
    // Every one of them was the lean route's (and only it counts).
    assertThat(served() - before).isEqualTo(requests.size());
    HttpResponse<String> notModified = sameAsOlingo("/Customer(7)", "If-None-Match", etag);
    assertThat(notModified.statusCode()).isEqualTo(304);
    assertThat(notModified.body()).isEmpty();
    HttpResponse<String> one = sameAsOlingo("/Customer(1)");
    assertThat(one.body())
        .startsWith("{\"@odata.context\":\"$metadata#Customer/$entity\",\"@odata.etag\":");
  }

  @Test
  void leavesEverythingElseToOlingoWithTheSameAnswer() {
    get("/Customer(1)");
    Map<String, Integer> paths =
        Map.ofEntries(
            Map.entry("/Customer(999999)", 404),
            Map.entry("/BillOfMaterials('nope')", 404),
            Map.entry("/SalesOrderLine(orderId=1,lineNo=9)", 404),
            Map.entry("/Customer(abc)", 400),
            Map.entry("/Customer(1,2)", 400),
            Map.entry("/Customer(99999999999999999999)", 400),
            Map.entry("/Customer()", 400),
            Map.entry("/Customer(id=1,id=2)", 400),
            Map.entry("/Customer(nosuch=1)", 400),
            Map.entry("/SalesOrderLine(orderId=1)", 400),
            Map.entry("/SalesOrderLine(orderId=1,lineNo=2,)", 400),
            Map.entry("/SalesOrderLine(1)", 400),
            Map.entry("/BillOfMaterials(BOM-1)", 400),
            Map.entry("/Nope(1)", 404));
    long before = served();
    paths.forEach(
        (path, status) -> assertThat(sameAsOlingo(path).statusCode()).as(path).isEqualTo(status));
    // Answered by Olingo with any status; compared all the same.
    for (String path :
        List.of(
            "/Customer(-0)",
            "/Customer(007)",
            "/Customer(+5)",
            "/BillOfMaterials('BOM%2D1')",
            "/BillOfMaterials('')",
            "/Customer(1)?$select=name",
            "/Customer(1)?$format=json",
            "/Customer(1)/name",
            "/Customer(1)/")) {
      sameAsOlingo(path);
    }
    for (String[] headers :
        List.of(
            new String[] {"Accept", "application/xml"},
            new String[] {"Accept", "application/json;odata.metadata=full"},
            new String[] {"Accept", "application/json;IEEE754Compatible=true"},
            new String[] {"Accept-Charset", "utf-8"},
            new String[] {"OData-MaxVersion", "4.01"},
            new String[] {"OData-Version", "4.0"},
            new String[] {"If-Match", "W/\"999\""},
            new String[] {"Prefer", "return=minimal"})) {
      sameAsOlingo("/Customer(1)", headers);
    }
    assertThat(served()).isEqualTo(before);
  }

  @Test
  void keyReadsAreAuthenticatedAndAudited() {
    HttpResponse<String> anonymous =
        send(HttpRequest.newBuilder(URI.create(root() + "/Customer(1)")).GET().build());
    assertThat(anonymous.statusCode()).isEqualTo(401);

    long before = served();
    HttpResponse<String> read = get("/Customer(3)");
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(served()).isEqualTo(before + 1);
    String correlationId = read.headers().firstValue("X-Correlation-Id").orElseThrow();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                audit.recent(1000).stream().anyMatch(e -> correlationId.equals(e.correlationId())));
    AuditEntry entry =
        audit.recent(1000).stream()
            .filter(e -> correlationId.equals(e.correlationId()))
            .findFirst()
            .orElseThrow();
    assertThat(entry.principal()).isEqualTo("it-user");
    assertThat(entry.method()).isEqualTo("GET");
    assertThat(entry.target()).isEqualTo("/odata/Customer(3)");
    assertThat(entry.status()).isEqualTo(200);
    assertThat(entry.bytes()).isEqualTo(read.body().getBytes().length);
  }
}
