package dev.junction.audit;

import java.util.List;
import javax.sql.DataSource;

/**
 * Keeps {@link AuditEntry audit entries}. Implementations are thread-safe.
 *
 * <p>{@link #record} never blocks on I/O for long and never throws because of a storage failure: an
 * audit trail must not break the call it describes. Entries recorded before {@link #close()} are
 * kept (written) before {@code close} returns.
 */
public interface AuditLog extends AutoCloseable {

  /**
   * Records {@code entry}. May return before the entry is durable; {@link #flush()} waits for it.
   *
   * @throws IllegalStateException when the log is closed
   */
  void record(AuditEntry entry);

  /** The most recent entries, newest first, at most {@code limit} (1..10,000). */
  List<AuditEntry> recent(int limit);

  /** Waits until every entry recorded before this call has been written (or given up on). */
  void flush();

  /** Writes what is pending and stops accepting entries. Idempotent. */
  @Override
  void close();

  /** An unbounded-lifetime log in memory keeping the last {@code capacity} entries (for tests). */
  static AuditLog inMemory(int capacity) {
    return new InMemoryAuditLog(capacity);
  }

  /**
   * A log writing to the {@code junction_audit} table (created by Junction's Flyway migrations) in
   * batches on one background thread. {@link #record} queues the entry; when the queue (10,000
   * entries) is full it waits for room, so entries are slowed down rather than dropped.
   */
  static AuditLog jdbc(DataSource dataSource) {
    return new JdbcAuditLog(dataSource, 10_000, 500);
  }

  static void checkLimit(int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("audit query limit must be 1..10000, was " + limit);
    }
  }
}
