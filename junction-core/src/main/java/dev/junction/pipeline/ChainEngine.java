package dev.junction.pipeline;

import dev.junction.JunctionException;
import dev.junction.config.ChainingConfig.OnChildError;
import dev.junction.config.IntegrationConfig;
import dev.junction.connect.Connector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Endpoint chaining: streams the root's records and, for each, fetches its children (and their
 * children) on virtual threads, while emitting rows in the exact interleaved order — each parent
 * immediately followed by its child rows, siblings in chain order. At most {@code window} parents
 * are in flight, so memory stays bounded; the connection's concurrency limit bounds the calls.
 *
 * <p>Max Child Calls is counted per child endpoint and reserved before a fetch starts, in parent
 * order for the root's children, so no call beyond the limit is ever made.
 */
final class ChainEngine {
  private final Function<String, Connector> connectors;
  private final Map<Integer, List<IntegrationConfig>> childrenByParent;
  private final PageFetcher fetcher;
  private final RunState run;
  private final OnChildFetchError hook;
  private final ExecutorService executor;
  private final int window;
  private final Map<Integer, AtomicInteger> childCalls = new ConcurrentHashMap<>();
  private final Map<Integer, AtomicBoolean> limitWarned = new ConcurrentHashMap<>();
  private final Map<Integer, ChildUrlTemplate> templates = new ConcurrentHashMap<>();

  /** Thrown inside child tasks when the error policy says stop. */
  static final class StopRun extends RuntimeException {
    StopRun(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  private record Pending(Row row, Future<List<Row>> subtree) {}

  ChainEngine(
      Function<String, Connector> connectors,
      Map<Integer, List<IntegrationConfig>> childrenByParent,
      PageFetcher fetcher,
      RunState run,
      OnChildFetchError hook,
      ExecutorService executor,
      int window) {
    this.connectors = connectors;
    this.childrenByParent = childrenByParent;
    this.fetcher = fetcher;
    this.run = run;
    this.hook = hook;
    this.executor = executor;
    this.window = window;
  }

  /**
   * Streams {@code root}'s interleaved rows into {@code sink}. {@code rootFilter} may change a root
   * row (aggregation) or drop it (returns null) before its children are fetched.
   *
   * @throws StopRun when a child failed under the stop policy (the rows of earlier parents were
   *     emitted; that parent and later ones are not)
   */
  void run(IntegrationConfig root, UnaryOperator<Row> rootFilter, Consumer<Row> sink) {
    Connector connector = connectors.apply(root.connection());
    ArrayDeque<Pending> inFlight = new ArrayDeque<>();
    Consumer<ObjectNode> accept =
        record -> {
          Row row =
              rootFilter.apply(new Row(root.name(), root.sortingOrder(), 0, record, null, null));
          if (row == null) return;
          inFlight.add(new Pending(row, expand(row)));
          while (inFlight.size() >= window) emit(inFlight.poll(), sink);
        };
    try {
      if (executor == null) {
        fetcher.fetch(
            connector,
            root.name(),
            root.endpoint(),
            connector.resolve(root.endpoint().path()),
            accept);
      } else {
        fetcher.fetchAhead(
            executor,
            Math.max(window, PageFetcher.AHEAD),
            connector,
            root.name(),
            root.endpoint(),
            connector.resolve(root.endpoint().path()),
            accept);
      }
      while (!inFlight.isEmpty()) emit(inFlight.poll(), sink);
    } catch (RuntimeException e) {
      for (Pending p : inFlight) if (p.subtree() != null) p.subtree().cancel(true);
      throw e;
    }
  }

  private void emit(Pending p, Consumer<Row> sink) {
    List<Row> children = p.subtree() == null ? List.of() : await(p.subtree());
    sink.accept(p.row());
    for (Row r : children) sink.accept(r);
  }

  private static List<Row> await(Future<List<Row>> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PipelineException("run interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw new PipelineException("child fetch failed: " + e.getCause(), e.getCause());
    }
  }

  /** Reserves the child calls of {@code parent} now and fetches them on a virtual thread. */
  private Future<List<Row>> expand(Row parent) {
    List<IntegrationConfig> links = childrenByParent.getOrDefault(parent.sortingOrder(), List.of());
    if (links.isEmpty()) return null;
    List<IntegrationConfig> allowed = new ArrayList<>(links.size());
    for (IntegrationConfig link : links) if (reserve(link)) allowed.add(link);
    if (allowed.isEmpty()) return null;
    if (executor == null) return CompletableFuture.completedFuture(children(parent, allowed));
    return executor.submit(() -> children(parent, allowed));
  }

  private boolean reserve(IntegrationConfig link) {
    int n =
        childCalls.computeIfAbsent(link.sortingOrder(), k -> new AtomicInteger()).incrementAndGet();
    if (n <= link.chaining().maxChildCalls()) return true;
    if (limitWarned
        .computeIfAbsent(link.sortingOrder(), k -> new AtomicBoolean())
        .compareAndSet(false, true)) {
      run.warn(
          "Maximum child calls reached: endpoint '"
              + link.name()
              + "' (sorting order "
              + link.sortingOrder()
              + ") made its "
              + link.chaining().maxChildCalls()
              + " calls (Max Child Calls "
              + link.chaining().maxChildCalls()
              + "); remaining parents skip it");
    }
    return false;
  }

  private List<Row> children(Row parent, List<IntegrationConfig> links) {
    List<Row> out = new ArrayList<>();
    for (IntegrationConfig link : links) {
      List<Row> rows = new ArrayList<>();
      try {
        ChildUrlTemplate template =
            templates.computeIfAbsent(
                link.sortingOrder(),
                k -> ChildUrlTemplate.compile(link.chaining().childUrlTemplate()));
        String path = template.expand(parent.data(), link.name());
        Connector connector = connectors.apply(link.connection());
        JsonNode parentKey =
            link.chaining().parentKeyJsonPath() == null
                ? null
                : JsonPath.cached(link.chaining().parentKeyJsonPath()).read(parent.data());
        ObjectNode parentData = parent.data();
        fetcher.fetch(
            connector,
            link.name(),
            link.endpoint(),
            connector.resolve(path),
            record ->
                rows.add(
                    new Row(
                        link.name(),
                        link.sortingOrder(),
                        parent.depth() + 1,
                        record,
                        parentData,
                        parentKey)));
      } catch (JunctionException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new StopRun("cancelled: the run stopped", e); // no hook, no warning
        }
        OnChildError decision =
            hook.onChildFetchError(
                new ChildFetchFailed(
                    link.name(), parent.data(), e.getMessage(), e, link.chaining().onChildError()));
        if (decision == OnChildError.STOP) {
          throw new StopRun(
              e.getMessage()
                  + "; run stopped (error policy stop of child endpoint '"
                  + link.name()
                  + "')",
              e);
        }
        run.warn(e.getMessage() + "; run continues with next parent");
        continue;
      }
      List<Pending> pending = new ArrayList<>(rows.size());
      for (Row r : rows) pending.add(new Pending(r, expand(r)));
      for (Pending p : pending) {
        out.add(p.row());
        if (p.subtree() != null) out.addAll(await(p.subtree()));
      }
    }
    return out;
  }
}
