package dev.junction.jobs;

import java.nio.file.Path;
import java.time.InstantSource;

/** What a running job reports to and learns from its row: progress, checkpoints, cancels. */
final class RunContext {
  private final JobTable table;
  private final String node;
  private final InstantSource clock;
  final JobTable.Claimed claimed;
  final Path directory;
  JobCounts counts;
  String checkpoint;
  private String phase = "starting";
  private long done;
  private long total;
  private long lastReport;

  RunContext(
      JobTable table, String node, InstantSource clock, JobTable.Claimed claimed, Path directory) {
    this.table = table;
    this.node = node;
    this.clock = clock;
    this.claimed = claimed;
    this.directory = directory;
    this.counts = claimed.counts();
    this.checkpoint = claimed.checkpoint();
  }

  String id() {
    return claimed.id();
  }

  /** Enters a phase; reported at once. */
  void phase(String name, long phaseTotal) {
    phase = name;
    done = 0;
    total = phaseTotal;
    report();
  }

  /** Progress within the phase; reported at most every 200 ms. */
  void progress(long phaseDone) {
    done = phaseDone;
    long now = clock.millis();
    if (now - lastReport >= 200) report();
  }

  /** Progress within the phase, reported at once (at the end of a phase). */
  void progressNow(long phaseDone) {
    done = phaseDone;
    report();
  }

  /** Saves a checkpoint together with the counts it belongs to. */
  void checkpoint(String value) {
    checkpoint = value;
    report();
  }

  /**
   * Writes progress, counts and checkpoint to the job row.
   *
   * @throws Canceled when a cancel was requested
   */
  void report() {
    if (Thread.currentThread().isInterrupted()) throw new Stopping();
    lastReport = clock.millis();
    if (table.progress(claimed.id(), node, phase, done, total, counts, checkpoint)) {
      throw new Canceled();
    }
  }

  /** Thrown out of a run when the node shuts down; the job stays claimed and resumes later. */
  static final class Stopping extends RuntimeException {
    Stopping() {
      super("stopping", null, false, false);
    }
  }

  /** Thrown out of a run when its job was canceled. */
  static final class Canceled extends RuntimeException {
    Canceled() {
      super("canceled", null, false, false);
    }
  }
}
