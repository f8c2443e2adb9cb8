package dev.junction.bench.consume;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Endpoint chaining: N orders × 1 child endpoint (the order's lines), with a fixed latency injected
 * into every sample ERP call, and the same workload as an Apache Camel 4 route ({@link
 * CamelChaining}) in the same run.
 *
 * <p>The ERP runs in its own JVM; each measured run runs in a fresh client JVM ({@link
 * ChainingWorker}, same {@code -Xmx} for every contender) after a warm-up round that is reported
 * separately. With two or more cores, the ERP is pinned to the last core and the clients to the
 * others ({@code taskset}; {@code BENCH_PIN=0} turns it off).
 *
 * <p>The physical limit of a run is calls × latency ÷ concurrency, where calls are all the calls
 * made: the order pages (cursor pages of 1,000, the ERP's largest) plus one line call per order.
 * Goals: wall ≤ 1.25 × limit at concurrency 32 and 256; ≥ 20× faster than concurrency 1 (the seed
 * framework's serial behaviour, measured on a subset and scaled); Junction at least as fast as
 * Camel's best configuration, with a lower peak heap.
 *
 * <p>Run: {@code junction-bench/bench.sh chaining [--quick] [--first] [--junction-only]}: {@code
 * --first} runs only the first scenario (2,000 orders at 20 ms), {@code --junction-only} only
 * Junction at concurrency 32 and 256 (no serial and no Camel runs).
 */
public final class ChainingBench {
  private static final String CLIENT_HEAP = "512m";
  private static final int PAGE_SIZE = 1000;

  /**
   * Orders per warm-up round of a concurrent run: two pages, like the measured 2,000-order run, so
   * that the warm-up takes the paths the measured runs take (the second page is fetched while the
   * first page's lines are; with one page per round, the measured runs deoptimised and recompiled
   * the connector's and the parser's hot methods, up to 0.3 s of compilation per run).
   */
  private static final int WARMUP_ORDERS = 2 * PAGE_SIZE;

  /**
   * Measured runs per concurrent contender, back to back in the same JVM after its warm-up; the
   * median is judged. A run at concurrency 256 lasts about 0.2 s, and single runs of it differed by
   * up to 35 % (a collection, a deoptimisation or a busy moment of the machine is a large share of
   * it). Concurrency-1 runs, seconds long and latency-bound, run once.
   */
  private static final int ROUNDS = 5;

  /** {@code --junction-only}: Junction at concurrency 32 and 256, no serial or Camel runs. */
  private static boolean junctionOnly;

  private ChainingBench() {}

  record Result(
      long wallMs,
      long wallMinMs,
      long wallMaxMs,
      long rounds,
      long calls,
      long rows,
      long checksum,
      long peakMiB,
      long afterGcMiB,
      long warmupMs,
      long cpuMs,
      long jitMs,
      long gcMs,
      long erpCpuMs) {
    static Result parse(String line) {
      Map<String, Long> v = new HashMap<>();
      for (String part : line.substring("RESULT ".length()).trim().split(" ")) {
        int eq = part.indexOf('=');
        v.put(part.substring(0, eq), Long.parseLong(part.substring(eq + 1)));
      }
      return new Result(
          v.get("wall_ms"),
          v.get("wall_min_ms"),
          v.get("wall_max_ms"),
          v.get("rounds"),
          v.get("calls"),
          v.get("rows"),
          v.get("checksum"),
          v.get("peak_heap_mib"),
          v.get("after_gc_mib"),
          v.get("warmup_ms"),
          v.get("cpu_ms"),
          v.get("jit_ms"),
          v.get("gc_ms"),
          -1);
    }

    /** With the ERP's CPU time over all rounds, per round. */
    Result withErpCpu(long ms) {
      return new Result(
          wallMs,
          wallMinMs,
          wallMaxMs,
          rounds,
          calls,
          rows,
          checksum,
          peakMiB,
          afterGcMiB,
          warmupMs,
          cpuMs,
          jitMs,
          gcMs,
          ms / rounds);
    }
  }

  public static void main(String[] args) throws Exception {
    List<String> options = List.of(args);
    boolean quick = options.contains("--quick");
    junctionOnly = options.contains("--junction-only");
    System.out.printf(
        "ChainingBench (%d cores, Java %s); %s%n",
        ErpProcess.cores(),
        Runtime.version(),
        ErpProcess.pinning()
            ? "sample ERP in its own JVM pinned to core "
                + (ErpProcess.cores() - 1)
                + ", each client in a fresh JVM pinned to core(s) "
                + ErpProcess.clientCores()
            : "sample ERP in its own JVM, client JVMs not pinned (no taskset, one core or BENCH_PIN=0)");
    System.out.printf(
        "client JVMs: -Xmx%s; calls = order pages (cursor, %d per page) + 1 line call per order;"
            + " limit = calls × latency ÷ concurrency%n",
        CLIENT_HEAP, PAGE_SIZE);
    scenario(quick ? 500 : 2_000, 20, quick ? 100 : 200);
    if (!options.contains("--first")) scenario(quick ? 2_000 : 10_000, 50, quick ? 40 : 100);
  }

  private static void scenario(int orders, int latencyMs, int serialSubset) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "%n%,d orders × 1 child endpoint, %d ms injected latency per call%n",
        orders,
        latencyMs);
    System.out.println(
        "contender                   conc  calls  wall_ms  (runs: min-max)  limit_ms  wall/limit  goal          vs c1     goal       peak_heap  after_gc  warmup_ms  cpu_ms client/ERP  jit/gc_ms");
    String latency = "latencyMs=" + latencyMs;
    try (ErpProcess erp =
        ErpProcess.start(
            "1g",
            List.of(
                "--seed",
                "1",
                "--customers",
                "100",
                "--orders",
                Integer.toString(orders),
                "--fault",
                "orders:" + latency,
                "--fault",
                "order-lines:" + latency))) {
      String base = erp.baseUrl().toString();
      int pages = (orders + PAGE_SIZE - 1) / PAGE_SIZE;
      List<String> paths = new ArrayList<>();
      for (int i = 1; i <= 1000; i++) {
        paths.add(String.format(Locale.ROOT, "/api/orders/SO%08d/lines?limit=1000", i));
        if (i % 100 == 0) paths.add("/api/orders?limit=" + PAGE_SIZE);
      }
      erp.warmUp(
          List.of("orders", "order-lines"), "{\"latencyMs\":" + latencyMs + "}", paths, 20_000);
      int warmupOrders = Math.min(WARMUP_ORDERS, orders); // --quick seeds fewer orders
      if (junctionOnly) {
        line(
            "junction",
            32,
            worker(erp, "junction", orders, PAGE_SIZE, 32, warmupOrders, ROUNDS),
            orders,
            orders,
            latencyMs,
            -1);
        line(
            "junction",
            256,
            worker(erp, "junction", orders, PAGE_SIZE, 256, warmupOrders, ROUNDS),
            orders,
            orders,
            latencyMs,
            -1);
        return;
      }
      Result jSerial = worker(erp, "junction", serialSubset, serialSubset, 1, 20, 1);
      Result cSerial = worker(erp, "camel", serialSubset, serialSubset, 1, 20, 1);
      double jSerialScaled = jSerial.wallMs() * (double) orders / serialSubset;
      double cSerialScaled = cSerial.wallMs() * (double) orders / serialSubset;
      line("junction c1 (scaled)", 1, jSerial, orders, serialSubset, latencyMs, -1);
      Result j32 = worker(erp, "junction", orders, PAGE_SIZE, 32, warmupOrders, ROUNDS);
      line("junction", 32, j32, orders, orders, latencyMs, jSerialScaled);
      Result j256 = worker(erp, "junction", orders, PAGE_SIZE, 256, warmupOrders, ROUNDS);
      line("junction", 256, j256, orders, orders, latencyMs, jSerialScaled);
      line("camel default (scaled)", 1, cSerial, orders, serialSubset, latencyMs, -1);
      Result c32 = worker(erp, "camel", orders, PAGE_SIZE, 32, warmupOrders, ROUNDS);
      line("camel parallelProcessing", 32, c32, orders, orders, latencyMs, cSerialScaled);
      long expectedRows = j32.rows();
      boolean same =
          j32.checksum() == j256.checksum()
              && j32.checksum() == c32.checksum()
              && j32.rows() == c32.rows();
      System.out.printf(
          Locale.ROOT,
          "  rows: %,d (orders and their lines, %d order pages + %,d line calls); Junction and Camel"
              + " emit the same rows in the same order: %s%n",
          expectedRows,
          pages,
          orders,
          same ? "yes" : "NO (checksums differ)");
      Result camelBest = c32.wallMs() <= cSerialScaled ? c32 : cSerial;
      System.out.printf(
          Locale.ROOT,
          "  vs Camel's best (parallelProcessing 32): wall %d ms vs %d ms (goal Junction <= Camel:"
              + " %s, %.2fx); peak heap %d vs %d MiB (goal lower: %s); heap after GC %s vs %s MiB%n",
          j32.wallMs(),
          camelBest.wallMs(),
          j32.wallMs() <= camelBest.wallMs() ? "ok" : "MISS",
          camelBest.wallMs() / (double) j32.wallMs(),
          j32.peakMiB(),
          c32.peakMiB(),
          j32.peakMiB() < c32.peakMiB() ? "ok" : "MISS",
          mib(j32.afterGcMiB()),
          mib(c32.afterGcMiB()));
      System.out.printf(
          Locale.ROOT,
          "  c1 runs measured on %d orders and scaled ×%.0f: Junction %d ms, Camel %d ms for %d"
              + " calls (limit %d ms)%n",
          serialSubset,
          orders / (double) serialSubset,
          jSerial.wallMs(),
          cSerial.wallMs(),
          jSerial.calls(),
          jSerial.calls() * latencyMs);
    }
  }

  private static String mib(long v) {
    return v < 0 ? "n/a (no GC)" : Long.toString(v);
  }

  private static void line(
      String name,
      int concurrency,
      Result r,
      int orders,
      int measuredOrders,
      int latencyMs,
      double serialScaledMs) {
    double scale = orders / (double) measuredOrders;
    double wall = r.wallMs() * scale;
    double calls = r.calls() * scale;
    double limit = calls * latencyMs / concurrency;
    boolean scaled = scale != 1;
    String goal = concurrency == 1 ? "" : wall <= 1.25 * limit ? "<=1.25 ok" : "<=1.25 MISS";
    String speedup =
        serialScaledMs < 0 ? "" : String.format(Locale.ROOT, "%.1fx", serialScaledMs / wall);
    String speedGoal =
        serialScaledMs < 0 ? "" : serialScaledMs / wall >= 20 ? ">=20x ok" : ">=20x MISS";
    System.out.printf(
        Locale.ROOT,
        "%-26s  %4d  %5.0f  %7.0f  %-15s  %8.0f  %10.2f  %-12s  %-8s  %-9s  %9s  %8s  %9s  %-17s  %s%n",
        name,
        concurrency,
        calls,
        wall,
        r.rounds() == 1
            ? "(1 run)"
            : String.format(Locale.ROOT, "(%d: %d-%d)", r.rounds(), r.wallMinMs(), r.wallMaxMs()),
        limit,
        wall / limit,
        goal,
        speedup,
        speedGoal,
        scaled ? "-" : r.peakMiB() + " MiB",
        scaled ? "-" : mib(r.afterGcMiB()),
        r.warmupMs(),
        (scaled ? "(subset) " : "") + r.cpuMs() + "/" + r.erpCpuMs(),
        r.jitMs() + "/" + r.gcMs());
  }

  /**
   * Runs {@code rounds} measured runs in a fresh client JVM and returns their figures (median wall
   * time, CPU per run).
   */
  private static Result worker(
      ErpProcess erp,
      String contender,
      int orders,
      int pageSize,
      int concurrency,
      int warmup,
      int rounds)
      throws IOException, InterruptedException {
    String base = erp.baseUrl().toString();
    List<String> cmd = new ArrayList<>(ErpProcess.clientCommand(CLIENT_HEAP));
    long erpCpu0 = -1;
    cmd.add(ChainingWorker.class.getName());
    cmd.addAll(
        List.of(
            contender,
            base,
            Integer.toString(orders),
            Integer.toString(pageSize),
            Integer.toString(concurrency),
            Integer.toString(warmup),
            Integer.toString(rounds)));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    Result result = null;
    StringBuilder other = new StringBuilder();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.equals("WARM")) {
          erpCpu0 = erp.cpuMillis();
          p.getOutputStream().write("GO\n".getBytes(StandardCharsets.UTF_8));
          p.getOutputStream().flush();
        } else if (line.startsWith("RESULT "))
          result = Result.parse(line).withErpCpu(erp.cpuMillis() - erpCpu0);
        else other.append(line).append('\n');
      }
    }
    int exit = p.waitFor();
    if (result == null || exit != 0) {
      throw new IllegalStateException(
          contender + " c" + concurrency + " failed (exit " + exit + "):\n" + other);
    }
    return result;
  }
}
