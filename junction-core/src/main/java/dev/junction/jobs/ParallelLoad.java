package dev.junction.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one function over several parts at once: the first part on the calling thread, the others on
 * threads of its own, and waits for all of them. Close it to end the threads.
 */
final class ParallelLoad implements AutoCloseable {
  private final ExecutorService pool;

  /** {@code threads} threads besides the caller's, named after {@code name}. */
  ParallelLoad(int threads, String name) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r ->
                Thread.ofPlatform()
                    .daemon()
                    .name("junction-import-loader-" + name + "-" + n.incrementAndGet())
                    .unstarted(r));
  }

  /**
   * {@code work} applied to each of {@code parts}, results in the order of the parts. Every part
   * has ended when this returns or throws; the first failure (in part order) is rethrown.
   *
   * @throws RunContext.Stopping when the caller is interrupted while it waits
   */
  <P, R> List<R> run(List<P> parts, Function<P, R> work) {
    List<Future<R>> others = new ArrayList<>(parts.size() - 1);
    for (P part : parts.subList(1, parts.size())) others.add(pool.submit(() -> work.apply(part)));
    List<R> results = new ArrayList<>(parts.size());
    RuntimeException failure = null;
    try {
      results.add(work.apply(parts.getFirst()));
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Future<R> f : others) {
      try {
        results.add(f.get());
      } catch (InterruptedException e) {
        for (Future<R> o : others) o.cancel(true);
        Thread.currentThread().interrupt();
        throw new RunContext.Stopping();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException r
                  ? r
                  : new IllegalStateException(e.getCause());
        }
      }
    }
    if (failure != null) throw failure;
    return results;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
