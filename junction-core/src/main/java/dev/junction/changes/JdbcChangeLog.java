package dev.junction.changes;

import dev.junction.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/** The change log in table {@code junction_change}, sequences from a {@link SequenceAllocator}. */
final class JdbcChangeLog implements ChangeLog, ChangeFeed {
  /** H2: all change rows in one statement over arrays (not a JDBC batch of single-row inserts). */
  private static final String INSERT_TABLE =
      "INSERT INTO junction_change (sequence, entity, record_key, operation, version, committed_at)"
          + " SELECT u.s, u.e, u.k, u.o, u.v, ? FROM TABLE(s BIGINT = ?, e VARCHAR(128) = ?,"
          + " k VARCHAR(4000) = ?, o VARCHAR(6) = ?, v BIGINT = ?) u";

  /** PostgreSQL: all change rows with one {@code COPY}. */
  private static final String COPY =
      "COPY junction_change (sequence, entity, record_key, operation, version, committed_at)"
          + " FROM STDIN";

  private static final String READ =
      "SELECT sequence, entity, record_key, operation, version, committed_at FROM junction_change"
          + " WHERE sequence > ? ORDER BY sequence LIMIT ?";

  private final DataSource dataSource;
  private final InstantSource clock;

  private final SequenceAllocator allocator;
  private final boolean postgres;

  JdbcChangeLog(DataSource dataSource, InstantSource clock, SequenceAllocator allocator) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.allocator = Objects.requireNonNull(allocator, "allocator");
    try (Connection c = dataSource.getConnection()) {
      allocator.install(c);
      postgres = c.getMetaData().getDatabaseProductName().equals("PostgreSQL");
      if (!c.getAutoCommit()) c.commit();
    } catch (SQLException e) {
      throw new StoreException("Change log: cannot prepare its sequence allocation", e);
    }
  }

  @Override
  public void append(Connection transaction, List<NewChange> changes) {
    if (changes.isEmpty()) return;
    try {
      long[] sequences = allocator.allocate(transaction, changes.size());
      OffsetDateTime committed = clock.instant().atOffset(ZoneOffset.UTC);
      if (postgres) copy(transaction, changes, sequences, committed);
      else insertArrays(transaction, INSERT_TABLE, changes, sequences, committed);
    } catch (SQLException e) {
      throw new StoreException(
          "Change log: cannot write "
              + changes.size()
              + " change row(s); the transaction is rolled back and nothing of it is stored",
          e);
    }
  }

  /**
   * PostgreSQL: all change rows with {@code COPY … FROM STDIN} (text format), streamed while they
   * are encoded: multi-row inserts, about half the server CPU of an insert over arrays.
   */
  private static void copy(
      Connection transaction, List<NewChange> changes, long[] sequences, OffsetDateTime committed)
      throws SQLException {
    try (CopyText copy = CopyText.open(transaction, COPY)) {
      String tail = "\t" + committed;
      for (int i = 0; i < changes.size(); i++) {
        NewChange c = changes.get(i);
        copy.value(sequences[i]).tab().value(c.entity()).tab().value(c.key()).tab();
        copy.raw(c.operation().name()).tab().value(c.version()).raw(tail).endRow();
      }
      copy.finish();
    }
  }

  /** H2: all change rows in one statement over one array per column. */
  private void insertArrays(
      Connection transaction,
      String sql,
      List<NewChange> changes,
      long[] sequences,
      OffsetDateTime committed)
      throws SQLException {
    int n = changes.size();
    Long[] seq = new Long[n];
    String[] entities = new String[n];
    String[] keys = new String[n];
    String[] operations = new String[n];
    Long[] versions = new Long[n];
    for (int i = 0; i < n; i++) {
      NewChange c = changes.get(i);
      seq[i] = sequences[i];
      entities[i] = c.entity();
      keys[i] = c.key();
      operations[i] = c.operation().name();
      versions[i] = c.version();
    }
    try (PreparedStatement insert = transaction.prepareStatement(sql)) {
      insert.setObject(1, committed);
      insert.setObject(2, seq);
      insert.setObject(3, entities);
      insert.setObject(4, keys);
      insert.setObject(5, operations);
      insert.setObject(6, versions);
      insert.executeUpdate();
    }
  }

  @Override
  public ChangeFeed feed() {
    return this;
  }

  @Override
  public List<Change> read(long afterSequence, int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement read = c.prepareStatement(READ)) {
        read.setLong(1, afterSequence);
        read.setInt(2, limit);
        List<Change> changes = new ArrayList<>();
        try (ResultSet rs = read.executeQuery()) {
          while (rs.next()) {
            changes.add(
                new Change(
                    rs.getLong(1),
                    rs.getString(2),
                    rs.getString(3),
                    Change.Operation.valueOf(rs.getString(4)),
                    rs.getLong(5),
                    rs.getObject(6, OffsetDateTime.class).toInstant()));
          }
        }
        return changes;
      } finally {
        if (!c.getAutoCommit()) c.rollback();
      }
    } catch (SQLException e) {
      throw new StoreException(
          "Change log: cannot read changes after sequence " + afterSequence + "; retry later", e);
    }
  }

  @Override
  public long head() {
    try (Connection c = dataSource.getConnection()) {
      try {
        return allocator.head(c);
      } finally {
        if (!c.getAutoCommit()) c.rollback();
      }
    } catch (SQLException e) {
      throw new StoreException("Change log: cannot read its head sequence; retry later", e);
    }
  }
}
