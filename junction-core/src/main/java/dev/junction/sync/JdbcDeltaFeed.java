package dev.junction.sync;

import dev.junction.StoreException;
import dev.junction.config.EntityConfig;
import dev.junction.store.Query;
import dev.junction.store.RecordStore;
import dev.junction.store.StoredRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** {@link DeltaFeed} reading {@code junction_change} directly with deduplicating SQL. */
final class JdbcDeltaFeed implements DeltaFeed {
  /** Keys per record query: bounded so the statement's parameter count stays small. */
  private static final int KEYS_PER_QUERY = 5_000;

  /** The latest change of each key inside the window, in sequence order. */
  static final String LATEST_IN_WINDOW =
      "FROM junction_change c WHERE c.entity = ? AND c.sequence > ? AND c.sequence <= ?"
          + " AND NOT EXISTS (SELECT 1 FROM junction_change d WHERE d.entity = c.entity"
          + " AND d.record_key = c.record_key AND d.sequence > c.sequence AND d.sequence <= ?)";

  private static final String PAGE =
      "SELECT c.record_key, c.operation, c.sequence "
          + LATEST_IN_WINDOW
          + " ORDER BY c.sequence LIMIT ?";

  private static final String RAW =
      "SELECT record_key, operation, sequence FROM junction_change"
          + " WHERE entity = ? AND sequence > ? AND sequence <= ? ORDER BY sequence LIMIT ?";

  private final RecordStore store;
  private final Map<String, EntityKeys> keys = new HashMap<>();

  JdbcDeltaFeed(RecordStore store, List<EntityConfig> entities) {
    this.store = store;
    for (EntityConfig e : entities) keys.put(e.name(), new EntityKeys(e));
  }

  /** A change-log row: one key's change. */
  record Row(String key, boolean delete, long sequence) {}

  @Override
  public long head() {
    return store.changes().head();
  }

  @Override
  public ChangePage page(
      String entity, long fromSequence, long toSequence, long afterSequence, int limit) {
    EntityKeys entityKeys = keys(entity);
    if (limit < 1) throw new IllegalArgumentException("limit must be >= 1, was " + limit);
    if (fromSequence < 0 || toSequence < fromSequence) {
      throw new IllegalArgumentException(
          "window (" + fromSequence + ", " + toSequence + "] is not a valid window");
    }
    if (afterSequence < fromSequence || afterSequence > toSequence) {
      throw new IllegalArgumentException(
          "afterSequence "
              + afterSequence
              + " is outside the window ("
              + fromSequence
              + ", "
              + toSequence
              + "]");
    }
    List<Row> rows =
        query(
            PAGE,
            ps -> {
              ps.setString(1, entity);
              ps.setLong(2, afterSequence);
              ps.setLong(3, toSequence);
              ps.setLong(4, toSequence);
              ps.setInt(5, limit + 1);
            });
    boolean last = rows.size() <= limit;
    if (!last) rows = rows.subList(0, limit);
    List<ChangeItem> items = resolve(entityKeys, rows);
    long lastSequence = rows.isEmpty() ? afterSequence : rows.getLast().sequence();
    return new ChangePage(items, fromSequence, toSequence, lastSequence, last);
  }

  @Override
  public ChangePage capped(String entity, long fromSequence, int maxChanges) {
    EntityKeys entityKeys = keys(entity);
    if (maxChanges < 1) {
      throw new IllegalArgumentException("maxChanges must be >= 1, was " + maxChanges);
    }
    long head = head();
    if (fromSequence > head) {
      throw new IllegalArgumentException(
          "fromSequence " + fromSequence + " is ahead of the change log's head " + head);
    }
    List<Row> raw =
        query(
            RAW,
            ps -> {
              ps.setString(1, entity);
              ps.setLong(2, fromSequence);
              ps.setLong(3, head);
              ps.setInt(4, maxChanges);
            });
    boolean reachedHead = raw.size() < maxChanges;
    long to = reachedHead ? head : raw.getLast().sequence();
    LinkedHashMap<String, Row> latest = new LinkedHashMap<>();
    for (Row r : raw) {
      latest.remove(r.key()); // re-inserted at the position of its latest change
      latest.put(r.key(), r);
    }
    List<ChangeItem> items = resolve(entityKeys, List.copyOf(latest.values()));
    long lastSequence = latest.isEmpty() ? fromSequence : raw.getLast().sequence();
    return new ChangePage(items, fromSequence, to, lastSequence, reachedHead);
  }

  EntityKeys keys(String entity) {
    EntityKeys k = keys.get(entity);
    if (k == null) {
      throw new IllegalArgumentException(
          "entity '" + entity + "' is not known to this delta feed; known: " + keys.keySet());
    }
    return k;
  }

  /** Turns change rows into items: upserts get their record's current state, in one query. */
  List<ChangeItem> resolve(EntityKeys entityKeys, List<Row> rows) {
    List<Map<String, Object>> wanted = new ArrayList<>();
    for (Row r : rows) if (!r.delete()) wanted.add(entityKeys.parse(r.key()));
    Map<String, StoredRecord> records = new HashMap<>(wanted.size() * 2);
    for (int i = 0; i < wanted.size(); i += KEYS_PER_QUERY) {
      List<Map<String, Object>> chunk =
          wanted.subList(i, Math.min(wanted.size(), i + KEYS_PER_QUERY));
      Query q = Query.all(entityKeys.entity().name()).withFilter(entityKeys.filter(chunk));
      try (Stream<StoredRecord> found = store.query(q)) {
        found.forEach(r -> records.put(entityKeys.json(entityKeys.keyOf(r)), r));
      }
    }
    List<ChangeItem> items = new ArrayList<>(rows.size());
    for (Row r : rows) {
      StoredRecord record = r.delete() ? null : records.get(r.key());
      if (record == null) {
        items.add(new ChangeItem.Removed(entityKeys.parse(r.key()), r.sequence()));
      } else {
        items.add(new ChangeItem.Upserted(record, entityKeys.keyOf(record), r.sequence()));
      }
    }
    return items;
  }

  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<Row> query(String sql, Binder binder) {
    try (Connection c = store.dataSource().getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        binder.bind(ps);
        ps.setFetchSize(1000);
        List<Row> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new Row(rs.getString(1), "DELETE".equals(rs.getString(2)), rs.getLong(3)));
          }
        }
        return rows;
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw new StoreException("Delta feed: cannot read the change log; retry later", e);
    }
  }
}
