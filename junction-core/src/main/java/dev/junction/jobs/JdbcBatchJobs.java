package dev.junction.jobs;

import dev.junction.StoreException;
import dev.junction.ValidationException;
import dev.junction.config.EntityConfig;
import dev.junction.packages.PackageException;
import dev.junction.packages.PackageLimits;
import dev.junction.store.RecordStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link BatchJobs} on the job table, with a poller and a fixed pool of workers. */
final class JdbcBatchJobs implements BatchJobs {
  private static final Logger log = LoggerFactory.getLogger(JdbcBatchJobs.class);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private final RecordStore store;
  private final List<EntityConfig> configs;
  private final Map<String, EntityConfig> entities = new LinkedHashMap<>();
  private final Path directory;
  private final InstantSource clock;
  private final PackageLimits limits;
  private final int loaders;
  private final int workers;
  private final String node;
  private final long pollMillis;
  private final long leaseMillis;
  private final int maxAttempts;
  private final RemoteFiles remoteFiles;
  final JobTable table;
  private final JdbcRecurringIntegrations recurring;
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final Object claimLock = new Object();
  private ScheduledExecutorService poller;
  private ExecutorService pool;
  private Semaphore slots;
  private volatile boolean closing;

  JdbcBatchJobs(Builder b) {
    this.store = b.store;
    this.configs = b.entities;
    for (EntityConfig e : configs) entities.put(e.name(), e);
    this.directory = b.directory;
    this.clock = b.clock;
    this.limits = b.limits;
    this.loaders = b.loaders != null ? b.loaders : defaultLoaders(store);
    this.workers = b.workers;
    this.node = b.node;
    this.pollMillis = Math.max(10, b.pollInterval.toMillis());
    this.leaseMillis = Math.max(1000, b.lease.toMillis());
    this.maxAttempts = b.maxAttempts;
    this.remoteFiles = b.remoteFiles;
    this.table = new JobTable(store.dataSource());
    this.recurring =
        new JdbcRecurringIntegrations(this, store.dataSource(), clock, directory, b.ackTimeout);
    table.releaseOwn(node);
  }

  /** See {@link Builder#loaders}: 1 on embedded H2, 2 on a database server. */
  private static int defaultLoaders(RecordStore store) {
    try (java.sql.Connection c = store.dataSource().getConnection()) {
      return "H2".equals(c.getMetaData().getDatabaseProductName()) ? 1 : 2;
    } catch (java.sql.SQLException e) {
      throw new StoreException("Batch jobs: cannot reach the store: " + e.getMessage(), e);
    }
  }

  private String newId(String requested) {
    if (requested == null || requested.isBlank()) return UUID.randomUUID().toString();
    if (!ID.matcher(requested).matches()) {
      throw new JobException(
          JobException.Reason.INVALID,
          "job id '"
              + requested
              + "' is not valid: use 1..100 letters, digits, '.', '_' or '-', starting with a"
              + " letter or digit");
    }
    if (table.exists(requested)) {
      throw new JobException(
          JobException.Reason.CONFLICT, "job id '" + requested + "' is already taken");
    }
    return requested;
  }

  Path jobDirectory(String id) {
    return directory.resolve(id);
  }

  @Override
  public Job submitExport(ExportRequest request, String jobId, String activityId) {
    ExportRequest resolved = resolve(request);
    String id = newId(jobId);
    if (activityId != null) recurring.ensure(activityId);
    table.insert(
        id,
        JobKind.EXPORT,
        Requests.toJson(resolved),
        resolved.definition(),
        activityId,
        clock.instant());
    log.info("export job {} queued: {}", id, resolved.entities());
    return get(id);
  }

  private ExportRequest resolve(ExportRequest request) {
    ExportRequest r = request;
    if (r.entities().isEmpty()) {
      if (r.definition() == null) {
        throw new JobException(
            JobException.Reason.INVALID, "an export needs 'entities' or a 'definition'");
      }
      ExportRequest stored =
          definition(r.definition())
              .orElseThrow(() -> JobException.notFound("Export definition", request.definition()));
      r =
          new ExportRequest(
              stored.entities(),
              stored.filters(),
              stored.format(),
              r.incremental(),
              r.definition());
    }
    for (String e : r.entities()) {
      if (!entities.containsKey(e)) {
        throw new JobException(
            JobException.Reason.INVALID,
            "entity '"
                + e
                + "' is not configured (configured: "
                + String.join(", ", entities.keySet())
                + ")");
      }
    }
    for (var f : r.filters().entrySet()) {
      EntityConfig e = entities.get(f.getKey());
      if (e == null || !r.entities().contains(f.getKey())) {
        throw new JobException(
            JobException.Reason.INVALID,
            "filter for '" + f.getKey() + "', which is not one of the exported entities");
      }
      ExportRun.filter(e, f.getValue());
    }
    if (r.definition() != null && !request.entities().isEmpty()) defineExport(r.definition(), r);
    return r;
  }

