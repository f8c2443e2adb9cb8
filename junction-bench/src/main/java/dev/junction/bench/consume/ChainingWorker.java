package dev.junction.bench.consume;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.pipeline.Row;
import dev.junction.pipeline.Run;
import dev.junction.pipeline.RunListener;
import dev.junction.pipeline.RunStatus;
import dev.junction.pipeline.Runner;
import java.net.URI;
import java.util.Locale;

/**
 * One measured chaining run in a fresh JVM, started by {@link ChainingBench}: {@code junction} or
 * {@code camel}, against an ERP that runs in another JVM. Warm-up rounds of {@code warmup} orders
 * at the same concurrency come first (JIT, and the connection pool filled to the concurrency); its
 * time is reported separately. Then {@code rounds} measured runs back to back (see {@link
 * #measure}). Prints one {@code RESULT} line for the bench to read.
 *
 * <p>Args: {@code <junction|camel> <ERP base URL> <orders> <page size> <concurrency> <warmup>
 * [rounds]}.
 */
public final class ChainingWorker {
  /**
   * Warm-up before the measured run, for either contender: at least {@value #MIN_WARMUP} rounds
   * and, when calls run concurrently, at least {@value #MIN_WARMUP_CALLS} calls; then until the JIT
   * has settled — two rounds in a row in which the compilers spent less than {@value
   * #SETTLED_PERCENT} % of the round's time — or {@value #MAX_WARMUP} rounds. The settled test
   * alone is fooled: after 3,000–10,000 calls much of the per-call code still runs in C1's
   * profiling tier, which compiles nothing new until C2's thresholds are reached, so the measured
   * run at concurrency 256 used 30–40 % more CPU than after 20,000 calls (and allocated more: C1
   * code does no escape analysis). The concurrency-1 runs are latency-bound: they keep the minimum.
   */
  private static final int MIN_WARMUP = 3;

  private static final int MIN_WARMUP_CALLS = 20_000;
  private static final int MAX_WARMUP = 40;
  private static final int SETTLED_PERCENT = 1;

  /** One warm-up round; returns nothing, fails on a failed round. */
  @FunctionalInterface
  private interface Round {
    void run() throws Exception;
  }

  /**
   * Runs warm-up rounds of {@code callsPerRound} calls at {@code concurrency} until the JIT has
   * settled (see {@link #MIN_WARMUP}); returns the rounds.
   */
  private static int warmUp(Round round, int callsPerRound, int concurrency) throws Exception {
    int minRounds =
        concurrency == 1
            ? MIN_WARMUP
            : Math.max(MIN_WARMUP, (MIN_WARMUP_CALLS + callsPerRound - 1) / callsPerRound);
    var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    int settled = 0;
    for (int i = 1; ; i++) {
      long compile0 = jit.getTotalCompilationTime();
      long t0 = System.nanoTime();
      round.run();
      long roundMs = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
      long compileMs = jit.getTotalCompilationTime() - compile0;
      settled = compileMs * 100 < SETTLED_PERCENT * roundMs ? settled + 1 : 0;
      if (i >= MAX_WARMUP || (i >= minRounds && settled >= 2)) return i;
    }
  }

  private ChainingWorker() {}

  /** One measured run into {@code sink}; returns the calls it made. */
  @FunctionalInterface
  private interface Measured {
    long run(ChainingSink sink) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Measure.quietLogs();
    String contender = args[0];
    URI base = URI.create(args[1]);
    int orders = Integer.parseInt(args[2]);
    int pageSize = Integer.parseInt(args[3]);
    int concurrency = Integer.parseInt(args[4]);
    int warmup = Integer.parseInt(args[5]);
    int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 1;
    int pages = Math.max(1, (orders + pageSize - 1) / pageSize);
    int warmupPageSize = Math.max(1, Math.min(pageSize, warmup));
    int warmupPages = Math.max(1, (warmup + warmupPageSize - 1) / warmupPageSize);
    switch (contender) {
      case "junction" -> {
        JunctionConfig config =
            ConfigLoader.parse(
                "bench.yaml",
                yaml(base, concurrency, pageSize, pages, warmupPageSize, warmupPages));
        try (Runner runner =
            Runner.builder(config).window(Math.max(128, concurrency * 2)).build()) {
          long t0 = System.nanoTime();
          // the same listener code as the measured run, into a sink that is thrown away
          if (warmup > 0)
            warmUp(
                () -> check(runner.run("warmup", "warmup", listener(new ChainingSink()))),
                warmup + warmupPages,
                concurrency);
          long warmupMs = (System.nanoTime() - t0) / 1_000_000;
          measure(
              sink -> {
                Run run = runner.run("orders", "bench", listener(sink));
                check(run);
                return run.calls();
              },
              rounds,
              warmupMs);
        }
      }
      case "camel" -> {
        try (CamelChaining camel = new CamelChaining(base, concurrency)) {
          long t0 = System.nanoTime();
          if (warmup > 0)
            warmUp(
                () -> camel.run(base, warmupPageSize, warmupPages, new ChainingSink()),
                warmup + warmupPages,
                concurrency);
          long warmupMs = (System.nanoTime() - t0) / 1_000_000;
          measure(sink -> camel.run(base, pageSize, pages, sink), rounds, warmupMs);
        }
      }
      default -> throw new IllegalArgumentException("contender must be junction or camel");
    }
  }

