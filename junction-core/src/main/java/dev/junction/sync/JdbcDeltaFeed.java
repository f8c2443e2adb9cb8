package dev.junction.sync;

import dev.junction.StoreException;
import dev.junction.config.EntityConfig;
import dev.junction.store.Expr;
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
  /** Keys per key-list query of a composite key: small, since H2 tests an OR of ANDs row by row. */
  private static final int KEYS_PER_QUERY = 200;

  /**
   * Keys per key-list query of a one-field key: an IN list, which H2 and PostgreSQL answer by index
   * lookups, so larger lists only save queries (scattered updates of 10,000 records were 50 queries
   * of 200 keys, each opened, rendered and parsed anew).
   */
  private static final int IN_KEYS_PER_QUERY = 1_000;

  /** Range reads per page before the remaining keys are read by key lists. */
  private static final int RANGE_ROUNDS = 4;

  /** Fewer keys than this are read by key list directly. */
  private static final int RANGE_MINIMUM = 16;

  /**
   * The latest change of each key inside the window {@code (?, ?]} of entity {@code ?}, as a
   * derived table of sequences to join with {@code junction_change}: a grouping, then primary-key
   * lookups (a correlated "no later change" subquery is far slower on H2).
   */
  static final String LATEST_IN_WINDOW =
      " JOIN (SELECT MAX(sequence) AS latest FROM junction_change"
          + " WHERE entity = ? AND sequence > ? AND sequence <= ? GROUP BY record_key) m"
          + " ON c.sequence = m.latest";

  private static final String PAGE =
      "SELECT c.record_key, c.operation, c.sequence FROM junction_change c"
          + LATEST_IN_WINDOW
          + " WHERE c.sequence > ? ORDER BY c.sequence LIMIT ?";

  private static final String RAW =
      "SELECT record_key, operation, sequence FROM junction_change"
          + " WHERE entity = ? AND sequence > ? AND sequence <= ? ORDER BY entity, sequence LIMIT ?";

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
              ps.setLong(2, fromSequence);
              ps.setLong(3, toSequence);
              ps.setLong(4, afterSequence);
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

  /** Turns change rows into items: upserts get their record's current state. */
  List<ChangeItem> resolve(EntityKeys entityKeys, List<Row> rows) {
    Map<String, Map<String, Object>> wanted = new LinkedHashMap<>();
    for (Row r : rows) if (!r.delete()) wanted.put(r.key(), entityKeys.parse(r.key()));
    Map<String, StoredRecord> records = fetch(entityKeys, wanted);
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

  /**
   * The current field values (entity field order) of each row's record, as {@link #resolve} but
   * without maps and {@link StoredRecord}s: null for a deletion and for a record that no longer
   * exists (both are deletion markers).
   */
  List<Object[]> values(EntityKeys entityKeys, List<Row> rows) {
    Map<Object, String> wanted = new HashMap<>(rows.size() * 2);
    Object[] lookups = new Object[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      if (r.delete()) continue;
      Object lookup = entityKeys.lookup(r.key());
      lookups[i] = lookup;
      wanted.put(lookup, r.key());
    }
    Map<Object, Object[]> records = fetchValues(entityKeys, wanted);
    List<Object[]> values = new ArrayList<>(rows.size());
    for (Object lookup : lookups) values.add(lookup == null ? null : records.get(lookup));
    return values;
  }

  /**
   * {@link #fetch} by field-value arrays: reads the records of {@code wanted} (lookup key to key
   * JSON) by key ranges, then key lists, keyed by {@link EntityKeys#lookup(Object[])}.
   */
  private Map<Object, Object[]> fetchValues(EntityKeys entityKeys, Map<Object, String> wanted) {
    String entity = entityKeys.entity().name();
    Map<Object, Object[]> found = new HashMap<>(wanted.size() * 2);
    Map<Object, String> missing = new HashMap<>(wanted);
    List<String> key = entityKeys.entity().key();
    if (key.size() == 1) {
      String field = key.getFirst();
      for (int round = 0; round < RANGE_ROUNDS && missing.size() > RANGE_MINIMUM; round++) {
        int limit = 2 * missing.size() + 16;
        Expr range =
            range(
                field,
                missing.entrySet().stream()
                    .map(
                        k ->
                            entityKeys.plainKey()
                                ? k.getKey()
                                : entityKeys.parse(k.getValue()).get(field)));
        int read = 0;
        int hits = 0;
        try (Stream<Object[]> s =
            store.queryValues(Query.all(entity).withFilter(range).withLimit(limit))) {
          for (Object[] r : (Iterable<Object[]>) s::iterator) {
            read++;
            Object lookup = entityKeys.lookup(r);
            if (missing.remove(lookup) != null) {
              found.put(lookup, r);
              hits++;
            }
          }
        }
        if (read < limit || hits < limit / 4) break; // read whole, or too sparse for ranges
      }
    }
    List<Map<String, Object>> rest = new ArrayList<>(missing.size());
    for (String json : missing.values()) rest.add(entityKeys.parse(json));
    int perQuery = key.size() == 1 ? IN_KEYS_PER_QUERY : KEYS_PER_QUERY;
    for (int i = 0; i < rest.size(); i += perQuery) {
      List<Map<String, Object>> chunk = rest.subList(i, Math.min(rest.size(), i + perQuery));
      Query q = Query.all(entity).withFilter(entityKeys.filter(chunk));
      try (Stream<Object[]> s = store.queryValues(q)) {
        s.forEach(r -> found.put(entityKeys.lookup(r), r));
      }
    }
    return found;
  }

  /** {@code field} between the least and the greatest of {@code values}. */
  private static Expr range(String field, Stream<Object> values) {
    Object low = null;
    Object high = null;
    for (Object v : (Iterable<Object>) values::iterator) {
      if (low == null || compare(v, low) < 0) low = v;
      if (high == null || compare(v, high) > 0) high = v;
    }
    return new Expr.And(
        List.of(
            new Expr.Compare(Expr.CompareOp.GE, Expr.field(field), Expr.literal(low)),
            new Expr.Compare(Expr.CompareOp.LE, Expr.field(field), Expr.literal(high))));
  }

  /**
   * Reads the records of {@code wanted} (key JSON to typed key). A page's keys are usually close
   * together (loads and syncs write neighbouring keys), so for a one-field key it first reads key
   * ranges, each bounded to twice the keys still wanted; what ranges do not find (scattered keys,
   * or a database collation that orders strings differently) is read by key lists. Large key lists
   * are avoided because some databases (H2) evaluate them row by row.
   */
  private Map<String, StoredRecord> fetch(
      EntityKeys entityKeys, Map<String, Map<String, Object>> wanted) {
    String entity = entityKeys.entity().name();
    Map<String, StoredRecord> found = new HashMap<>(wanted.size() * 2);
    Map<String, Map<String, Object>> missing = new LinkedHashMap<>(wanted);
    List<String> key = entityKeys.entity().key();
    if (key.size() == 1) {
      String field = key.getFirst();
      for (int round = 0; round < RANGE_ROUNDS && missing.size() > RANGE_MINIMUM; round++) {
        int limit = 2 * missing.size() + 16;
        Expr range = range(field, missing.values().stream().map(k -> k.get(field)));
        int read = 0;
        int hits = 0;
        try (Stream<StoredRecord> s =
            store.query(Query.all(entity).withFilter(range).withLimit(limit))) {
          for (StoredRecord r : (Iterable<StoredRecord>) s::iterator) {
            read++;
            String json = entityKeys.json(entityKeys.keyOf(r));
            if (missing.remove(json) != null) {
              found.put(json, r);
              hits++;
            }
          }
        }
        if (read < limit || hits < limit / 4) break; // read whole, or too sparse for ranges
      }
    }
    List<Map<String, Object>> rest = new ArrayList<>(missing.values());
    int perQuery = key.size() == 1 ? IN_KEYS_PER_QUERY : KEYS_PER_QUERY;
    for (int i = 0; i < rest.size(); i += perQuery) {
      List<Map<String, Object>> chunk = rest.subList(i, Math.min(rest.size(), i + perQuery));
      Query q = Query.all(entity).withFilter(entityKeys.filter(chunk));
      try (Stream<StoredRecord> s = store.query(q)) {
        s.forEach(r -> found.put(entityKeys.json(entityKeys.keyOf(r)), r));
      }
    }
    return found;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
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
