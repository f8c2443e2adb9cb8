package dev.junction.audit;

import dev.junction.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes entries to {@code junction_audit} in JDBC batches on one background thread. Callers only
 * enqueue; a flush or close is a marker in the same queue, so it completes after every entry queued
 * before it.
 */
final class JdbcAuditLog implements AuditLog {
  private static final Logger log = LoggerFactory.getLogger(JdbcAuditLog.class);

  private static final String INSERT =
      "INSERT INTO junction_audit (direction, principal, method, target, status, duration_micros,"
          + " correlation_id, occurred_at, bytes, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String SELECT_RECENT =
      "SELECT direction, principal, method, target, status, duration_micros, correlation_id,"
          + " occurred_at, bytes, attempts FROM junction_audit ORDER BY id DESC LIMIT ?";

  /** How long the writer waits for more entries before writing a batch that is not full. */
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final DataSource dataSource;
  private final int maxBatch;
  private final BlockingQueue<Object> queue;
  private final ReadWriteLock closing = new ReentrantReadWriteLock();
  private final Thread writer;
  private boolean closed;

  /** A flush (or, with {@code stop}, a close) request travelling through the queue. */
  private record Marker(CountDownLatch done, boolean stop) {}

  JdbcAuditLog(DataSource dataSource, int queueCapacity, int maxBatch) {
    this.dataSource = java.util.Objects.requireNonNull(dataSource, "dataSource");
    this.maxBatch = maxBatch;
    this.queue = new LinkedBlockingQueue<>(queueCapacity);
    this.writer = Thread.ofPlatform().name("junction-audit-writer").daemon().start(this::run);
  }

  @Override
  public void record(AuditEntry entry) {
    java.util.Objects.requireNonNull(entry, "entry");
    closing.readLock().lock();
    try {
      if (closed) throw new IllegalStateException("audit log is closed; entry not recorded");
      queue.put(entry);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("audit: interrupted while queueing an entry for {}; entry dropped", entry.target());
    } finally {
      closing.readLock().unlock();
    }
  }

  @Override
  public List<AuditEntry> recent(int limit) {
    AuditLog.checkLimit(limit);
    flush();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(SELECT_RECENT)) {
      ps.setInt(1, limit);
      List<AuditEntry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) out.add(read(rs));
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("audit: reading the last " + limit + " entries failed", e);
    }
  }

  @Override
  public void flush() {
    await(false);
  }

  @Override
  public void close() {
    closing.writeLock().lock();
    try {
      if (closed) return;
      closed = true;
    } finally {
      closing.writeLock().unlock();
    }
    await(true);
  }

  private void await(boolean stop) {
    Marker marker = new Marker(new CountDownLatch(1), stop);
    try {
      if (!writer.isAlive()) return;
      queue.put(marker);
      // The writer counts the marker down; if it has died meanwhile, stop waiting.
      while (!marker.done().await(1, TimeUnit.SECONDS)) {
        if (!writer.isAlive()) return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Object> items = new ArrayList<>(maxBatch);
    List<AuditEntry> batch = new ArrayList<>(maxBatch);
    while (true) {
      try {
        items.add(queue.take());
      } catch (InterruptedException e) {
        log.warn("audit: writer interrupted; {} queued entries not written", queue.size());
        return;
      }
      queue.drainTo(items, maxBatch - 1);
      linger(items);
      for (int i = 0; i < items.size(); i++) {
        if (items.get(i) instanceof AuditEntry entry) {
          batch.add(entry);
        } else if (items.get(i) instanceof Marker marker) {
          write(batch);
          marker.done().countDown();
          if (marker.stop()) {
            releaseWaiters(items.subList(i + 1, items.size()));
            return;
          }
        }
      }
      write(batch);
      items.clear();
    }
  }

  /**
   * Waits up to {@link #LINGER_NANOS} for more entries while the batch is not full and no flush or
   * close is waiting: under a steady stream of requests one commit then writes many entries instead
   * of a few (each commit of the embedded store costs as much as several inserts).
   */
  private void linger(List<Object> items) {
    long deadline = System.nanoTime() + LINGER_NANOS;
    int seen = 0;
    while (items.size() < maxBatch) {
      for (; seen < items.size(); seen++) if (items.get(seen) instanceof Marker) return;
      long left = deadline - System.nanoTime();
      if (left <= 0) return;
      Object next;
      try {
        next = queue.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (next == null) return;
      items.add(next);
      queue.drainTo(items, maxBatch - items.size());
    }
  }

  /** After a stop only markers can follow (no entry is accepted once closed): release them. */
  private void releaseWaiters(List<Object> drainedAfterStop) {
    for (Object item : drainedAfterStop) {
      if (item instanceof Marker marker) marker.done().countDown();
    }
    for (Object item : queue) {
      if (item instanceof Marker marker) marker.done().countDown();
    }
  }

  private void write(List<AuditEntry> batch) {
    if (batch.isEmpty()) return;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (AuditEntry e : batch) {
        ps.setString(1, e.direction().name());
        ps.setString(2, e.principal());
        ps.setString(3, e.method());
        ps.setString(4, e.target());
        ps.setInt(5, e.status());
        ps.setLong(6, micros(e.duration()));
        ps.setString(7, e.correlationId());
        ps.setObject(8, OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC));
        ps.setLong(9, e.bytes());
        ps.setInt(10, e.attempts());
        ps.addBatch();
      }
      ps.executeBatch();
      if (!c.getAutoCommit()) c.commit();
    } catch (SQLException | RuntimeException ex) {
      // The trail must not break the calls it records: report and go on.
      log.error(
          "audit: could not write {} entries to junction_audit ({}); they are lost",
          batch.size(),
          ex.getMessage());
    } finally {
      batch.clear();
    }
  }

  private static long micros(Duration d) {
    try {
      return d.toNanos() / 1_000;
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private static AuditEntry read(ResultSet rs) throws SQLException {
    return new AuditEntry(
        AuditEntry.Direction.valueOf(rs.getString(1)),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getInt(5),
        Duration.of(rs.getLong(6), ChronoUnit.MICROS),
        rs.getString(7),
        rs.getObject(8, OffsetDateTime.class).toInstant(),
        rs.getLong(9),
        rs.getInt(10));
  }
}
