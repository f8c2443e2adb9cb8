package dev.junction.bench.consume;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.erp.SampleErp;
import dev.junction.pipeline.Run;
import dev.junction.pipeline.RunStatus;
import dev.junction.pipeline.Runner;
import java.util.Locale;

/**
 * Data aggregation end to end from the sample ERP with latency off: N customers (primary) left
 * joined with N balances (secondary) by customer id. Reports records/s (goal ≥ 100,000) and heap:
 * the ERP's own data (same JVM) is measured before the run and shown separately.
 *
 * <p>Run: {@code java -Xmx1g -cp junction-bench/target/junction-bench.jar
 * dev.junction.bench.consume.AggregationBench [N]} (default 200,000).
 */
public final class AggregationBench {
  private AggregationBench() {}

  /** Seconds the ERP needs to serve the customer and balance pages, without Junction. */
  private static double erpServeSeconds(SampleErp erp, int n) {
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      long start = System.nanoTime();
      for (int i = 0; i < (n + 999) / 1000; i++) {
        for (String q :
            new String[] {
              "/api/customers?offset=" + i * 1000 + "&limit=1000",
              "/api/balances?page=" + (i + 1) + "&pageSize=1000"
            }) {
          http.send(
              java.net.http.HttpRequest.newBuilder(java.net.URI.create(erp.baseUrl() + q)).build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
        }
      }
      return (System.nanoTime() - start) / 1e9;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) {
    Measure.quietLogs();
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    System.out.printf(
        "AggregationBench (%d cores, Java %s, max heap %d MiB)%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
    try (SampleErp erp = SampleErp.builder().port(0).seed(1).customers(n).orders(1).start()) {
      JunctionConfig config =
          ConfigLoader.parse(
              "bench.yaml",
              """
              connections:
                - name: erp
                  baseUrl: %s/api
                  requestTimeout: 60s
              integrations:
                - name: customers
                  sortingOrder: 10
                  connection: erp
                  endpoint:
                    path: customers
                    dataPath: data
                    pagination: { type: offset, pageSize: 1000, maxPages: 100000 }
                  aggregation:
                    - sourceEndpointSortingOrder: 11
                      joinType: left
                      primaryKeyJsonPath: id
                      foreignKeyJsonPath: customerId
                - name: customer-balances
                  sortingOrder: 11
                  connection: erp
                  endpoint:
                    path: balances
                    dataPath: balances
                    pagination: { type: page, pageParam: page, sizeParam: pageSize, pageSize: 1000, maxPages: 100000 }
              """
                  .formatted(erp.baseUrl()));
      try (Runner runner = Runner.builder(config).build()) {
        runner.run("customers"); // warm-up
        long erpHeap = Measure.usedHeapMiB();
        Measure.resetPeaks();
        long[] merged = {0};
        long start = System.nanoTime();
        Run run =
            runner.run(
                "customers",
                "bench",
                new dev.junction.pipeline.RunListener() {
                  @Override
                  public void row(dev.junction.pipeline.Row row) {
                    if (row.data().has("balance")) merged[0]++;
                  }
                });
        double seconds = (System.nanoTime() - start) / 1e9;
        if (run.status() != RunStatus.SUCCEEDED) {
          throw new IllegalStateException("bench run did not succeed: " + run.summary());
        }
        double perSecond = n / seconds;
        System.out.printf(
            Locale.ROOT,
            "primary %d × secondary %d: %d rows (%d merged) in %.2f s = %.0f records/s (goal >= 100000: %s); %d calls%n",
            n,
            n,
            run.rows(),
            merged[0],
            seconds,
            perSecond,
            perSecond >= 100_000 ? "ok" : "MISS",
            run.calls());
        System.out.printf(
            Locale.ROOT,
            "the ERP alone: %.1f s to serve the same %d pages to a bare HttpClient (sequential)%n",
            erpServeSeconds(erp, n),
            run.calls());
        System.out.printf(
            Locale.ROOT,
            "heap: %d MiB used before the run (sample ERP data in this JVM), peak %d MiB during the run%n",
            erpHeap,
            Measure.peakHeapMiB());
      }
    }
  }
}
