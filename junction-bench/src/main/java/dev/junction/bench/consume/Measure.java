package dev.junction.bench.consume;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Heap figures for the benchmarks: peak heap used across heap pools since the last reset. */
final class Measure {
  private Measure() {}

  /** Logs at WARN: debug logging of the HTTP server would dominate the figures. */
  static void quietLogs() {
    ((ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(ch.qos.logback.classic.Level.WARN);
  }

  static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
    }
  }

  /** Sum of the heap pools' peak usage (an upper bound of the true peak), in MiB. */
  static long peakHeapMiB() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
    }
    return sum / (1024 * 1024);
  }

  /**
   * Heap high-water marks from the moment it is created: the peak heap used (every heap pool's
   * peak, summed — garbage included, so it depends on the collector's sizing) and the largest heap
   * left after a garbage collection (the live data plus what the collector did not reclaim yet).
   */
  static final class HeapWatch implements AutoCloseable {
    private final java.util.List<Runnable> unsubscribe = new java.util.ArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong maxAfterGc =
        new java.util.concurrent.atomic.AtomicLong(-1);
    private final java.util.Set<String> heapPools = new java.util.HashSet<>();

    HeapWatch() {
      resetPeaks();
      for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
        if (p.getType() == MemoryType.HEAP) heapPools.add(p.getName());
      }
      for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (!(gc instanceof javax.management.NotificationEmitter emitter)) continue;
        javax.management.NotificationListener listener =
            (notification, handback) -> {
              if (!notification
                  .getType()
                  .equals(
                      com.sun.management.GarbageCollectionNotificationInfo
                          .GARBAGE_COLLECTION_NOTIFICATION)) return;
              var info =
                  com.sun.management.GarbageCollectionNotificationInfo.from(
                      (javax.management.openmbean.CompositeData) notification.getUserData());
              long used = 0;
              for (var e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(e.getKey())) used += e.getValue().getUsed();
              }
              maxAfterGc.accumulateAndGet(used, Math::max);
            };
        emitter.addNotificationListener(listener, null, null);
        unsubscribe.add(
            () -> {
              try {
                emitter.removeNotificationListener(listener);
              } catch (javax.management.ListenerNotFoundException ignored) {
                // already gone
              }
            });
      }
    }

    long peakMiB() {
      return peakHeapMiB();
    }

    /** The largest heap after a collection, in MiB; -1 when no collection ran. */
    long maxAfterGcMiB() {
      long v = maxAfterGc.get();
      return v < 0 ? -1 : v / (1024 * 1024);
    }

    @Override
    public void close() {
      unsubscribe.forEach(Runnable::run);
    }
  }

  static long usedHeapMiB() {
    System.gc();
    Runtime r = Runtime.getRuntime();
    return (r.totalMemory() - r.freeMemory()) / (1024 * 1024);
  }
}
