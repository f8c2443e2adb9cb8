package dev.junction.server.odata;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Hostile input: each answers 400 with an OData error, runs no SQL and overflows no stack; and a
 * seeded fuzz of 10,000 random and mutated query strings never gets a 5xx.
 */
class ODataHostileIT extends ODataITBase {
  @Autowired CountingRecordStore store;

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private void assertRejectedWithoutSql(String pathAndQuery, String messagePart) {
    long before = store.calls.get();
    JsonNode error = assertODataError(get(pathAndQuery), 400);
    assertThat(error.get("message").asString()).containsIgnoringCase(messagePart);
    assertThat(store.calls.get()).as("store calls").isEqualTo(before);
  }

  @Test
  void tenThousandNestedParentheses() {
    String filter = "(".repeat(10_000) + "id eq 1" + ")".repeat(10_000);
    assertRejectedWithoutSql(
        "/Customer?$filter=" + filter.replace(" ", "%20"), "nests parentheses");
    assertRejectedWithoutSql("/Customer?$filter=" + enc(filter), "nests parentheses");
  }

  @Test
  void fiveThousandOrTerms() {
    StringBuilder filter = new StringBuilder("id eq 0");
    for (int i = 1; i < 5_000; i++) filter.append(" or id eq ").append(i);
    String query = "/Customer?$filter=" + filter.toString().replace(" ", "%20");
    long before = store.calls.get();
    JsonNode error = assertODataError(get(query), 400);
    assertThat(error.get("message").asString()).containsAnyOf("terms", "characters long");
    assertThat(store.calls.get()).isEqualTo(before);
    StringBuilder compact = new StringBuilder("id eq 0");
    for (int i = 1; i < 1_200; i++) compact.append(" or id eq ").append(i);
    assertRejectedWithoutSql(
        "/Customer?$filter=" + compact.toString().replace(" ", "%20"), "terms");
  }

  @Test
  void expandTenLevelsDeep() {
    String expand = "lines";
    for (int i = 0; i < 9; i++) expand = "lines($expand=" + expand + ")";
    assertRejectedWithoutSql("/SalesOrder?$expand=" + enc(expand), "");
  }

  @Test
  void hugeTop() {
    assertRejectedWithoutSql("/Customer?$top=1000000000", "exceeds the limit");
  }

