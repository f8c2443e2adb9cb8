package dev.junction.erp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class StatsIT {

  @Test
  void countsRequestsPerEndpointAndStatusAndResets() {
    try (SampleErp erp = SampleErp.builder().customers(10).orders(10).products(10).start()) {
      Http http = new Http(erp.baseUrl());
      http.get("/api/customers");
      http.get("/api/customers/C000001");
      http.get("/api/customers/NOPE");
      http.get("/api/orders/SO00000001/lines");
      http.get("/api/inventory/b");
      http.get("/admin/health");

      assertThat(erp.stats().count(Endpoint.CUSTOMERS)).isEqualTo(3);
      assertThat(erp.stats().count(Endpoint.CUSTOMERS, 200)).isEqualTo(2);
      assertThat(erp.stats().count(Endpoint.CUSTOMERS, 404)).isEqualTo(1);
      assertThat(erp.stats().count(Endpoint.ORDER_LINES)).isEqualTo(1);
      assertThat(erp.stats().count(Endpoint.ORDERS)).isZero();
      assertThat(erp.stats().count(Endpoint.INVENTORY_B, 200)).isEqualTo(1);
      assertThat(erp.stats().total()).isEqualTo(5);

      JsonNode snapshot = Http.json(http.get("/admin/stats"));
      assertThat(snapshot.at("/customers/200").asLong()).isEqualTo(2);
      assertThat(snapshot.at("/customers/404").asLong()).isEqualTo(1);
      assertThat(snapshot.has("orders")).isFalse();

      assertThat(http.delete("/admin/stats").statusCode()).isEqualTo(204);
      assertThat(erp.stats().total()).isZero();

      http.get("/api/products");
      erp.stats().reset();
      assertThat(erp.stats().count(Endpoint.PRODUCTS)).isZero();
    }
  }

  @Test
  void provesHowManyChildCallsAClientMade() {
    try (SampleErp erp = SampleErp.builder().customers(10).orders(30).products(10).start()) {
      Http http = new Http(erp.baseUrl());
      JsonNode orders = Http.json(http.get("/api/orders?limit=7")).at("/result/items");
      orders.forEach(o -> http.get("/api/orders/" + o.get("id").stringValue() + "/lines"));

      assertThat(erp.stats().count(Endpoint.ORDERS)).isEqualTo(1);
      assertThat(erp.stats().count(Endpoint.ORDER_LINES, 200)).isEqualTo(7);
    }
  }
}