  @Override
  public Job submitImport(Path upload, ImportRequest request, String jobId, String activityId) {
    String id = newId(jobId);
    if (activityId != null) recurring.ensure(activityId);
    Path dir = jobDirectory(id);
    try {
      Files.createDirectories(dir);
      Files.move(upload, dir.resolve(ImportRun.INPUT), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    table.insert(id, JobKind.IMPORT, Requests.toJson(request), null, activityId, clock.instant());
    log.info("import job {} queued: {}", id, request.fileName());
    return get(id);
  }

  @Override
  public Job submitFetch(ImportRequest request, String jobId) {
    if (request.url() == null) {
      throw new JobException(JobException.Reason.INVALID, "the import names no 'url' to fetch");
    }
    requireRemoteFiles();
    String id = newId(jobId); // the job folder is made by the fetch (fetchInput)
    table.insert(id, JobKind.IMPORT, Requests.toJson(request), null, null, clock.instant());
    log.info("import job {} queued: {} from {}", id, request.fileName(), request.url());
    return get(id);
  }

  private void requireRemoteFiles() {
    if (remoteFiles == null) {
      throw new JobException(
          JobException.Reason.INVALID, "imports from a URL are not configured on this server");
    }
  }

  /** Fetches a URL import's file into the job folder unless an earlier attempt did. */
  private void fetchInput(RunContext ctx, ImportRequest request) {
    Path input = ctx.directory.resolve(ImportRun.INPUT);
    if (request.url() == null || Files.exists(input)) return;
    requireRemoteFiles();
    ctx.phase("fetching", 0);
    Path part = ctx.directory.resolve(ImportRun.INPUT + ".part");
    try {
      Files.createDirectories(ctx.directory);
      Files.deleteIfExists(part);
      remoteFiles.fetch(request.connection(), request.url(), part);
      Files.move(part, input, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(part);
      } catch (IOException ignored) {
        // the next attempt deletes it first
      }
      throw new JobException(
          JobException.Reason.INVALID,
          "the file to import could not be fetched from "
              + request.url()
              + " over connection '"
              + request.connection()
              + "': "
              + e.getMessage());
    }
  }

  @Override
  public Optional<Job> find(String id) {
    return table.get(id);
  }

  @Override
  public List<Job> recent(int limit) {
    return table.recent(limit);
  }

  @Override
  public Job cancel(String id) {
    Job job = get(id);
    if (job.status().finished()) {
      throw new JobException(
          JobException.Reason.CONFLICT,
          "job '" + id + "' already finished (" + job.status().wireName() + "); nothing to cancel");
    }
    table.requestCancel(id, clock.millis());
    return get(id);
  }

  @Override
  public Path packageFile(String id) {
    Job job = get(id);
    if (job.kind() != JobKind.EXPORT) {
      throw new JobException(
          JobException.Reason.CONFLICT, "job '" + id + "' is an import; it has no package");
    }
    Path p = jobDirectory(id).resolve(ExportRun.PACKAGE);
    if (job.status() != JobStatus.SUCCEEDED || !Files.exists(p)) {
      throw new JobException(
          JobException.Reason.CONFLICT,
          "job '"
              + id
              + "' is "
              + job.status().wireName()
              + "; its package exists once it has Succeeded");
    }
    return p;
  }

  @Override
  public Path errorFile(String id) {
    Job job = get(id);
    if (job.kind() != JobKind.IMPORT) {
      throw new JobException(
          JobException.Reason.CONFLICT, "job '" + id + "' is an export; it has no error file");
    }
    Path p = jobDirectory(id).resolve(ImportRun.ERRORS);
    if (!Files.exists(p) || !job.status().finished()) {
      throw new JobException(
          JobException.Reason.CONFLICT,
          "job '"
              + id
              + "' is "
              + job.status().wireName()
              + "; its error file exists once it has finished");
    }
    return p;
  }

  @Override
  public void defineExport(String name, ExportRequest request) {
    if (!ID.matcher(name).matches()) {
      throw new JobException(
          JobException.Reason.INVALID,
          "definition name '" + name + "' is not valid: use 1..100 letters, digits, '.', '_', '-'");
    }
    ExportRequest r =
        new ExportRequest(request.entities(), request.filters(), request.format(), false, name);
    table.putDefinition(name, Requests.toJson(r), clock.millis());
  }

  @Override
  public Optional<ExportRequest> definition(String name) {
    return table.definition(name).map(d -> Requests.export(d.request()));
  }

  @Override
  public RecurringIntegrations recurring() {
    return recurring;
  }

  @Override
  public synchronized void start() {
    if (poller != null) return;
    slots = new Semaphore(workers);
    pool =
        Executors.newFixedThreadPool(
            workers, Thread.ofPlatform().name("junction-job-", 1).factory());
    poller =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("junction-job-poller").daemon().factory());
    poller.scheduleWithFixedDelay(this::poll, 0, pollMillis, TimeUnit.MILLISECONDS);
    poller.scheduleWithFixedDelay(
        this::heartbeat, leaseMillis / 3, leaseMillis / 3, TimeUnit.MILLISECONDS);
  }

  private void poll() {
    try {
      recurring.runSchedules();
      while (slots.tryAcquire()) {
        Optional<JobTable.Claimed> claimed = claim();
        if (claimed.isEmpty()) {
          slots.release();
          return;
        }
        pool.execute(
            () -> {
              try {
                execute(claimed.get());
              } finally {
                slots.release();
              }
            });
      }
    } catch (RuntimeException e) {
      log.warn("job poller: {}; retrying at the next poll", e.getMessage());
    }
  }

  private void heartbeat() {
    try {
      table.heartbeat(node, Set.copyOf(running), clock.millis() + leaseMillis);
    } catch (RuntimeException e) {
      log.warn("job heartbeat failed: {}", e.getMessage());
    }
  }

  private Optional<JobTable.Claimed> claim() {
    synchronized (claimLock) {
      long now = clock.millis();
      return table.claim(node, now, now + leaseMillis);
    }
  }

  @Override
  public int runPending() {
    int ran = 0;
    while (true) {
      recurring.runSchedules();
      Optional<JobTable.Claimed> claimed = claim();
      if (claimed.isEmpty()) return ran;
      execute(claimed.get());
      ran++;
    }
  }

  void execute(JobTable.Claimed claimed) {
    String id = claimed.id();
    running.add(id);
    RunContext ctx = new RunContext(table, node, clock, claimed, jobDirectory(id));
    try {
      if (claimed.attempts() > maxAttempts) {
        table.giveUp(
            id,
            node,
            "the job was interrupted "
                + (claimed.attempts() - 1)
                + " times (server stopped or crashed while it ran); it is not retried again",
            clock.millis());
        return;
      }
      if (claimed.attempts() > 1) log.info("job {}: resuming (attempt {})", id, claimed.attempts());
      JobStatus status;
      String message;
      if (claimed.kind() == JobKind.EXPORT) {
        ExportRequest request = Requests.export(claimed.request());
        ExportRun.Outcome outcome = new ExportRun(store, entities, table, clock).run(ctx, request);
        status = outcome.status();
        message = outcome.message();
        finish(ctx, status, message);
        if (claimed.activityId() != null && !outcome.empty()) {
          recurring.offer(claimed.activityId(), id);
        }
        return;
      }
      ImportRequest request = Requests.importRequest(claimed.request());
      fetchInput(ctx, request);
      ImportRun.Outcome outcome = new ImportRun(store, configs, limits, loaders).run(ctx, request);
      finish(ctx, outcome.status(), outcome.message());
    } catch (RunContext.Canceled e) {
      finish(
          ctx,
          JobStatus.CANCELED,
          "canceled on request; "
              + (claimed.kind() == JobKind.IMPORT
                  ? ctx.counts.loaded() + " rows had been loaded and stay loaded"
                  : "no package was written"));
    } catch (RunContext.Stopping e) {
      log.info("job {}: interrupted by shutdown; it resumes on the next start", id);
    } catch (JobTable.LostLease e) {
      log.warn("job {}: {}", id, e.getMessage());
    } catch (PackageException | JobException | ValidationException e) {
      finish(ctx, JobStatus.FAILED, e.getMessage() + (loadedNote(claimed, ctx)));
    } catch (StoreException e) {
      log.error("job {} failed in the store", id, e);
      finish(
          ctx, JobStatus.FAILED, "the store failed: " + e.getMessage() + loadedNote(claimed, ctx));
    } catch (IOException | UncheckedIOException e) {
      log.error("job {} failed on its files", id, e);
      finish(ctx, JobStatus.FAILED, "reading or writing the job's files failed: " + e.getMessage());
    } catch (RuntimeException e) {
      log.error("job {} failed unexpectedly", id, e);
      finish(ctx, JobStatus.FAILED, "unexpected error: " + e + "; see the server log");
    } finally {
      running.remove(id);
    }
  }

  private static String loadedNote(JobTable.Claimed claimed, RunContext ctx) {
    if (claimed.kind() != JobKind.IMPORT || ctx.counts.loaded() == 0) return "";
    return "; " + ctx.counts.loaded() + " rows had been loaded before and stay loaded";
  }

  private void finish(RunContext ctx, JobStatus status, String message) {
    if (closing && status != JobStatus.SUCCEEDED) {
      log.info("job {}: stopped by shutdown; it resumes on the next start", ctx.id());
      return;
    }
    try {
      if (!table.finish(ctx.id(), node, status, ctx.counts, message, clock.millis())) {
        log.warn("job {}: finished as {} but another node owns it now", ctx.id(), status);
      } else {
        log.info("job {} {}: {}", ctx.id(), status.wireName(), message);
      }
    } catch (RuntimeException e) {
      log.error("job {}: cannot record its end ({}): {}", ctx.id(), status, e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    if (poller == null) return;
    closing = true;
    poller.shutdownNow();
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    poller = null;
  }
}