  @Test
  void batchOfTenThousandParts() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      body.append(
              "--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n")
          .append("GET Customer(1) HTTP/1.1\r\n\r\n\r\n");
    }
    body.append("--b--\r\n");
    long before = store.calls.get();
    HttpResponse<String> response =
        send(
            request("/$batch")
                .header("Content-Type", "multipart/mixed;boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
    JsonNode error = assertODataError(response, 400);
    assertThat(error.get("message").asString()).contains("10000 parts");
    assertThat(store.calls.get()).isEqualTo(before);
  }

  @Test
  void stringLiteralsCarryingSqlStayData() {
    HttpResponse<String> quoted =
        get("/Customer?$filter=" + enc("name eq 'x'' or 1=1; DROP TABLE customer; --'"));
    assertThat(quoted.statusCode()).as(quoted.body()).isEqualTo(200);
    assertThat(json(quoted).get("value")).isEmpty();
    assertRejectedWithoutSql("/Customer?$filter=" + enc("name eq 'x' or 1=1 --"), "");
    assertRejectedWithoutSql("/Customer?$filter=" + enc("name eq 'x'; DROP TABLE customer"), "");
    assertThat(get("/Customer/$count").body()).isEqualTo(String.valueOf(ODataTestConfig.CUSTOMERS));
  }

  @Test
  void databaseDataErrorsAreClientErrors() {
    assertODataError(get("/Customer?$filter=" + enc("id mul 9223372036854775807 gt 1")), 400);
    assertODataError(get("/Customer?$filter=" + enc("id div (id sub id) eq 1")), 400);
  }

  static final String[] PIECES = {
    "id",
    "name",
    "city",
    "balance",
    "active",
    "since",
    "updated",
    "visits",
    "nosuch",
    "eq",
    "ne",
    "gt",
    "ge",
    "lt",
    "le",
    "and",
    "or",
    "not",
    "in",
    "add",
    "sub",
    "mul",
    "div",
    "mod",
    "(",
    ")",
    ",",
    "'x'",
    "''",
    "'",
    "1",
    "-1",
    "0",
    "3.5",
    "1e400",
    "99999999999999999999",
    "null",
    "true",
    "2024-01-01",
    "2024-13-45",
    "2024-01-01T00:00:00Z",
    "contains(name,'a')",
    "startswith(",
    "tolower(",
    "toupper(city)",
    "length(name)",
    "trim(",
    "year(since)",
    "month(updated)",
    "day(",
    "substring(",
    "any(",
    "$it",
    "@p",
    "/",
    "*",
    " ",
    " ",
    " ",
    "%",
    "%2",
    "%ZZ",
    "\u00e9",
    "\u0000",
    "&",
    "=",
    ";",
    "$filter",
    "$orderby",
    "asc",
    "desc",
    "$top",
    "$skip",
    "$select",
    "$expand",
    "$count",
    "$apply",
    "$skiptoken",
    "$format",
    "json",
    "xml",
    "$levels",
    "lines",
    "max"
  };

  static final String[] OPTIONS = {
    "$filter",
    "$orderby",
    "$top",
    "$skip",
    "$select",
    "$expand",
    "$count",
    "$skiptoken",
    "$format",
    "$search",
    "$apply",
    "$compute",
    "$bogus",
    "custom",
    "$"
  };

  static String randomQuery(Random random) {
    StringBuilder q = new StringBuilder();
    int options = 1 + random.nextInt(3);
    for (int o = 0; o < options; o++) {
      if (o > 0) q.append('&');
      q.append(OPTIONS[random.nextInt(OPTIONS.length)]).append('=');
      int pieces = random.nextInt(12);
      for (int p = 0; p < pieces; p++) {
        q.append(PIECES[random.nextInt(PIECES.length)]);
        if (random.nextBoolean()) q.append(' ');
      }
    }
    String s = q.toString();
    int mutations = random.nextInt(4);
    StringBuilder m = new StringBuilder(s);
    for (int i = 0; i < mutations && !m.isEmpty(); i++) {
      int at = random.nextInt(m.length());
      switch (random.nextInt(3)) {
        case 0 -> m.deleteCharAt(at);
        case 1 -> m.insert(at, (char) (32 + random.nextInt(95)));
        default -> m.setCharAt(at, (char) (32 + random.nextInt(95)));
      }
    }
    return m.toString();
  }

  /** Percent-encodes what a URI cannot carry, keeping '&', '=' and '%' so mutations reach us. */
  static String uriSafe(String query) {
    StringBuilder sb = new StringBuilder();
    byte[] bytes = query.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean escape =
          c == '%' && (i + 2 >= bytes.length || !hex(bytes[i + 1]) || !hex(bytes[i + 2]));
      if (!escape && c > 32 && c < 127 && "\"<>\\^`{|}#[] ".indexOf(c) < 0) sb.append((char) c);
      else sb.append('%').append(String.format("%02X", c));
    }
    return sb.toString();
  }

  private static boolean hex(byte b) {
    return Character.digit(b, 16) >= 0;
  }

  @Test
  void malformedPercentEncodingIsAClientError() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket
          .getOutputStream()
          .write(
              ("GET /odata/Customer?$filter=name%20eq%20'%ZZ' HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "X-Api-Key: "
                      + ODataTestConfig.KEY
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String status =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertThat(status).startsWith("HTTP/1.1 400");
    }
  }

  @Test
  void tenThousandRandomAndMutatedQueriesNeverGetA5xx() {
    Random random = new Random(20261125L);
    String[] paths = {
      "/Customer", "/SalesOrder", "/Customer/$count", "/SalesOrder(1)/lines", "/Customer(1)"
    };
    int ok = 0;
    for (int i = 0; i < 10_000; i++) {
      String query = uriSafe(randomQuery(random));
      String path = paths[random.nextInt(paths.length)];
      HttpResponse<String> response = get(path + "?" + query);
      int status = response.statusCode();
      assertThat(status).as("%s?%s → %s", path, query, response.body()).isLessThan(500);
      if (status == 200) {
        ok++;
      } else {
        assertThat(status).as("%s?%s", path, query).isBetween(400, 499);
        String body = response.body();
        if (body.startsWith("<?xml")) {
          // $format=xml asked for an XML error body.
          assertThat(body).as("%s?%s", path, query).contains("error").contains("code");
        } else {
          assertThat(body).as("%s?%s", path, query).startsWith("{");
          assertThat(json(response).get("error")).as("%s?%s → %s", path, query, body).isNotNull();
        }
      }
    }
    assertThat(ok).as("some fuzzed queries are valid").isGreaterThan(100);
  }
}
