package dev.junction.bench.odata;

import dev.junction.store.Expr;
import dev.junction.store.Query;
import dev.junction.store.RecordStore;
import dev.junction.store.StoredRecord;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;

/**
 * The floor: the benchmark's four queries answered as plain JSON straight from the store, through
 * the same Tomcat, security and audit stack, with no OData layer (no parsing of query options, no
 * EDM, no Olingo serializer). {@code /plain/key?id=N}, {@code /plain/page}, {@code /plain/top},
 * {@code /plain/count}.
 */
@Configuration(proxyBeanMethods = false)
class PlainJsonFloor {
  static final Expr PAGE_FILTER =
      new Expr.And(
          List.of(
              Expr.eq("category", "C3"),
              new Expr.Compare(
                  Expr.CompareOp.GT, Expr.field("price"), Expr.literal(new BigDecimal("100")))));
  static final Expr COUNT_FILTER =
      new Expr.Compare(Expr.CompareOp.GT, Expr.field("price"), Expr.literal(new BigDecimal("500")));

  @Bean
  ServletRegistrationBean<HttpServlet> plainJson(RecordStore store) {
    ObjectMapper json = new ObjectMapper();
    HttpServlet servlet =
        new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest request, HttpServletResponse response)
              throws IOException {
            response.setContentType("application/json");
            OutputStream out = response.getOutputStream();
            switch (request.getPathInfo()) {
              case "/key" -> {
                StoredRecord r =
                    store
                        .get("Products", Map.of("ID", Integer.parseInt(request.getParameter("id"))))
                        .orElseThrow();
                json.writeValue(out, r.values());
              }
              case "/page" ->
                  write(
                      json,
                      out,
                      store,
                      new Query("Products", PAGE_FILTER, List.of(), 100, 0, null));
              case "/top" ->
                  write(
                      json,
                      out,
                      store,
                      new Query(
                          "Products",
                          null,
                          List.of(Query.Order.desc("price"), Query.Order.asc("ID")),
                          1000,
                          0,
                          null));
              case "/count" ->
                  out.write(Long.toString(store.count("Products", COUNT_FILTER)).getBytes());
              default -> response.setStatus(404);
            }
          }
        };
    return new ServletRegistrationBean<>(servlet, "/plain/*");
  }

  private static void write(ObjectMapper json, OutputStream out, RecordStore store, Query query) {
    try (Stream<StoredRecord> rows = store.query(query);
        JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeName("value");
      g.writeStartArray();
      rows.forEach(r -> json.writeValue(g, r.values()));
      g.writeEndArray();
      g.writeEndObject();
    }
  }
}
