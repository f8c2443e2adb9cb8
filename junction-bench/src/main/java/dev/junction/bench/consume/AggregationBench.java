package dev.junction.bench.consume;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.pipeline.Run;
import dev.junction.pipeline.RunStatus;
import dev.junction.pipeline.Runner;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Data aggregation end to end from the sample ERP with latency off: N customers (primary) left
 * joined with N balances (secondary) by customer id. Reports records/s (goal ≥ 100,000) and the
 * client's peak heap. The ERP runs in its own JVM (pinned to the last core when there are two or
 * more; the client is not pinned unless {@code BENCH_PIN_CLIENT=1}), so its data and its
 * serialization are not charged to the client.
 *
 * <p>Run: {@code junction-bench/bench.sh aggregation [N]} (default 200,000).
 */
public final class AggregationBench {
  private AggregationBench() {}

  /** Seconds the ERP needs to serve the customer and balance pages, without Junction. */
  private static double erpServeSeconds(URI base, int n) {
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      long start = System.nanoTime();
      for (int i = 0; i < (n + 999) / 1000; i++) {
        for (String q :
            new String[] {
              "/api/customers?offset=" + i * 1000 + "&limit=1000",
              "/api/balances?page=" + (i + 1) + "&pageSize=1000"
            }) {
          http.send(
              java.net.http.HttpRequest.newBuilder(base.resolve(q)).build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
        }
      }
      return (System.nanoTime() - start) / 1e9;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] args) throws Exception {
    Measure.quietLogs();
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    // Not pinned: the client's page producer (fetch and parse) and its merging thread may use
    // every core; the ERP (pinned to the last core) needs a fraction of one.
    boolean pinned = "1".equals(System.getenv("BENCH_PIN_CLIENT")) && ErpProcess.pinSelf();
    System.out.printf(
        "AggregationBench (%d cores, Java %s, client max heap %d MiB); sample ERP in its own JVM%s%n",
        ErpProcess.cores(),
        Runtime.version(),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        pinned
            ? " pinned to core "
                + (ErpProcess.cores() - 1)
                + ", client on core(s) "
                + ErpProcess.clientCores()
            : ErpProcess.pinning()
                ? " pinned to core " + (ErpProcess.cores() - 1) + ", client not pinned"
                : ", not pinned");
    try (ErpProcess erp =
        ErpProcess.start(
            "2g", List.of("--seed", "1", "--customers", Integer.toString(n), "--orders", "1"))) {
      URI base = erp.baseUrl();
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
                  .formatted(base));
      try (Runner runner = Runner.builder(config).build()) {
        int warmups = warmUp(runner);
        long[] merged = {0};
        Run run;
        double seconds;
        long peak;
        long cpuMs;
        long erpCpu0 = erp.cpuMillis();
        try (Measure.HeapWatch heap = new Measure.HeapWatch()) {
          java.util.Map<String, Long> threads0 = threadCpu();
          long cpu0 = cpuNanos();
          long start = System.nanoTime();
          run =
              runner.run(
                  "customers",
                  "bench",
                  new dev.junction.pipeline.RunListener() {
                    @Override
                    public void row(dev.junction.pipeline.Row row) {
                      if (row.data().has("balance")) merged[0]++;
                    }
                  });
          seconds = (System.nanoTime() - start) / 1e9;
          cpuMs = (cpuNanos() - cpu0) / 1_000_000;
          if (System.getenv("BENCH_THREADS") != null) {
            java.util.Map<String, Long> threads1 = threadCpu();
            long sum = 0;
            for (var e : threads1.entrySet()) {
              long d = (e.getValue() - threads0.getOrDefault(e.getKey(), 0L)) / 1_000_000;
              sum += d;
              if (d >= 10) System.out.println("  thread " + e.getKey() + ": " + d + " ms");
            }
            System.out.println("  Java threads " + sum + " ms of " + cpuMs + " ms");
          }
          peak = heap.peakMiB();
        }
        long erpCpuMs = erp.cpuMillis() - erpCpu0;
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
            "CPU during the run: client %d ms, ERP %d ms; client peak heap %d MiB; after %d warm-up"
                + " runs%n",
            cpuMs,
            erpCpuMs,
            peak,
            warmups);
        System.out.printf(
            Locale.ROOT,
            "the ERP alone: %.2f s to serve the same %d pages to a bare HttpClient (sequential)%n",
            erpServeSeconds(base, n),
            run.calls());
      }
    }
  }

  /**
   * Whole runs before the measured one, for the JIT (and the ERP's): at least two, then until a run
   * in which the compilers spent under 2 % of its time, at most six. After a single run the client
   * still spent ~45 % of the measured run's CPU in the C1 and C2 compiler threads (the per-page
   * code had run only 402 times). Returns the runs.
   */
  private static int warmUp(Runner runner) {
    var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    for (int i = 1; ; i++) {
      long compile0 = jit.getTotalCompilationTime();
      long t0 = System.nanoTime();
      Run run = runner.run("customers");
      if (run.status() != RunStatus.SUCCEEDED) {
        throw new IllegalStateException("warm-up run did not succeed: " + run.summary());
      }
      long runMs = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
      long compileMs = jit.getTotalCompilationTime() - compile0;
      if (i >= 6 || (i >= 2 && compileMs * 50 < runMs)) return i;
    }
  }

  private static java.util.Map<String, Long> threadCpu() {
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    java.util.Map<String, Long> out = new java.util.HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      var info = mx.getThreadInfo(id);
      long t = mx.getThreadCpuTime(id);
      if (info != null && t > 0) out.put(info.getThreadName() + "#" + id, t);
    }
    return out;
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
