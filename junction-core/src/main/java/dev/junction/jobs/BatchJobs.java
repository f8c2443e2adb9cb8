package dev.junction.jobs;

import dev.junction.config.EntityConfig;
import dev.junction.config.ExportDefinitionConfig;
import dev.junction.config.RecurringConfig;
import dev.junction.packages.PackageFormat;
import dev.junction.packages.PackageLimits;
import dev.junction.store.RecordStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The batch data engine: submit export and import jobs, follow them, fetch their package and error
 * file, cancel them. Jobs live in the store's database ({@code junction_job}); their files live
 * under {@link Builder#directory}. Every node started with {@link #start()} claims jobs by lease,
 * so each job runs on one node at a time; a job interrupted by a crash is resumed (imports from
 * their last checkpoint) by the next node to claim it — at once by the same node when it restarts.
 *
 * <p>Thread-safe.
 */
public interface BatchJobs extends AutoCloseable {

  static Builder builder(RecordStore store, List<EntityConfig> entities) {
    return new Builder(store, entities);
  }

  /**
   * Queues an export and returns it ({@code NotRun}).
   *
   * @param jobId the id to use (a D365 execution id), or null for a new one
   * @param activityId the recurring activity whose queue receives the package, or null
   * @throws JobException INVALID for unknown entities, bad filters or a bad id; CONFLICT when
   *     {@code jobId} is taken; NOT_FOUND for an unknown definition
   */
  Job submitExport(ExportRequest request, String jobId, String activityId);

  /**
   * Moves {@code upload} into the job's folder and queues its import.
   *
   * @throws JobException INVALID for a bad id, CONFLICT when {@code jobId} is taken
   */
  Job submitImport(Path upload, ImportRequest request, String jobId, String activityId);

  /**
   * Queues the import of the file at {@code request.url()}: the job fetches it through {@link
   * Builder#remoteFiles} when it starts (again when it resumes after a crash mid-fetch), so the
   * caller gets the job at once; a failed fetch fails the job with the reason.
   *
   * @throws JobException INVALID for a request without a URL, a bad id or when no {@link
   *     RemoteFiles} is configured; CONFLICT when {@code jobId} is taken
   */
  Job submitFetch(ImportRequest request, String jobId);

  Optional<Job> find(String id);

  /**
   * @throws JobException NOT_FOUND
   */
  default Job get(String id) {
    return find(id).orElseThrow(() -> JobException.notFound("Job", id));
  }

  /** The newest jobs first. */
  List<Job> recent(int limit);

  /**
   * Cancels a job: one not started is canceled at once; a running one stops at its next batch (an
   * import keeps the batches it already committed, unless it was all-or-nothing).
   *
   * @throws JobException NOT_FOUND; CONFLICT when it already finished
   */
  Job cancel(String id);

  /**
   * The package an export job wrote.
   *
   * @throws JobException NOT_FOUND; CONFLICT when the job is not a finished, successful export
   */
  Path packageFile(String id);

  /**
   * The error file of an import job (CSV: entity, row, key, field, message).
   *
   * @throws JobException NOT_FOUND; CONFLICT when it is not an import or has not validated yet
   */
  Path errorFile(String id);

  /** Creates or replaces an export definition; its incremental position is kept. */
  void defineExport(String name, ExportRequest request);

  Optional<ExportRequest> definition(String name);

  /** Recurring integrations on top of these jobs. */
  RecurringIntegrations recurring();

  /**
   * Defines the export definitions and recurring integrations given in config, as their REST routes
   * would; called at start. An export definition keeps its incremental position; a recurring
   * integration whose stored definition is the same is left alone, so a restart does not reset its
   * schedule.
   *
   * @throws JobException INVALID naming the definition or activity when one cannot be defined
   */
  default void define(List<ExportDefinitionConfig> exports, List<RecurringConfig> activities) {
    for (ExportDefinitionConfig d : exports) {
      defineExport(
          d.name(),
          new ExportRequest(
              d.entities(), d.filters(), PackageFormat.parse(d.format()), false, d.name()));
    }
    for (RecurringConfig r : activities) {
      RecurringIntegrations.Schedule schedule;
      try {
        schedule = RecurringIntegrations.Schedule.of(r.schedule());
      } catch (JobException e) {
        throw new JobException(
            JobException.Reason.INVALID,
            "recurring integration '" + r.activityId() + "': " + e.getMessage());
      }
      var wanted =
          new RecurringIntegrations.Activity(
              r.activityId(), r.exportDefinition(), schedule, r.ackTimeout());
      if (!recurring().activity(r.activityId()).equals(Optional.of(wanted))) {
        recurring().define(r.activityId(), r.exportDefinition(), schedule, r.ackTimeout());
      }
    }
  }

  /** Starts claiming and running jobs in the background. */
  void start();

  /**
   * Claims and runs due jobs and schedules in the calling thread until none is left; for tests and
   * tools that do not {@link #start()}. Returns how many jobs ran.
   */
  int runPending();

  /** Stops the background workers; running jobs are interrupted and resume on the next start. */
  @Override
  void close();

  /** Settings of a {@link BatchJobs}. */
  final class Builder {
    final RecordStore store;
    final List<EntityConfig> entities;
    Path directory = Path.of("data", "jobs");
    InstantSource clock = InstantSource.system();
    PackageLimits limits = PackageLimits.defaults();
    int workers = 2;
    Integer loaders;
    String node = "node";
    Duration pollInterval = Duration.ofMillis(500);
    Duration lease = Duration.ofSeconds(60);
    int maxAttempts = 3;
    Duration ackTimeout = Duration.ofMinutes(30);
    RemoteFiles remoteFiles;

    private Builder(RecordStore store, List<EntityConfig> entities) {
      this.store = Objects.requireNonNull(store, "store");
      this.entities = List.copyOf(entities);
    }

    /** Folder of job files (uploads, packages, error files); default {@code data/jobs}. */
    public Builder directory(Path value) {
      directory = Objects.requireNonNull(value, "directory");
      return this;
    }

    public Builder clock(InstantSource value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    public Builder limits(PackageLimits value) {
      limits = Objects.requireNonNull(value, "limits");
      return this;
    }

    /** Jobs run at once on this node (default 2). */
    public Builder workers(int value) {
      if (value < 1 || value > 64) {
        throw new IllegalArgumentException("workers must be within 1..64, was " + value);
      }
      workers = value;
      return this;
    }

    /**
     * Store transactions that load one import batch at once, each with the rows of a disjoint part
     * of the keys, so the database's work on one overlaps with this process's work on the other; 1
     * loads batch after batch. Default: 2 on a database server, 1 on H2 (embedded, it does all its
     * work in this process, where a second writer only contends). An {@code allOrNothing} import
     * always loads in one transaction.
     */
    public Builder loaders(int value) {
      if (value < 1 || value > 16) {
        throw new IllegalArgumentException("loaders must be within 1..16, was " + value);
      }
      loaders = value;
      return this;
    }

    /**
     * This node's stable name (default {@code node}); on restart a node resumes its own interrupted
     * jobs at once instead of waiting for their lease to expire.
     */
    public Builder node(String value) {
      node = Objects.requireNonNull(value, "node");
      return this;
    }

    public Builder pollInterval(Duration value) {
      pollInterval = Objects.requireNonNull(value, "pollInterval");
      return this;
    }

    /** How long a claim holds without a heartbeat (default 60 s). */
    public Builder lease(Duration value) {
      lease = Objects.requireNonNull(value, "lease");
      return this;
    }

    /** Starts of one job before it fails as interrupted too often (default 3). */
    public Builder maxAttempts(int value) {
      if (value < 1) throw new IllegalArgumentException("maxAttempts must be >= 1, was " + value);
      maxAttempts = value;
      return this;
    }

    /** Default time a dequeued recurring message waits for its ack (default 30 minutes). */
    public Builder ackTimeout(Duration value) {
      ackTimeout = Objects.requireNonNull(value, "ackTimeout");
      return this;
    }

    /** Fetches the files of imports from a URL ({@link #submitFetch}); default none. */
    public Builder remoteFiles(RemoteFiles value) {
      remoteFiles = Objects.requireNonNull(value, "remoteFiles");
      return this;
    }

    public BatchJobs build() {
      return new JdbcBatchJobs(this);
    }
  }
}
