package dev.junction.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Database staging: a window's deduplicated items persisted in {@code junction_sync_window_item} by
 * one {@code INSERT … SELECT} (nothing passes through memory), numbered by the position of their
 * latest change, so {@code skip} and next-page tokens address the same items across requests and
 * restarts.
 */
final class WindowStaging {

  /** A staged window's header. */
  record Window(
      long id,
      String consumer,
      String integration,
      long generation,
      long from,
      long to,
      long itemCount) {}

  private static final String WINDOW_COLUMNS =
      "id, consumer, integration, generation, from_sequence, to_sequence, item_count";

  private static final String STAGE =
      "INSERT INTO junction_sync_window_item (window_id, sequence, record_key, operation)"
          + " SELECT ?, c.sequence, c.record_key, c.operation FROM junction_change c"
          + JdbcDeltaFeed.LATEST_IN_WINDOW;

  /** Creates and fills the window (from, to] of {@code entity}; the caller commits. */
  Window stage(
      Connection c,
      String consumer,
      String integration,
      long generation,
      String entity,
      long from,
      long to,
      Instant now,
      Instant expires)
      throws SQLException {
    long id;
    try (PreparedStatement w =
        c.prepareStatement(
            "INSERT INTO junction_sync_window (consumer, integration, generation, from_sequence,"
                + " to_sequence, item_count, created_at, expires_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
            new String[] {"id"})) {
      w.setString(1, consumer);
      w.setString(2, integration);
      w.setLong(3, generation);
      w.setLong(4, from);
      w.setLong(5, to);
      w.setObject(6, now.atOffset(ZoneOffset.UTC));
      w.setObject(7, expires.atOffset(ZoneOffset.UTC));
      w.executeUpdate();
      try (ResultSet keys = w.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    }
    long count;
    try (PreparedStatement s = c.prepareStatement(STAGE)) {
      s.setLong(1, id);
      s.setString(2, entity);
      s.setLong(3, from);
      s.setLong(4, to);
      count = s.executeUpdate();
    }
    try (PreparedStatement u =
        c.prepareStatement("UPDATE junction_sync_window SET item_count = ? WHERE id = ?")) {
      u.setLong(1, count);
      u.setLong(2, id);
      u.executeUpdate();
    }
    return new Window(id, consumer, integration, generation, from, to, count);
  }

  Optional<Window> byId(Connection c, long id, Instant now) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + WINDOW_COLUMNS
                + " FROM junction_sync_window WHERE id = ? AND expires_at > ?")) {
      s.setLong(1, id);
      s.setObject(2, now.atOffset(ZoneOffset.UTC));
      return one(s);
    }
  }

  /** The consumer's unexpired window starting at {@code from}, if it is still staged. */
  Optional<Window> open(
      Connection c, String consumer, String integration, long generation, long from, Instant now)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT "
                + WINDOW_COLUMNS
                + " FROM junction_sync_window WHERE consumer = ? AND integration = ?"
                + " AND generation = ? AND from_sequence = ? AND expires_at > ? ORDER BY id DESC")) {
      s.setString(1, consumer);
      s.setString(2, integration);
      s.setLong(3, generation);
      s.setLong(4, from);
      s.setObject(5, now.atOffset(ZoneOffset.UTC));
      return one(s);
    }
  }

  private static Optional<Window> one(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      if (!rs.next()) return Optional.empty();
      return Optional.of(
          new Window(
              rs.getLong(1),
              rs.getString(2),
              rs.getString(3),
              rs.getLong(4),
              rs.getLong(5),
              rs.getLong(6),
              rs.getLong(7)));
    }
  }

  /** Up to {@code limit} items after {@code afterSequence}, skipping {@code skip} of them. */
  List<JdbcDeltaFeed.Row> items(Connection c, long window, long afterSequence, long skip, int limit)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT record_key, operation, sequence FROM junction_sync_window_item"
                + " WHERE window_id = ? AND sequence > ? ORDER BY window_id, sequence LIMIT ? OFFSET ?")) {
      s.setLong(1, window);
      s.setLong(2, afterSequence);
      s.setInt(3, limit);
      s.setLong(4, skip);
      s.setFetchSize(1000);
      List<JdbcDeltaFeed.Row> rows = new ArrayList<>(Math.min(limit, 10_000));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new JdbcDeltaFeed.Row(
                  rs.getString(1), "DELETE".equals(rs.getString(2)), rs.getLong(3)));
        }
      }
      return rows;
    }
  }

  void touch(Connection c, long window, Instant expires) throws SQLException {
    try (PreparedStatement u =
        c.prepareStatement("UPDATE junction_sync_window SET expires_at = ? WHERE id = ?")) {
      u.setObject(1, expires.atOffset(ZoneOffset.UTC));
      u.setLong(2, window);
      u.executeUpdate();
    }
  }

  /** Removes the consumer's windows of {@code integration} other than {@code keep}. */
  int removeOthers(Connection c, String consumer, String integration, long keep)
      throws SQLException {
    String which = " FROM junction_sync_window WHERE consumer = ? AND integration = ? AND id <> ?";
    try (PreparedStatement items =
            c.prepareStatement(
                "DELETE FROM junction_sync_window_item WHERE window_id IN (SELECT id"
                    + which
                    + ")");
        PreparedStatement windows = c.prepareStatement("DELETE" + which)) {
      for (PreparedStatement p : List.of(items, windows)) {
        p.setString(1, consumer);
        p.setString(2, integration);
        p.setLong(3, keep);
      }
      items.executeUpdate();
      return windows.executeUpdate();
    }
  }

  int removeExpired(Connection c, Instant now) throws SQLException {
    String which = " FROM junction_sync_window WHERE expires_at <= ?";
    try (PreparedStatement items =
            c.prepareStatement(
                "DELETE FROM junction_sync_window_item WHERE window_id IN (SELECT id"
                    + which
                    + ")");
        PreparedStatement windows = c.prepareStatement("DELETE" + which)) {
      items.setObject(1, now.atOffset(ZoneOffset.UTC));
      windows.setObject(1, now.atOffset(ZoneOffset.UTC));
      items.executeUpdate();
      return windows.executeUpdate();
    }
  }
}
