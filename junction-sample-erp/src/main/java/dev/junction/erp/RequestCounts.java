package dev.junction.erp;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters per endpoint and status, with striped adders so counting never contends. */
final class RequestCounts implements Stats {
  private final Map<Endpoint, ConcurrentHashMap<Integer, LongAdder>> counts =
      new java.util.EnumMap<>(Endpoint.class);

  RequestCounts() {
    for (Endpoint e : Endpoint.values()) {
      counts.put(e, new ConcurrentHashMap<>());
    }
  }

  void record(Endpoint endpoint, int status) {
    counts.get(endpoint).computeIfAbsent(status, s -> new LongAdder()).increment();
  }

  @Override
  public long count(Endpoint endpoint) {
    long sum = 0;
    for (LongAdder a : counts.get(endpoint).values()) {
      sum += a.sum();
    }
    return sum;
  }

  @Override
  public long count(Endpoint endpoint, int status) {
    LongAdder a = counts.get(endpoint).get(status);
    return a == null ? 0 : a.sum();
  }

  @Override
  public long total() {
    long sum = 0;
    for (Endpoint e : Endpoint.values()) {
      sum += count(e);
    }
    return sum;
  }

  @Override
  public Map<String, Map<Integer, Long>> snapshot() {
    Map<String, Map<Integer, Long>> result = new TreeMap<>();
    counts.forEach(
        (endpoint, byStatus) -> {
          Map<Integer, Long> statuses = new TreeMap<>();
          byStatus.forEach(
              (status, adder) -> {
                long n = adder.sum();
                if (n > 0) {
                  statuses.put(status, n);
                }
              });
          if (!statuses.isEmpty()) {
            result.put(endpoint.id(), statuses);
          }
        });
    return result;
  }

  @Override
  public void reset() {
    counts.values().forEach(byStatus -> byStatus.values().forEach(LongAdder::reset));
  }
}
