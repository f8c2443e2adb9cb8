package dev.junction.bench;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry point of the benchmark jar: {@code java -jar junction-bench.jar <benchmark> [options]} runs
 * one benchmark's own {@code main}; without arguments it lists them.
 */
public final class Bench {
  private static final Map<String, String[]> BENCHMARKS = new LinkedHashMap<>();

  static {
    add(
        "store",
        "dev.junction.bench.store.StoreBench",
        "batched upsert into H2 and PostgreSQL vs COPY");
    add(
        "chaining",
        "dev.junction.bench.consume.ChainingBench",
        "endpoint chaining vs calls x latency / concurrency, and vs Apache Camel");
    add(
        "httpclient",
        "dev.junction.bench.consume.HttpClientBench",
        "CPU per call of HTTP clients against the sample ERP at 32 and 256 concurrent calls");
    add(
        "aggregation",
        "dev.junction.bench.consume.AggregationBench",
        "200k x 200k aggregation from the sample ERP");
    add(
        "streaming",
        "dev.junction.bench.consume.StreamingBench",
        "1M-record import in bounded memory");
    add(
        "sync",
        "dev.junction.bench.sync.SyncBench",
        "Sync API drain of 1M changes vs OData paging, over HTTP");
    add("batch", "dev.junction.bench.batch.BatchBench", "package export/import vs PostgreSQL COPY");
    add(
        "odata",
        "dev.junction.bench.odata.ODataBench",
        "OData server for the CAP comparison (see odata-bench.sh)");
  }

  private Bench() {}

  private static void add(String name, String mainClass, String what) {
    BENCHMARKS.put(name, new String[] {mainClass, what});
  }

  public static void main(String[] args) throws Throwable {
    if (args.length == 0 || !BENCHMARKS.containsKey(args[0])) {
      if (args.length > 0) System.err.println("unknown benchmark '" + args[0] + "'");
      System.err.println("usage: java -jar junction-bench.jar <benchmark> [options]");
      BENCHMARKS.forEach((name, v) -> System.err.printf("  %-12s %s%n", name, v[1]));
      System.exit(args.length == 0 ? 0 : 2);
    }
    String mainClass = BENCHMARKS.get(args[0])[0];
    Method main;
    try {
      main = Class.forName(mainClass).getMethod("main", String[].class);
    } catch (ClassNotFoundException e) {
      System.err.println(
          "benchmark '" + args[0] + "' is not built into this jar (" + mainClass + ")");
      System.exit(2);
      return;
    }
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
