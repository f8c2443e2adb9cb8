package dev.junction.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Database staging: a window is its bounds {@code (from, to]} plus, in {@code
 * junction_sync_window_latest}, the latest sequence of each key that can have more than one change
 * in it, found by one set-based {@code INSERT … SELECT}. Pages are read from the change log itself,
 * which never changes below the head, skipping every change that a later change of the same key in
 * the window supersedes; so {@code skip} and next-page tokens address the same items across
 * requests and restarts, and no record copy is written.
 *
 * <p>Why only some keys: a record's version grows by one with every change, starting at 1 (see
 * {@code JdbcTransaction}), and two changes of one key commit in version order. A key with two
 * changes in the window therefore has a change of version &gt; 1 in it; a key whose only such
 * change has version &ge; 3 and which has just that one change in the window has no other. So a
 * baseline of freshly loaded records stages nothing but its bounds.
 */
final class WindowStaging {

  /** A staged window's header; {@code pagePosition}/{@code pageSequence}: its last page's end. */
  record Window(
      long id,
      String consumer,
      String integration,
      long generation,
      long from,
      long to,
      long pagePosition,
      long pageSequence) {}

  private static final String WINDOW_COLUMNS =
      "id, consumer, integration, generation, from_sequence, to_sequence, page_position,"
          + " page_sequence";

  private static final String STAGE =
      "INSERT INTO junction_sync_window_latest (window_id, record_key, latest_sequence)"
          + " SELECT ?, record_key, MAX(sequence) FROM junction_change"
          + " WHERE entity = ? AND sequence > ? AND sequence <= ? AND version > 1"
          + " GROUP BY record_key HAVING COUNT(*) > 1 OR MIN(version) = 2";

  /**
   * The window's items after a sequence: its change rows in sequence order (a primary-key range),
   * without those superseded by a later change of the same key in the window.
   */
  private static final String ITEMS =
      "SELECT c.record_key, c.operation, c.sequence FROM junction_change c"
          + " LEFT JOIN junction_sync_window_latest l"
          + " ON l.window_id = ? AND l.record_key = c.record_key"
          + " WHERE c.sequence > ? AND c.sequence <= ? AND c.entity = ?"
          + " AND (l.latest_sequence IS NULL OR l.latest_sequence = c.sequence)"
          + " ORDER BY c.sequence LIMIT ? OFFSET ?";

  /** A window's change rows after a sequence, in sequence order (a primary-key range). */
  private static final String RANGE =
      "SELECT record_key, operation, sequence FROM junction_change"
          + " WHERE sequence > ? AND sequence <= ? AND entity = ? ORDER BY sequence LIMIT ?";

  private static final String LATEST =
      "SELECT record_key, latest_sequence FROM junction_sync_window_latest WHERE window_id = ?"
          + " LIMIT ?";

  /** Windows with more repeated keys than this are filtered by the database, not in memory. */
  static final int CACHED_KEYS = 500_000;

  /** Windows whose latest sequences are kept in memory. */
  private static final int CACHED_WINDOWS = 8;

