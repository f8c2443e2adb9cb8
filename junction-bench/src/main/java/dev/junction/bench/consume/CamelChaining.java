package dev.junction.bench.consume;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.dataformat.JsonLibrary;

/**
 * The chaining workload as an Apache Camel 4 route, the way the Camel documentation writes a
 * content enricher over a paged REST API: loop over the order pages ({@code toD} the page URL,
 * unmarshal with Jackson, take the next cursor), {@code split} each page's orders and {@code
 * enrich} each order with its lines ({@code GET /api/orders/{id}/lines}), and collect the enriched
 * orders in split order into the same sink as Junction's rows (parent, then its lines).
 *
 * <p>Concurrency 1 is Camel's default configuration (a sequential split); concurrency N is {@code
 * parallelProcessing()} on an executor of N threads, with the HTTP component's connection pool
 * raised to N per route (its default is 20, which would cap the executor).
 */
final class CamelChaining implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CamelContext camel;
  private final ProducerTemplate template;
  private final AtomicLong calls = new AtomicLong();
  private volatile ChainingSink sink;

  CamelChaining(URI base, int concurrency) throws Exception {
    camel = new DefaultCamelContext();
    if (concurrency > 1) {
      HttpComponent http = camel.getComponent("http", HttpComponent.class);
      http.setConnectionsPerRoute(Math.max(20, concurrency));
      http.setMaxTotalConnections(Math.max(200, concurrency));
    }
    String api = base + "/api";
    AggregationStrategy addLines =
        (order, lines) -> {
          calls.incrementAndGet();
          if (lines.getException() != null) {
            order.setException(lines.getException());
            return order;
          }
          order.getMessage().getBody(Map.class).put("lines", parse(lines, List.class));
          return order;
        };
    AggregationStrategy collect =
        (previous, order) -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> o = order.getMessage().getBody(Map.class);
          ChainingSink s = sink;
          s.parent(String.valueOf(o.get("id")));
          @SuppressWarnings("unchecked")
          List<Map<String, Object>> lines = (List<Map<String, Object>>) o.get("lines");
          if (lines != null) {
            for (Map<String, Object> l : lines) {
              s.child(String.valueOf(l.get("orderId")), String.valueOf(l.get("lineNo")));
            }
          }
          if (order.getException() != null) {
            (previous == null ? order : previous).setException(order.getException());
          }
          return previous == null ? order : previous;
        };
    ExecutorService pool =
        concurrency > 1
            ? camel.getExecutorServiceManager().newFixedThreadPool(this, "split", concurrency)
            : null;
    camel.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            var split =
                from("direct:orders")
                    .loopDoWhile(exchangeProperty("next").isNotNull())
                    .removeHeaders("*")
                    .toD("${exchangeProperty.next}")
                    .unmarshal()
                    .json(JsonLibrary.Jackson, Map.class)
                    .process(
                        e -> {
                          calls.incrementAndGet();
                          @SuppressWarnings("unchecked")
                          Map<String, Object> page = e.getMessage().getBody(Map.class);
                          @SuppressWarnings("unchecked")
                          Map<String, Object> result = (Map<String, Object>) page.get("result");
                          Object cursor = result.get("nextCursor");
                          int pages = e.getProperty("pages", 0, Integer.class) + 1;
                          e.setProperty("pages", pages);
                          boolean more =
                              cursor != null && pages < e.getProperty("maxPages", Integer.class);
                          e.setProperty(
                              "next",
                              more
                                  ? e.getProperty("first", String.class) + "&cursor=" + cursor
                                  : null);
                          e.getMessage().setBody(result.get("items"));
                        })
                    .split(body(), collect);
            if (pool != null) split.parallelProcessing().executorService(pool);
            split
                .removeHeaders("*")
                .setHeader(Exchange.HTTP_METHOD, constant("GET"))
                .process(
                    e ->
                        e.getMessage()
                            .setHeader("orderId", e.getMessage().getBody(Map.class).get("id")))
                .enrich()
                .simple(api + "/orders/${header.orderId}/lines?limit=1000")
                .aggregationStrategy(addLines)
                .end() // enrich
                .end() // split
                .end(); // loop
          }
        });
    camel.start();
    template = camel.createProducerTemplate();
  }

  private static <T> T parse(Exchange e, Class<T> type) {
    try (InputStream in = e.getMessage().getBody(InputStream.class)) {
      return JSON.readValue(in, type);
    } catch (java.io.IOException ex) {
      throw new IllegalStateException("not JSON: " + ex.getMessage(), ex);
    }
  }

  /**
   * Runs the route over {@code maxPages} order pages of {@code pageSize} from {@code base}.
   *
   * @return the calls made (order pages plus line calls)
   */
  long run(URI base, int pageSize, int maxPages, ChainingSink into) {
    this.sink = into;
    long before = calls.get();
    String first = base + "/api/orders?limit=" + pageSize;
    Exchange result =
        template.send(
            "direct:orders",
            e -> {
              e.setProperty("first", first);
              e.setProperty("next", first);
              e.setProperty("maxPages", maxPages);
            });
    if (result.getException() != null) {
      throw new IllegalStateException(
          "Camel route failed: " + result.getException(), result.getException());
    }
    return calls.get() - before;
  }

  @Override
  public void close() {
    camel.stop();
  }
}
