package dev.junction.pipeline;

import dev.junction.JunctionException;
import dev.junction.ValidationException.Violation;
import dev.junction.config.ConnectionConfig;
import dev.junction.config.EntityConfig;
import dev.junction.config.IntegrationConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.MappingConfig;
import dev.junction.connect.Connector;
import dev.junction.store.UpsertResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The {@link Runner}: one run at a time per call, streaming rows from the chain into batches. */
final class PipelineRunner implements Runner {
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private final JunctionConfig config;
  private final Map<String, IntegrationConfig> byName = new HashMap<>();
  private final Map<Integer, IntegrationConfig> bySortingOrder = new HashMap<>();
  private final Map<Integer, List<IntegrationConfig>> childrenByParent = new HashMap<>();
  private final Map<String, Connector> given;
  private final Map<String, Connector> created = new ConcurrentHashMap<>();
  private final Function<ConnectionConfig, Connector> factory;
  private final Function<String, Connector> connectors;
  private final RecordLoader loader;
  private final InstantSource clock;
  private final int batchSize;
  private final int window;
  private final OnChildFetchError hook;

  PipelineRunner(
      JunctionConfig config,
      Map<String, Connector> given,
      Function<ConnectionConfig, Connector> factory,
      RecordLoader loader,
      InstantSource clock,
      int batchSize,
      int window,
      OnChildFetchError hook) {
    this.config = config;
    this.given = given;
    this.factory = factory;
    this.loader = loader;
    this.clock = clock;
    this.batchSize = batchSize;
    this.window = window;
    this.hook = hook;
    for (IntegrationConfig i : config.integrations()) {
      byName.put(i.name(), i);
      bySortingOrder.put(i.sortingOrder(), i);
    }
    for (IntegrationConfig i : config.integrations()) {
      List<IntegrationConfig> children = config.children(i);
      if (!children.isEmpty()) childrenByParent.put(i.sortingOrder(), children);
    }
    this.connectors = this::connector;
  }

  private Connector connector(String name) {
    Connector c = given.get(name);
    if (c != null) return c;
    return created.computeIfAbsent(
        name,
        n ->
            factory.apply(
                config
                    .connection(n)
                    .orElseThrow(
                        () -> new PipelineException("Connection '" + n + "' is not configured"))));
  }

  @Override
  public void close() {
    created.values().forEach(Connector::close);
    created.clear();
  }

