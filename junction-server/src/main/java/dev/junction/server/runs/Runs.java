package dev.junction.server.runs;

import dev.junction.config.JunctionConfig;
import dev.junction.pipeline.PipelineException;
import dev.junction.pipeline.Run;
import dev.junction.pipeline.RunListener;
import dev.junction.pipeline.RunStatus;
import dev.junction.pipeline.Runner;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts runs on virtual threads and keeps the last {@link #KEEP} per integration in memory, so
 * that {@code GET …/runs/{id}} can report them while they run and after they end. Thread-safe.
 */
public final class Runs {
  /** Runs kept per integration; older ones are forgotten (their calls stay in the audit log). */
  public static final int KEEP = 100;

  private static final Logger log = LoggerFactory.getLogger(Runs.class);

  private final JunctionConfig config;
  private final Runner runner;
  private final InstantSource clock;
  private final Map<String, LinkedHashMap<String, Tracked>> byIntegration = new HashMap<>();

  Runs(JunctionConfig config, Runner runner, InstantSource clock) {
    this.config = config;
    this.runner = runner;
    this.clock = clock;
  }

  /** Whether {@code integration} is configured (child endpoints included). */
  public boolean knows(String integration) {
    return config.integration(integration).isPresent();
  }

  /**
   * Starts {@code integration} on a virtual thread and returns once the engine has accepted it.
   *
   * @throws PipelineException when the engine refuses it before fetching anything (unknown
   *     integration, child endpoint, bad aggregation source or mapping), with the engine's message
   */
  public Tracked start(String integration) {
    Tracked t = new Tracked(UUID.randomUUID().toString(), integration, clock.instant());
    CompletableFuture<Void> accepted = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("run-" + integration)
        .start(
            () -> {
              try {
                Run run = runner.run(integration, t.id, t.listener(accepted));
                t.finish(run);
                log.info("{}", run.summary());
              } catch (RuntimeException | Error e) {
                // Refused before it started: the caller rethrows it; later: a FAILED run.
                if (!accepted.completeExceptionally(e)) {
                  log.error("run {} of '{}' ended unexpectedly", t.id, integration, e);
                  t.crash(e);
                }
              }
            });
    try {
      accepted.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error r) throw r;
      throw e;
    }
    synchronized (byIntegration) {
      LinkedHashMap<String, Tracked> runs =
          byIntegration.computeIfAbsent(integration, k -> new LinkedHashMap<>());
      runs.put(t.id, t);
      if (runs.size() > KEEP) runs.remove(runs.keySet().iterator().next());
    }
    return t;
  }

  /** The run {@code id} of {@code integration}, if it is among the last {@link #KEEP}. */
  public Optional<Tracked> find(String integration, String id) {
    synchronized (byIntegration) {
      Map<String, Tracked> runs = byIntegration.get(integration);
      return Optional.ofNullable(runs == null ? null : runs.get(id));
    }
  }

  /** The kept runs of {@code integration}, newest first. */
  public List<Tracked> recent(String integration) {
    synchronized (byIntegration) {
      List<Tracked> runs =
          new ArrayList<>(byIntegration.getOrDefault(integration, new LinkedHashMap<>()).values());
      return runs.reversed();
    }
  }

  /** One started run: its progress while it runs, its {@link Run} once finished. */
  public final class Tracked {
    private final String id;
    private final String integration;
    private final Instant started;
    private final CompletableFuture<Run> done = new CompletableFuture<>();
    private volatile long rows;
    private volatile long calls;

    private Tracked(String id, String integration, Instant started) {
      this.id = id;
      this.integration = integration;
      this.started = started;
    }

    public String id() {
      return id;
    }

    public String integration() {
      return integration;
    }

    /** Completes with the run when it ends (never exceptionally). */
    public CompletableFuture<Run> done() {
      return done;
    }

    /** The run as it stands now. */
    public RunView view() {
      Run run = done.getNow(null);
      if (run != null) return RunView.of(run);
      return RunView.running(
          id, integration, started, Duration.between(started, clock.instant()), rows, calls);
    }

    private RunListener listener(CompletableFuture<Void> accepted) {
      return new RunListener() {
        @Override
        public void started(String runId, String name) {
          accepted.complete(null);
        }

        @Override
        public void progress(long rowsSoFar, long callsSoFar) {
          rows = rowsSoFar;
          calls = callsSoFar;
        }
      };
    }

    private void finish(Run run) {
      done.complete(run);
    }

    /** An unexpected failure the engine did not turn into a FAILED run. */
    private void crash(Throwable e) {
      done.complete(
          new Run(
              id,
              integration,
              RunStatus.FAILED,
              started,
              Duration.between(started, clock.instant()),
              rows,
              Map.of(),
              calls,
              0,
              0,
              0,
              List.of(),
              List.of(
                  "Run ended unexpectedly: "
                      + e.getClass().getSimpleName()
                      + (e.getMessage() == null ? "" : ": " + e.getMessage())),
              List.of()));
    }
  }
}
