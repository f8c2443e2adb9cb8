package dev.junction.bench.consume;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.pipeline.RecordLoader;
import dev.junction.pipeline.Run;
import dev.junction.pipeline.Runner;
import dev.junction.store.UpsertResult;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streaming end to end: imports every customer of a sample ERP running in another JVM (fetch → map
 * → validate → batches) with a small heap, to show memory does not grow with the data. The loader
 * counts the batches instead of writing them, so the figure is the pipeline's own.
 *
 * <p>{@code junction-bench/bench.sh streaming} starts a sample ERP with 1,000,000 customers in a
 * JVM of its own and runs this client with {@code -Xmx48m}; with a base URL argument it imports
 * from that ERP instead.
 */
public final class StreamingBench {
  private StreamingBench() {}

  public static void main(String[] args) throws IOException {
    Measure.quietLogs();
    if (args.length > 0) {
      run(args[0]);
      return;
    }
    try (ErpProcess erp =
        ErpProcess.start("2g", List.of("--seed", "1", "--customers", "1000000", "--orders", "1"))) {
      run(erp.baseUrl().toString());
    }
  }

  private static void run(String base) {
    JunctionConfig config =
        ConfigLoader.parse(
            "bench.yaml",
            """
            connections:
              - name: erp
                baseUrl: %s/api
                requestTimeout: 60s
            entities:
              - name: Customer
                key: [number]
                fields:
                  - { name: number, type: string, length: 20 }
                  - { name: name, type: string, length: 100 }
                  - { name: city, type: string, length: 60 }
                  - { name: creditLimit, type: decimal, precision: 18, scale: 2 }
                  - { name: lastModified, type: datetime }
            integrations:
              - name: customers
                sortingOrder: 10
                connection: erp
                endpoint:
                  path: customers
                  dataPath: data
                  pagination: { type: offset, pageSize: 1000, maxPages: 100000 }
                mappings:
                  - entity: Customer
                    fields:
                      - { field: number, source: id }
                      - { field: name, source: name }
                      - { field: city, source: city }
                      - { field: creditLimit, source: creditLimit }
                      - { field: lastModified, source: lastModified }
            """
                .formatted(base));
    AtomicLong loaded = new AtomicLong();
    RecordLoader counting =
        (String entity, List<Map<String, Object>> records) -> {
          loaded.addAndGet(records.size());
          return new UpsertResult(records.size(), 0, 0);
        };
    Measure.resetPeaks();
    try (Runner runner = Runner.builder(config).loader(counting).batchSize(500).build()) {
      long start = System.nanoTime();
      Run run = runner.run("customers");
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "%s: %d records mapped and loaded in %.1f s (%.0f records/s), %d calls; max heap %d MiB,"
              + " peak heap used %d MiB%n",
          run.status(),
          loaded.get(),
          seconds,
          loaded.get() / seconds,
          run.calls(),
          Runtime.getRuntime().maxMemory() / (1024 * 1024),
          Measure.peakHeapMiB());
    }
  }
}
