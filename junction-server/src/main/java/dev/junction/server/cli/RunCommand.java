package dev.junction.server.cli;

import dev.junction.audit.AuditLog;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.config.SecretResolver;
import dev.junction.connect.CallObserver;
import dev.junction.pipeline.EntityCounts;
import dev.junction.pipeline.PipelineException;
import dev.junction.pipeline.RecordLoader;
import dev.junction.pipeline.Run;
import dev.junction.pipeline.RunListener;
import dev.junction.pipeline.RunStatus;
import dev.junction.pipeline.Runner;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run one integration now against the configured store, without starting the server.",
      "Shows progress (rows, rows/s, calls) on stderr while it runs, then prints the run's"
          + " summary: status, counts per entity, calls, warnings and errors. Its outbound calls"
          + " go to the store's audit log under the run id."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the run succeeded",
      "1:the configuration is invalid",
      "2:bad command line",
      "3:could not start (store unreachable, …)",
      "4:the run failed or was refused (unknown or child integration)",
      "5:the run finished partially (warnings or rejected rows)"
    })
final class RunCommand implements Callable<Integer> {
  static final int FAILED = 4;
  static final int PARTIAL = 5;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "INTEGRATION", description = "name of the integration to run")
  String integration;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      defaultValue = "junction.yaml",
      description = "configuration file or folder (default: ${DEFAULT-VALUE})")
  Path config;

  @Option(
      names = "--no-progress",
      description = "do not draw the progress line (e.g. when stderr is a log file)")
  boolean noProgress;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SecretResolver secrets = SecretResolver.system();
    JunctionConfig c = ConfigLoader.load(config);
    InstantSource clock = InstantSource.system();
    try (RecordStore store =
            Store.builder(c.store())
                .clock(clock)
                .secrets(ref -> secrets.resolve(ref).reveal())
                .open();
        AuditLog audit = AuditLog.jdbc(store.dataSource())) {
      store.migrate(c.entities());
      Run run;
      try (Runner runner =
          Runner.builder(c)
              .secrets(secrets)
              .observer(CallObserver.auditTo(audit))
              .loader(RecordLoader.of(store))
              .clock(clock)
              .build()) {
        Progress progress = new Progress(err, clock, !noProgress);
        run = runner.run(integration, UUID.randomUUID().toString(), progress);
        progress.end(run);
      } catch (PipelineException refused) {
        err.println("junction: " + refused.getMessage());
        err.flush();
        return FAILED;
      }
      audit.flush();
      print(out, run);
      if (run.status() == RunStatus.FAILED) {
        run.errors().forEach(e -> err.println("error: " + e));
        err.flush();
        return FAILED;
      }
      return run.status() == RunStatus.SUCCEEDED ? JunctionCli.OK : PARTIAL;
    }
  }

  /** The summary: one header line, one line per entity, then warnings, rejections and errors. */
  static void print(PrintWriter out, Run run) {
    out.printf(
        "Run %s of '%s': %s in %d ms, %s, %s (%s, %d failed)%n",
        run.id(),
        run.integration(),
        run.status(),
        run.duration().toMillis(),
        Run.counted(run.rows(), "row"),
        Run.counted(run.calls(), "call"),
        Run.counted(run.attempts(), "attempt"),
        run.failedCalls());
    for (Map.Entry<String, EntityCounts> e : run.entities().entrySet()) {
      EntityCounts n = e.getValue();
      out.printf(
          "  %-20s fetched %d, inserted %d, updated %d, unchanged %d, failed %d%n",
          e.getKey(), n.fetched(), n.inserted(), n.updated(), n.unchanged(), n.failed());
    }
    if (run.warningCount() > 0) {
      out.println("  " + Run.counted(run.warningCount(), "warning") + ":");
      run.warnings().stream().limit(20).forEach(w -> out.println("    " + w));
    }
    if (!run.rejected().isEmpty()) {
      out.println("  " + Run.counted(run.rejected().size(), "rejected row") + " (first 20):");
      run.rejected().stream().limit(20).forEach(r -> out.println("    " + r));
    }
    run.errors().forEach(e -> out.println("  error: " + e));
    out.flush();
  }

  /** A one-line progress display redrawn with {@code \r}: a moving bar, rows, rows/s, calls. */
  static final class Progress implements RunListener {
    private static final int WIDTH = 20;
    private final PrintWriter err;
    private final InstantSource clock;
    private final boolean draw;
    private Instant started;
    private int tick;
    private boolean drawn;

    Progress(PrintWriter err, InstantSource clock, boolean draw) {
      this.err = err;
      this.clock = clock;
      this.draw = draw;
    }

    @Override
    public void started(String runId, String name) {
      started = clock.instant();
      if (draw) {
        err.print("run " + runId + " of '" + name + "' started\n");
        err.flush();
      }
    }

    @Override
    public void progress(long rows, long calls) {
      if (!draw) return;
      err.print("\r" + line(rows, calls, Duration.between(started, clock.instant()), tick++));
      err.flush();
      drawn = true;
    }

    void end(Run run) {
      if (!draw) return;
      if (drawn) err.print("\r" + line(run.rows(), run.calls(), run.duration(), -1) + "\n");
      err.flush();
    }

    /** {@code [====> ] 12000 rows 3500 rows/s 340 calls}; {@code tick} -1 is a full bar. */
    static String line(long rows, long calls, Duration elapsed, int tick) {
      StringBuilder bar = new StringBuilder("[");
      for (int i = 0; i < WIDTH; i++) {
        bar.append(tick < 0 ? '=' : i == tick % WIDTH ? '>' : i < tick % WIDTH ? '=' : ' ');
      }
      bar.append(']');
      long millis = Math.max(1, elapsed.toMillis());
      return String.format(
          "%s %d rows  %d rows/s  %d calls   ", bar, rows, rows * 1000 / millis, calls);
    }
  }
}
