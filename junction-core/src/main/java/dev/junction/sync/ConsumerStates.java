package dev.junction.sync;

import dev.junction.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Sync state per consumer and integration, in {@code junction_sync_consumer}. */
final class ConsumerStates {
  private static final String COLUMNS =
      "consumer, integration, generation, acknowledged_sequence, issued_sequence,"
          + " windows_completed, records_served, last_sync_at";

  private final DataSource dataSource;

  ConsumerStates(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The consumer's generation (0 when it has no state). */
  long generation(Connection c, String consumer, String integration) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT generation FROM junction_sync_consumer WHERE consumer = ? AND integration = ?")) {
      s.setString(1, consumer);
      s.setString(2, integration);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  /**
   * Records a request: the acknowledged sequence (when a sync token was sent), the window end (when
   * its last page was served) and the items served.
   */
  void record(
      Connection c,
      String consumer,
      String integration,
      long acknowledged,
      long issued,
      boolean windowCompleted,
      long items,
      Instant now)
      throws SQLException {
    OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
    try (PreparedStatement u =
        c.prepareStatement(
            "UPDATE junction_sync_consumer SET"
                + " acknowledged_sequence = CASE WHEN ? < 0 THEN acknowledged_sequence ELSE ? END,"
                + " issued_sequence = CASE WHEN ? < 0 THEN issued_sequence ELSE ? END,"
                + " windows_completed = windows_completed + ?, records_served = records_served + ?,"
                + " last_sync_at = ? WHERE consumer = ? AND integration = ?")) {
      u.setLong(1, acknowledged);
      u.setLong(2, acknowledged);
      u.setLong(3, issued);
      u.setLong(4, issued);
      u.setLong(5, windowCompleted ? 1 : 0);
      u.setLong(6, items);
      u.setObject(7, at);
      u.setString(8, consumer);
      u.setString(9, integration);
      if (u.executeUpdate() == 1) return;
    }
    // The first request of this consumer: create its row in a transaction of its own, so that a
    // concurrent first request does not fail on the primary key but waits for the row's lock below
    // and then finds (and reuses) the window this request stages.
    createIfAbsent(consumer, integration, at);
    record(c, consumer, integration, acknowledged, issued, windowCompleted, items, now);
  }

  /** Inserts the consumer's empty state row and commits; a row created meanwhile is kept. */
  private void createIfAbsent(String consumer, String integration, OffsetDateTime at)
      throws SQLException {
    try (Connection own = dataSource.getConnection()) {
      try (PreparedStatement i =
          own.prepareStatement(
              "INSERT INTO junction_sync_consumer ("
                  + COLUMNS
                  + ") VALUES (?, ?, 0, 0, 0, 0, 0, ?)")) {
        i.setString(1, consumer);
        i.setString(2, integration);
        i.setObject(3, at);
        i.executeUpdate();
        own.commit();
      } catch (SQLException e) {
        own.rollback();
        if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) throw e;
        // a unique violation: the concurrent first request created it
      }
    }
  }

  /** Bumps the generation and clears the positions; false when there was no state. */
  boolean reset(Connection c, String consumer, String integration) throws SQLException {
    try (PreparedStatement u =
        c.prepareStatement(
            "UPDATE junction_sync_consumer SET generation = generation + 1,"
                + " acknowledged_sequence = 0, issued_sequence = 0"
                + " WHERE consumer = ? AND integration = ?")) {
      u.setString(1, consumer);
      u.setString(2, integration);
      return u.executeUpdate() == 1;
    }
  }

  List<ConsumerState> all() {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM junction_sync_consumer ORDER BY consumer, integration");
          ResultSet rs = s.executeQuery()) {
        List<ConsumerState> states = new ArrayList<>();
        while (rs.next()) {
          OffsetDateTime last = rs.getObject(8, OffsetDateTime.class);
          states.add(
              new ConsumerState(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  rs.getLong(6),
                  rs.getLong(7),
                  last == null ? null : last.toInstant()));
        }
        return states;
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new StoreException("Sync API: cannot read consumer states; retry later", e);
    }
  }
}
