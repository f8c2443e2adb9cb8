package dev.junction.changes;

import java.time.InstantSource;
import javax.sql.DataSource;

/**
 * Test-only access to the unsafe sequence strategy, for tests outside this package that must show
 * their proof fails without the gap-free technique (pass to {@code Store.builder(…).changeLog}).
 */
public final class NaiveChangeLogs {
  private NaiveChangeLogs() {}

  /** A change log whose sequences come from a database sequence at write time (loses changes). */
  public static ChangeLog naive(DataSource dataSource, InstantSource clock) {
    return new JdbcChangeLog(dataSource, clock, SequenceAllocator.DATABASE_SEQUENCE_AT_WRITE);
  }
}
