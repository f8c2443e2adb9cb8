package dev.junction.bench.consume;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.erp.Endpoint;
import dev.junction.erp.Fault;
import dev.junction.erp.SampleErp;
import dev.junction.pipeline.Run;
import dev.junction.pipeline.RunStatus;
import dev.junction.pipeline.Runner;
import java.time.Duration;
import java.util.Locale;

/**
 * Endpoint chaining: N orders × 1 child endpoint (the order's lines), with a fixed latency injected
 * into every sample ERP call. The physical limit of a run is calls × latency ÷ concurrency; the
 * goal is a wall time ≤ 1.25 × that limit at concurrency 32 and 256, and ≥ 20× faster than
 * concurrency 1 (the seed framework's serial behaviour, measured on a subset and scaled).
 *
 * <p>Run: {@code java -cp junction-bench/target/junction-bench.jar
 * dev.junction.bench.consume.ChainingBench [--quick]}. The ERP runs in the same JVM.
 */
public final class ChainingBench {
  private ChainingBench() {}

  public static void main(String[] args) {
    Measure.quietLogs();
    boolean quick = args.length > 0 && args[0].equals("--quick");
    System.out.printf(
        "ChainingBench (%d cores, Java %s)%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    System.out.println(
        "orders  latency  concurrency  calls  wall_ms  limit_ms  wall/limit  goal       serial_ms(scaled)  speedup  goal");
    scenario(quick ? 500 : 2_000, 20, quick ? 100 : 200);
    scenario(quick ? 2_000 : 10_000, 50, quick ? 40 : 100);
  }

  private static void scenario(int orders, int latencyMs, int serialSubset) {
    try (SampleErp erp =
        SampleErp.builder().port(0).seed(1).customers(100).orders(orders).start()) {
      Fault latency = Fault.none().withLatency(Duration.ofMillis(latencyMs));
      erp.faults().set(Endpoint.ORDERS, latency);
      erp.faults().set(Endpoint.ORDER_LINES, latency);
      // warm-up: a small run, not measured
      run(erp, 64, Math.min(orders, 500), false);
      System.out.printf(
          Locale.ROOT,
          "        (this machine's ceiling: %.0f plain HttpClient calls/s to the ERP with latency off)%n",
          ceiling(erp));
      Result serial = run(erp, 1, serialSubset, true);
      double serialScaled = serial.wallMs * (double) orders / serialSubset;
      for (int concurrency : new int[] {32, 256}) {
        Result r = run(erp, concurrency, orders, true);
        double limit = (double) r.calls * latencyMs / concurrency;
        double speedup = serialScaled / r.wallMs;
        System.out.printf(
            Locale.ROOT,
            "%6d  %5d ms  %11d  %5d  %7d  %8.0f  %10.2f  %-9s  %17.0f  %6.1fx  %s%n",
            orders,
            latencyMs,
            concurrency,
            r.calls,
            r.wallMs,
            limit,
            r.wallMs / limit,
            r.wallMs <= 1.25 * limit ? "<=1.25 ok" : "<=1.25 MISS",
            serialScaled,
            speedup,
            speedup >= 20 ? ">=20x ok" : ">=20x MISS");
      }
      System.out.printf(
          Locale.ROOT,
          "        (concurrency 1 measured on %d orders: %d calls in %d ms; limit %d ms)%n",
          serialSubset,
          serial.calls,
          serial.wallMs,
          serial.calls * latencyMs);
    }
  }

  private record Result(long wallMs, long calls) {}

  /** Calls/s of a bare HttpClient (1,000 concurrent GETs of one order's lines, latency off). */
  private static double ceiling(SampleErp erp) {
    Fault saved = erp.faults().get(Endpoint.ORDER_LINES);
    erp.faults().set(Endpoint.ORDER_LINES, Fault.none());
    java.net.URI uri =
        java.net.URI.create(erp.baseUrl() + "/api/orders/SO00000001/lines?limit=1000");
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      long start = System.nanoTime();
      var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
      for (int i = 0; i < 1000; i++) {
        futures.add(
            executor.submit(
                () ->
                    http.send(
                        java.net.http.HttpRequest.newBuilder(uri).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding())));
      }
      for (var f : futures) f.get();
      return 1000 / ((System.nanoTime() - start) / 1e9);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      erp.faults().set(Endpoint.ORDER_LINES, saved);
    }
  }

  private static Result run(SampleErp erp, int concurrency, int orders, boolean check) {
    JunctionConfig config = ConfigLoader.parse("bench.yaml", yaml(erp, concurrency, orders));
    try (Runner runner = Runner.builder(config).window(Math.max(64, concurrency * 2)).build()) {
      long start = System.nanoTime();
      Run run = runner.run("orders");
      long wall = (System.nanoTime() - start) / 1_000_000;
      if (check && (run.status() == RunStatus.FAILED || run.failedCalls() > 0)) {
        throw new IllegalStateException("bench run did not succeed: " + run.summary());
      }
      return new Result(wall, run.calls());
    }
  }

  /** Orders (cursor pages of up to 1000, limited to {@code orders}) and their lines. */
  public static String yaml(SampleErp erp, int concurrency, int orders) {
    int pageSize = Math.min(1000, orders);
    return """
        connections:
          - name: erp
            baseUrl: %s/api
            maxConcurrency: %d
            requestTimeout: 60s
        integrations:
          - name: orders
            sortingOrder: 20
            connection: erp
            endpoint:
              path: orders
              dataPath: result.items
              pagination: { type: cursor, nextCursorPath: result.nextCursor, sizeParam: limit, pageSize: %d, maxPages: %d }
          - name: order-lines
            sortingOrder: 21
            connection: erp
            chaining:
              parentEndpointSortOrder: 20
              parentKeyJsonPath: id
              childUrlTemplate: orders/{{parent.id}}/lines?limit=1000
              maxChildCalls: 1000000
        """
        .formatted(erp.baseUrl(), concurrency, pageSize, Math.max(1, orders / pageSize));
  }
}