  /**
   * Runs {@code rounds} measured runs back to back and prints the {@code RESULT} line: the median,
   * fastest and slowest wall time, the CPU time per run, and the heap of the first run (peak,
   * garbage included, and the most left after a collection). Every run must emit the same rows in
   * the same order.
   */
  private static void measure(Measured measured, int rounds, long warmupMs) throws Exception {
    handshake();
    long[] walls = new long[rounds];
    long calls = 0;
    long rows = 0;
    long checksum = 0;
    long peak = 0;
    long afterGc = 0;
    var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
    long jit0 = jit.getTotalCompilationTime();
    long gc0 = gcMillis();
    long cpu0 = cpuNanos();
    try (Measure.HeapWatch heap = new Measure.HeapWatch()) {
      for (int i = 0; i < rounds; i++) {
        ChainingSink sink = new ChainingSink();
        long start = System.nanoTime();
        calls = measured.run(sink);
        walls[i] = (System.nanoTime() - start) / 1_000_000;
        if (i == 0) {
          peak = heap.peakMiB();
          afterGc = heap.maxAfterGcMiB();
          rows = sink.rows();
          checksum = sink.checksum();
        } else if (sink.rows() != rows || sink.checksum() != checksum) {
          throw new IllegalStateException("run " + (i + 1) + " emitted other rows than run 1");
        }
      }
    }
    long cpuMs = (cpuNanos() - cpu0) / 1_000_000 / rounds;
    long jitMs = (jit.getTotalCompilationTime() - jit0) / rounds;
    long gcMs = (gcMillis() - gc0) / rounds;
    java.util.Arrays.sort(walls);
    System.out.printf(
        Locale.ROOT,
        "RESULT wall_ms=%d wall_min_ms=%d wall_max_ms=%d rounds=%d calls=%d rows=%d checksum=%d"
            + " peak_heap_mib=%d after_gc_mib=%d warmup_ms=%d cpu_ms=%d jit_ms=%d gc_ms=%d%n",
        walls[rounds / 2],
        walls[0],
        walls[rounds - 1],
        rounds,
        calls,
        rows,
        checksum,
        peak,
        afterGc,
        warmupMs,
        cpuMs,
        jitMs,
        gcMs);
  }

  /** Time the collectors spent so far (pauses and concurrent work, as the JVM reports it). */
  private static long gcMillis() {
    long ms = 0;
    for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  /** Hands each row to {@code sink}: orders as parents, lines as their children. */
  private static RunListener listener(ChainingSink sink) {
    return new RunListener() {
      @Override
      public void row(Row row) {
        if (row.depth() == 0) sink.parent(row.data().get("id").asString());
        else sink.child(row.data().get("orderId").asString(), row.data().get("lineNo").asString());
      }
    };
  }

  /** Tells the bench the warm-up is over and waits for its go (it samples the ERP's CPU time). */
  private static void handshake() throws java.io.IOException {
    System.out.println("WARM");
    System.out.flush();
    new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
  }

  /** CPU time this JVM used so far, all threads, in nanoseconds. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** A run over a subset ends at its maxPages guard with a warning: that is expected here. */
  private static void check(Run run) {
    if (run.status() == RunStatus.FAILED || run.failedCalls() > 0 || !run.errors().isEmpty()) {
      throw new IllegalStateException("bench run did not succeed: " + run.summary());
    }
  }

  /**
   * Orders (cursor pages of {@code pageSize}, {@code pages} of them) and their lines; {@code
   * warmup} is the same chain over {@code warmupPages} pages of {@code warmupPageSize}, on the same
   * connection.
   */
  static String yaml(
      URI base, int concurrency, int pageSize, int pages, int warmupPageSize, int warmupPages) {
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
          - name: warmup
            sortingOrder: 30
            connection: erp
            endpoint:
              path: orders
              dataPath: result.items
              pagination: { type: cursor, nextCursorPath: result.nextCursor, sizeParam: limit, pageSize: %d, maxPages: %d }
          - name: warmup-lines
            sortingOrder: 31
            connection: erp
            chaining:
              parentEndpointSortOrder: 30
              parentKeyJsonPath: id
              childUrlTemplate: orders/{{parent.id}}/lines?limit=1000
              maxChildCalls: 1000000
        """
        .formatted(base, concurrency, pageSize, pages, warmupPageSize, warmupPages);
  }
}
