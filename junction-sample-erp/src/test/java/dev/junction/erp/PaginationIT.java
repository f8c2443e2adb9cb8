package dev.junction.erp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class PaginationIT {
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
  private static final SettableClock CLOCK =
      new SettableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private static SampleErp erp;
  private static Http http;

  @BeforeAll
  static void start() {
    erp = SampleErp.builder().seed(7).customers(250).orders(300).products(120).clock(CLOCK).start();
    http = new Http(erp.baseUrl());
  }

  @AfterAll
  static void stop() {
    erp.close();
  }

  @BeforeEach
  void resetStats() {
    erp.stats().reset();
  }

  @ParameterizedTest
  @EnumSource(Pagination.class)
  void everyStyleWalksAllCustomersOnceInOrder(Pagination style) {
    List<String> ids = new ArrayList<>();
    int pages = walk(style, "/api/customers?paging=" + style.id(), "customers", "id", ids);

    assertThat(ids)
        .containsExactlyElementsOf(
            IntStream.rangeClosed(1, 250).mapToObj(ErpData::customerId).toList());
    assertThat(pages).isEqualTo(3);
    assertThat(erp.stats().count(Endpoint.CUSTOMERS, 200)).isEqualTo(3);
  }

  @Test
  void endpointsAnswerInTheirOwnDataPaths() {
    assertThat(Http.json(http.get("/api/customers")).get("data").isArray()).isTrue();
    assertThat(Http.json(http.get("/api/balances")).get("balances").isArray()).isTrue();
    assertThat(Http.json(http.get("/api/products")).get("value").isArray()).isTrue();
    assertThat(Http.json(http.get("/api/orders")).at("/result/items").isArray()).isTrue();
    HttpResponse<String> lines = http.get("/api/orders/SO00000001/lines");
    assertThat(Http.json(lines).isArray()).isTrue();
    assertThat(Http.json(http.get("/api/inventory/a")).get("data").isArray()).isTrue();
    assertThat(Http.json(http.get("/api/inventory/b")).get("inventory").isArray()).isTrue();
    assertThat(Http.json(http.get("/api/inventory/c")).at("/result/items").isArray()).isTrue();
    assertThat(Http.json(http.get("/api/contracts")).isArray()).isTrue();
    assertThat(Http.json(http.get("/api/boms")).get("value").isArray()).isTrue();
    assertThat(Http.json(http.get("/api/deletions")).at("/result/items").isArray()).isTrue();
  }

  @Test
  void builderOverridesAnEndpointsPagination() {
    try (SampleErp other =
        SampleErp.builder()
            .customers(10)
            .orders(0)
            .pagination(Endpoint.CUSTOMERS, Pagination.ODATA)
            .start()) {
      JsonNode page = Http.json(new Http(other.baseUrl()).get("/api/customers?$top=4"));
      assertThat(page.get("value")).hasSize(4);
      assertThat(page.get("@odata.nextLink").stringValue()).contains("$skiptoken=4");
    }
  }

  @Test
  void updatedSinceReturnsOnlyRecordsChangedAtOrAfterTheInstant() {
    String since = CLOCK.instant().toString();
    assertThat(Http.json(http.get("/api/customers?updatedSince=" + since)).get("total").asInt())
        .isZero();

    http.put(
        "/api/customers/C000042",
        "{\"name\":\"Changed BV\",\"email\":\"changed42@example.com\",\"country\":\"NL\"}",
        null);

    JsonNode page = Http.json(http.get("/api/customers?updatedSince=" + since));
    assertThat(page.get("total").asInt()).isEqualTo(1);
    assertThat(page.at("/data/0/id").stringValue()).isEqualTo("C000042");
    assertThat(page.at("/data/0/lastModified").stringValue()).isEqualTo(since);
  }

  @Test
  void updatedSinceFiltersGeneratedRecordsByLastModified() {
    List<JsonNode> all = new ArrayList<>();
    Http.json(http.get("/api/products?$top=1000")).get("value").forEach(all::add);
    Instant cut = Instant.parse("2025-07-01T00:00:00Z");
    long expected =
        all.stream()
            .filter(p -> !Instant.parse(p.get("lastModified").stringValue()).isBefore(cut))
            .count();

    JsonNode page = Http.json(http.get("/api/products?$top=1000&updatedSince=" + cut));

    assertThat(expected).isBetween(1L, (long) all.size() - 1);
    assertThat(page.get("value")).hasSize((int) expected);
  }

  @Test
  void ordersFilterByStatus() {
    JsonNode open = Http.json(http.get("/api/orders?status=open&limit=1000")).at("/result/items");
    JsonNode closed =
        Http.json(http.get("/api/orders?status=closed&limit=1000")).at("/result/items");

    assertThat(open.size() + closed.size()).isEqualTo(300);
    open.forEach(o -> assertThat(o.get("status").stringValue()).isEqualTo("open"));
    closed.forEach(o -> assertThat(o.get("status").stringValue()).isEqualTo("closed"));
  }

  @Test
  void warehousesCarryDifferentProducts() {
    Set<String> a = skus("/api/inventory/a?paging=offset&limit=1000", "data");
    Set<String> b = skus("/api/inventory/b?paging=offset&limit=1000", "data");

    assertThat(a).isNotEmpty().isNotEqualTo(b);
    assertThat(a.size()).isLessThan(120);
  }

  @Test
  void aCursorThisServerDidNotIssueIsA400NamingTheParameter() {
    HttpResponse<String> response = http.get("/api/orders?cursor=bm9wZQ");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Reply.PROBLEM);
    assertThat(Http.json(response).get("detail").stringValue()).contains("'cursor'");
  }

  @Test
  void aLimitOutOfRangeIsA400() {
    HttpResponse<String> response = http.get("/api/customers?limit=0");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Http.json(response).get("detail").stringValue())
        .contains("'limit'", "from 1 to 1000", "'0'");
  }

  @Test
  void sameSeedServesSameData() {
    try (SampleErp twin =
            SampleErp.builder().seed(7).customers(250).orders(300).products(120).start();
        SampleErp other =
            SampleErp.builder().seed(8).customers(250).orders(300).products(120).start()) {
      String mine = http.get("/api/orders?limit=1000&paging=link").body();
      assertThat(new Http(twin.baseUrl()).get("/api/orders?limit=1000&paging=link").body())
          .isEqualTo(mine);
      assertThat(new Http(other.baseUrl()).get("/api/orders?limit=1000&paging=link").body())
          .isNotEqualTo(mine);
    }
  }

  private Set<String> skus(String path, String dataPath) {
    Set<String> skus = new HashSet<>();
    Http.json(http.get(path)).get(dataPath).forEach(i -> skus.add(i.get("sku").stringValue()));
    return skus;
  }

  /** Pages through {@code first} the way a client of {@code style} would; returns the pages. */
  private static int walk(
      Pagination style, String first, String collection, String idField, List<String> ids) {
    int pages = 0;
    String url = first;
    int offset = 0;
    int page = 1;
    while (url != null) {
      String request =
          switch (style) {
            case OFFSET -> url + "&offset=" + offset + "&limit=100";
            case PAGE -> url + "&page=" + page + "&pageSize=100";
            case ODATA -> pages == 0 ? url + "&$top=100" : url;
            case CURSOR, LINK_HEADER -> pages == 0 ? url + "&limit=100" : url;
          };
      HttpResponse<String> response = http.get(request);
      assertThat(response.statusCode()).isEqualTo(200);
      pages++;
      JsonNode body = Http.json(response);
      JsonNode items =
          switch (style) {
            case OFFSET -> body.get("data");
            case PAGE -> body.get(collection);
            case ODATA -> body.get("value");
            case CURSOR -> body.at("/result/items");
            case LINK_HEADER -> body;
          };
      items.forEach(i -> ids.add(i.get(idField).stringValue()));
      url =
          switch (style) {
            case OFFSET -> {
              offset += items.size();
              yield offset < body.get("total").asInt() ? first : null;
            }
            case PAGE -> ++page <= body.get("totalPages").asInt() ? first : null;
            case ODATA ->
                body.has("@odata.nextLink") ? body.get("@odata.nextLink").stringValue() : null;
            case CURSOR -> {
              JsonNode next = body.at("/result/nextCursor");
              yield next.isNull() ? null : first + "&limit=100&cursor=" + next.stringValue();
            }
            case LINK_HEADER -> {
              String link = response.headers().firstValue("Link").orElse(null);
              if (link == null) {
                yield null;
              }
              Matcher m = NEXT.matcher(link);
              assertThat(m.find()).as("Link header %s", link).isTrue();
              yield m.group(1);
            }
          };
    }
    return pages;
  }
}