  /**
   * Runs on a virtual thread (the caller's, or a new one it waits for). The run hands rows back and
   * forth with its fetch tasks, which are virtual threads: one hand-off per child call. Between
   * virtual threads that is a continuation switch on the scheduler's carrier; between a platform
   * caller and virtual threads every hand-off parks and wakes an OS thread.
   */
  @Override
  public Run run(String name, String runId, RunListener listener) {
    if (Thread.currentThread().isVirtual()) return runHere(name, runId, listener);
    FutureTask<Run> task = new FutureTask<>(() -> runHere(name, runId, listener));
    Thread worker = Thread.ofVirtual().name("junction-run-" + runId).start(task);
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true; // the run stops at its next call or row, then reports
          worker.interrupt();
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException re) throw re;
          if (e.getCause() instanceof Error err) throw err;
          throw new PipelineException("run failed: " + e.getCause(), e.getCause());
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
  }

  private Run runHere(String name, String runId, RunListener listener) {
    IntegrationConfig integration = byName.get(name);
    if (integration == null) {
      throw new PipelineException(
          "Unknown integration '"
              + name
              + "'; configured: "
              + byName.keySet().stream().sorted().toList());
    }
    if (integration.isChild()) {
      IntegrationConfig parent =
          bySortingOrder.get(integration.chaining().parentEndpointSortOrder());
      throw new PipelineException(
          "This endpoint is configured as a child endpoint and cannot be run directly: '"
              + name
              + "' (sorting order "
              + integration.sortingOrder()
              + ") is a child of '"
              + (parent == null ? "?" : parent.name())
              + "' (sorting order "
              + integration.chaining().parentEndpointSortOrder()
              + "); run that integration instead");
    }
    Aggregation.validate(integration, bySortingOrder);
    Map<Integer, List<RowMapper>> mappers = new HashMap<>();
    List<String> entityOrder = new ArrayList<>();
    for (MappingConfig m : integration.mappings()) {
      EntityConfig entity = config.entity(m.entity()).orElse(null);
      if (entity == null)
        throw new PipelineException(
            "Integration '" + name + "' maps into unknown entity '" + m.entity() + "'");
      int from = m.rows().isParent() ? integration.sortingOrder() : m.rows().childSortingOrder();
      if (!bySortingOrder.containsKey(from))
        throw new PipelineException(
            "Integration '"
                + name
                + "' maps rows of sorting order "
                + from
                + " into '"
                + m.entity()
                + "', but no integration has that sorting order");
      mappers.computeIfAbsent(from, k -> new ArrayList<>()).add(new RowMapper(m, entity));
      if (!entityOrder.contains(m.entity())) entityOrder.add(m.entity());
    }

    Instant started = clock.instant();
    RunState state = new RunState(runId);
    listener.started(runId, name);
    Batches batches = new Batches(entityOrder, state);
    RunStatus status;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      PageFetcher fetcher = new PageFetcher(JSON, state);
      try {
        UnaryOperator<Row> filter = UnaryOperator.identity();
        if (!integration.aggregation().isEmpty()) {
          Aggregation aggregation =
              Aggregation.prepare(
                  integration, bySortingOrder, connectors, fetcher, state, executor);
          filter = aggregation::apply;
        }
        ChainEngine engine =
            new ChainEngine(connectors, childrenByParent, fetcher, state, hook, executor, window);
        engine.run(
            integration,
            filter,
            row -> {
              long n = state.rows.incrementAndGet();
              listener.row(row);
              for (RowMapper mapper : mappers.getOrDefault(row.sortingOrder(), List.of())) {
                RowMapper.Result result = mapper.map(row);
                String entity = mapper.mapping().entity();
                if (result.rejection() == null) {
                  List<Violation> violations = loader.validate(entity, result.record());
                  if (!violations.isEmpty()) {
                    Violation v = violations.getFirst();
                    result =
                        new RowMapper.Result(null, new RowMapper.Rejection(v.field(), v.message()));
                  }
                }
                if (result.rejection() != null) {
                  batches.fetched(entity);
                  state.rejected(
                      new RecordRejected(
                          entity, n, result.rejection().field(), result.rejection().reason()));
                } else {
                  batches.add(entity, result.record());
                }
              }
              if (batches.full(batchSize)) batches.flush();
              if (n % 1000 == 0) listener.progress(n, state.calls.sum());
            });
        batches.flush();
        status =
            state.warningCount.get() > 0 || !state.rejectedRows().isEmpty()
                ? RunStatus.PARTIAL
                : RunStatus.SUCCEEDED;
      } catch (ChainEngine.StopRun e) {
        batches.flush();
        state.error(e.getMessage());
        status = RunStatus.FAILED;
      } catch (JunctionException e) {
        safeFlush(batches, state);
        state.error(e.getMessage() + "; run stopped");
        status = RunStatus.FAILED;
      }
    }
    Run run =
        new Run(
            runId,
            name,
            status,
            started,
            Duration.between(started, clock.instant()),
            state.rows.get(),
            state.counts(),
            state.calls.sum(),
            state.attempts.sum(),
            state.failedCalls.sum(),
            state.warningCount.get(),
            state.warnings(),
            state.errors(),
            state.rejectedRows());
    listener.finished(run);
    return run;
  }

  private static void safeFlush(Batches batches, RunState state) {
    try {
      batches.flush();
    } catch (JunctionException e) {
      state.error(e.getMessage());
    }
  }

  /** Per-entity buffers, flushed together in mapping order (parents before children). */
  private final class Batches {
    private final Map<String, List<Map<String, Object>>> buffers = new LinkedHashMap<>();
    private final Map<String, long[]> fetched = new HashMap<>();
    private final RunState state;

    Batches(List<String> order, RunState state) {
      for (String e : order) {
        buffers.put(e, new ArrayList<>());
        fetched.put(e, new long[1]);
      }
      this.state = state;
    }

    void fetched(String entity) {
      fetched.get(entity)[0]++;
    }

    void add(String entity, Map<String, Object> record) {
      fetched.get(entity)[0]++;
      buffers.get(entity).add(record);
    }

    boolean full(int size) {
      for (List<Map<String, Object>> b : buffers.values()) if (b.size() >= size) return true;
      return false;
    }

    void flush() {
      for (Map.Entry<String, List<Map<String, Object>>> e : buffers.entrySet()) {
        String entity = e.getKey();
        long f = fetched.get(entity)[0];
        fetched.get(entity)[0] = 0;
        List<Map<String, Object>> batch = e.getValue();
        UpsertResult r =
            batch.isEmpty() ? UpsertResult.NONE : loader.upsert(entity, List.copyOf(batch));
        batch.clear();
        if (f > 0 || r.total() > 0)
          state.counted(entity, new EntityCounts(f, r.inserted(), r.updated(), r.unchanged(), 0));
      }
    }
  }
}
