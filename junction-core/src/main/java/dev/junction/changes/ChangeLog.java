package dev.junction.changes;

import java.sql.Connection;
import java.time.InstantSource;
import java.util.List;
import javax.sql.DataSource;

/**
 * Writes change rows inside the caller's transaction and reads them back through {@link #feed()}.
 *
 * <p>{@link #append} must be the <em>last</em> statement of the writing transaction, immediately
 * followed by its commit or rollback: it takes the lock on the log's single counter row, which is
 * held until the transaction ends. That lock is what orders sequences by commit; holding it across
 * other work only makes concurrent writers wait longer.
 */
public interface ChangeLog {

  /**
   * Gives {@code changes} consecutive sequences and inserts them, on {@code transaction}
   * (auto-commit off). Does nothing for an empty list (and then takes no lock).
   *
   * @throws dev.junction.StoreException when the rows cannot be written; the caller must roll back
   */
  void append(Connection transaction, List<NewChange> changes);

  /** The reader of this log. */
  ChangeFeed feed();

  /**
   * The gap-free change log over Junction's tables in {@code dataSource} (created by its Flyway
   * migrations). Connections from {@code dataSource} must have auto-commit off.
   */
  static ChangeLog jdbc(DataSource dataSource, InstantSource clock) {
    return new JdbcChangeLog(dataSource, clock, SequenceAllocator.COMMIT_ORDER_COUNTER);
  }
}