  /**
   * The latest sequences of recently paged windows (null: too many to cache), least recently used
   * first. Staged rows never change, so an entry stays true as long as its window exists.
   */
  private final Map<Long, Map<String, Long>> latestByWindow =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Map<String, Long>> eldest) {
          return size() > CACHED_WINDOWS;
        }
      };

  /** Creates the window (from, to] of {@code entity}; the caller commits. */
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
                + " to_sequence, item_count, created_at, expires_at, page_position, page_sequence)"
                + " VALUES (?, ?, ?, ?, ?, -1, ?, ?, 0, ?)",
            new String[] {"id"})) {
      w.setString(1, consumer);
      w.setString(2, integration);
      w.setLong(3, generation);
      w.setLong(4, from);
      w.setLong(5, to);
      w.setObject(6, now.atOffset(ZoneOffset.UTC));
      w.setObject(7, expires.atOffset(ZoneOffset.UTC));
      w.setLong(8, from);
      w.executeUpdate();
      try (ResultSet keys = w.getGeneratedKeys()) {
        keys.next();
        id = keys.getLong(1);
      }
    }
    try (PreparedStatement s = c.prepareStatement(STAGE)) {
      s.setLong(1, id);
      s.setString(2, entity);
      s.setLong(3, from);
      s.setLong(4, to);
      s.executeUpdate();
    }
    return new Window(id, consumer, integration, generation, from, to, 0, from);
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
              rs.getLong(7),
              rs.getLong(8)));
    }
  }

  /**
   * Up to {@code limit} items of window {@code w} of {@code entity} after {@code afterSequence},
   * skipping {@code skip} of them. Without a skip, and when the window's repeated keys fit in
   * memory, the change rows are read as a plain primary-key range and the superseded ones dropped
   * by a hash lookup in the window's latest sequences (read once per window and cached: a staged
   * window never changes); otherwise the database joins each change row with them.
   */
  List<JdbcDeltaFeed.Row> items(
      Connection c, Window w, String entity, long afterSequence, long skip, int limit)
      throws SQLException {
    Map<String, Long> latest = skip == 0 ? latest(c, w.id()) : null;
    if (latest == null) return joinedItems(c, w, entity, afterSequence, skip, limit);
    List<JdbcDeltaFeed.Row> rows = new ArrayList<>(Math.min(limit, 10_001));
    long after = afterSequence;
    try (PreparedStatement s = c.prepareStatement(RANGE)) {
      while (rows.size() < limit && after < w.to()) {
        int want = limit - rows.size();
        int read = 0;
        s.setLong(1, after);
        s.setLong(2, w.to());
        s.setString(3, entity);
        s.setInt(4, want);
        s.setFetchSize(Math.min(want, 10_000));
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            read++;
            String key = rs.getString(1);
            long sequence = rs.getLong(3);
            after = sequence;
            Long last = latest.get(key);
            if (last == null || last == sequence) {
              rows.add(new JdbcDeltaFeed.Row(key, "DELETE".equals(rs.getString(2)), sequence));
            }
          }
        }
        if (read < want) break; // the window's end
      }
    }
    return rows;
  }

  private List<JdbcDeltaFeed.Row> joinedItems(
      Connection c, Window w, String entity, long afterSequence, long skip, int limit)
      throws SQLException {
    try (PreparedStatement s = c.prepareStatement(ITEMS)) {
      s.setLong(1, w.id());
      s.setLong(2, afterSequence);
      s.setLong(3, w.to());
      s.setString(4, entity);
      s.setInt(5, limit);
      s.setLong(6, skip);
      s.setFetchSize(Math.min(limit, 10_000));
      List<JdbcDeltaFeed.Row> rows = new ArrayList<>(Math.min(limit, 10_001));
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

  /**
   * The latest sequence of each repeated key of window {@code id} (key JSON to sequence), or null
   * when there are more than {@link #CACHED_KEYS} of them.
   */
  private Map<String, Long> latest(Connection c, long id) throws SQLException {
    synchronized (latestByWindow) {
      if (latestByWindow.containsKey(id)) return latestByWindow.get(id);
    }
    Map<String, Long> latest = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(LATEST)) {
      s.setLong(1, id);
      s.setInt(2, CACHED_KEYS + 1);
      s.setFetchSize(10_000);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) latest.put(rs.getString(1), rs.getLong(2));
      }
    }
    Map<String, Long> cached = latest.size() > CACHED_KEYS ? null : latest;
    synchronized (latestByWindow) {
      latestByWindow.put(id, cached);
    }
    return cached;
  }

  /**
   * Keeps the window alive and remembers where its last page ended; {@code itemCount} once the last
   * page was served, else -1.
   */
  void served(
      Connection c, long window, long position, long sequence, long itemCount, Instant expires)
      throws SQLException {
    try (PreparedStatement u =
        c.prepareStatement(
            "UPDATE junction_sync_window SET expires_at = ?, page_position = ?, page_sequence = ?,"
                + " item_count = CASE WHEN ? < 0 THEN item_count ELSE ? END WHERE id = ?")) {
      u.setObject(1, expires.atOffset(ZoneOffset.UTC));
      u.setLong(2, position);
      u.setLong(3, sequence);
      u.setLong(4, itemCount);
      u.setLong(5, itemCount);
      u.setLong(6, window);
      u.executeUpdate();
    }
  }

  /** Removes the consumer's windows of {@code integration} other than {@code keep}. */
  int removeOthers(Connection c, String consumer, String integration, long keep)
      throws SQLException {
    String which = " FROM junction_sync_window WHERE consumer = ? AND integration = ? AND id <> ?";
    try (PreparedStatement items =
            c.prepareStatement(
                "DELETE FROM junction_sync_window_latest WHERE window_id IN (SELECT id"
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
                "DELETE FROM junction_sync_window_latest WHERE window_id IN (SELECT id"
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
