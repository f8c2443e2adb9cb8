package dev.junction.erp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Offset and page paging without a filter take a shortcut while a table has no empty slots; after
 * deletes they must fall back to counting rows, for stored and for computed (balances) endpoints.
 */
class PagingAfterDeletesIT {

  @Test
  void offsetAndPagePagingSkipDeletedRows() {
    try (SampleErp erp = SampleErp.builder().seed(3).customers(30).orders(5).start()) {
      Http http = new Http(erp.baseUrl());
      List<String> expected =
          new ArrayList<>(IntStream.rangeClosed(1, 30).mapToObj(ErpData::customerId).toList());
      assertThat(offsetPage(http, "/api/customers?paging=offset&offset=10&limit=5", "data", "id"))
          .containsExactlyElementsOf(expected.subList(10, 15));

      for (String id : List.of("C000002", "C000011", "C000012")) {
        assertThat(http.delete("/api/customers/" + id).statusCode()).isEqualTo(204);
        expected.remove(id);
      }

      JsonNode offsetBody = Http.json(http.get("/api/customers?paging=offset&offset=10&limit=5"));
      assertThat(offsetBody.get("total").asInt()).isEqualTo(27);
      assertThat(ids(offsetBody.get("data"), "id"))
          .containsExactlyElementsOf(expected.subList(10, 15));
      JsonNode pageBody = Http.json(http.get("/api/balances?paging=page&page=3&pageSize=5"));
      assertThat(ids(pageBody.get("balances"), "customerId"))
          .containsExactlyElementsOf(expected.subList(10, 15));
    }
  }

  private static List<String> offsetPage(Http http, String path, String items, String idField) {
    return ids(Http.json(http.get(path)).get(items), idField);
  }

  private static List<String> ids(JsonNode items, String idField) {
    List<String> ids = new ArrayList<>();
    items.forEach(i -> ids.add(i.get(idField).stringValue()));
    return ids;
  }
}
