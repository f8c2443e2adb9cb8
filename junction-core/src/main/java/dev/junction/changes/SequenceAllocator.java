package dev.junction.changes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How a transaction obtains the sequences of its change rows: the seam that lets a test show why
 * the naive strategy loses changes and the counter strategy does not.
 */
interface SequenceAllocator {

  /** Returns {@code count} increasing sequences reserved for this transaction. */
  long[] allocate(Connection transaction, int count) throws SQLException;

  /** The highest sequence whose change is committed and visible, or 0. */
  long head(Connection connection) throws SQLException;

  /** Creates what this strategy needs beyond the Flyway tables (run once, outside writes). */
  default void install(Connection connection) throws SQLException {}

  /**
   * Safe: bumps the single counter row; its row lock is held until commit, so transactions take
   * sequences in the order they commit and a lower sequence can never become visible after a higher
   * one.
   */
  SequenceAllocator COMMIT_ORDER_COUNTER =
      new SequenceAllocator() {
        @Override
        public long[] allocate(Connection transaction, int count) throws SQLException {
          boolean postgres =
              transaction.getMetaData().getDatabaseProductName().equals("PostgreSQL");
          // One round trip: the update takes the row lock and returns the new value.
          String bump =
              postgres
                  ? "UPDATE junction_change_counter SET last_sequence = last_sequence + ?"
                      + " WHERE id = 1 RETURNING last_sequence"
                  : "SELECT last_sequence FROM FINAL TABLE (UPDATE junction_change_counter"
                      + " SET last_sequence = last_sequence + ? WHERE id = 1)";
          long last;
          try (PreparedStatement update = transaction.prepareStatement(bump)) {
            update.setInt(1, count);
            try (ResultSet rs = update.executeQuery()) {
              if (!rs.next()) {
                throw new SQLException("junction_change_counter has no row with id 1");
              }
              last = rs.getLong(1);
            }
          }
          long first = last - count + 1;
          long[] sequences = new long[count];
          for (int i = 0; i < count; i++) sequences[i] = first + i;
          return sequences;
        }

        @Override
        public long head(Connection connection) throws SQLException {
          return readCounter(connection);
        }

        private long readCounter(Connection connection) throws SQLException {
          try (Statement s = connection.createStatement();
              ResultSet rs =
                  s.executeQuery(
                      "SELECT last_sequence FROM junction_change_counter WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
          }
        }
      };

  /**
   * Unsafe, kept only to demonstrate the failure: a database sequence taken at write time. A
   * transaction holding sequence 1 may commit after another committed sequence 2, and a reader that
   * already moved past 2 never sees 1.
   */
  SequenceAllocator DATABASE_SEQUENCE_AT_WRITE =
      new SequenceAllocator() {
        @Override
        public void install(Connection connection) throws SQLException {
          try (Statement s = connection.createStatement()) {
            s.execute("CREATE SEQUENCE IF NOT EXISTS junction_change_naive_seq");
          }
        }

        @Override
        public long[] allocate(Connection transaction, int count) throws SQLException {
          String next =
              transaction.getMetaData().getDatabaseProductName().startsWith("H2")
                  ? "SELECT NEXT VALUE FOR junction_change_naive_seq"
                  : "SELECT nextval('junction_change_naive_seq')";
          long[] sequences = new long[count];
          try (PreparedStatement s = transaction.prepareStatement(next)) {
            for (int i = 0; i < count; i++) {
              try (ResultSet rs = s.executeQuery()) {
                rs.next();
                sequences[i] = rs.getLong(1);
              }
            }
          }
          return sequences;
        }

        @Override
        public long head(Connection connection) throws SQLException {
          try (Statement s = connection.createStatement();
              ResultSet rs =
                  s.executeQuery("SELECT COALESCE(MAX(sequence), 0) FROM junction_change")) {
            rs.next();
            return rs.getLong(1);
          }
        }
      };
}
