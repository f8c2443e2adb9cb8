package dev.junction.store;

import dev.junction.ValidationException;
import dev.junction.ValidationException.Violation;
import dev.junction.changes.Change;
import dev.junction.changes.NewChange;
import dev.junction.config.FieldConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** One open write transaction on one connection; collects the changes it must log. */
final class JdbcTransaction implements StoreTransaction {
  private static final long ANY_VERSION = -1;
  private static final int LOOKUP_SLICE = 128;

  private final JdbcRecordStore store;
  private final Connection connection;
  private final DSLContext sql;
  private final List<NewChange> changes = new ArrayList<>();

  JdbcTransaction(JdbcRecordStore store, Connection connection) {
    this.store = store;
    this.connection = connection;
    this.sql = store.dsl(connection);
  }

  List<NewChange> changes() {
    return changes;
  }

  @Override
  public UpsertResult upsert(String entity, List<? extends Map<String, ?>> rows) {
    EntityTable t = store.table(entity);
    List<Violation> violations = new ArrayList<>();
    LinkedHashMap<String, Object[]> byKey = new LinkedHashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      int before = violations.size();
      Object[] values = t.normalizeRow(rows.get(i), "", violations);
      if (rows.size() > 1) {
        for (int v = before; v < violations.size(); v++) {
          Violation bad = violations.get(v);
          violations.set(
              v, new Violation(bad.entity(), bad.field(), "row " + i + ": " + bad.message()));
        }
      }
      if (values != null) {
        String key = t.keyJsonOfRow(values);
        byKey.remove(key);
        byKey.put(key, values);
      }
    }
    if (!violations.isEmpty()) throw new ValidationException(violations);
    List<Map.Entry<String, Object[]>> all = new ArrayList<>(byKey.entrySet());
    UpsertResult result = UpsertResult.NONE;
    OffsetDateTime now = store.now();
    for (int from = 0; from < all.size(); from += store.batchSize()) {
      result =
          result.plus(
              write(
                  t,
                  all.subList(from, Math.min(all.size(), from + store.batchSize())),
                  ANY_VERSION,
                  now));
    }
    return result;
  }

  @Override
  public StoredRecord put(String entity, Map<String, ?> row) {
    return putChecked(entity, row, ANY_VERSION);
  }

  @Override
  public StoredRecord putIfVersion(String entity, Map<String, ?> row, long expectedVersion) {
    if (expectedVersion < 1) {
      throw new IllegalArgumentException("expectedVersion must be >= 1, was " + expectedVersion);
    }
    return putChecked(entity, row, expectedVersion);
  }

  private StoredRecord putChecked(String entity, Map<String, ?> row, long expected) {
    EntityTable t = store.table(entity);
    List<Violation> violations = new ArrayList<>();
    Object[] values = t.normalizeRow(row, "", violations);
    if (values == null) throw new ValidationException(violations);
    String key = t.keyJsonOfRow(values);
    write(t, List.of(Map.entry(key, values)), expected, store.now());
    Object[] keyValues = new Object[t.keyIndexes.length];
    for (int i = 0; i < keyValues.length; i++) keyValues[i] = values[t.keyIndexes[i]];
    return find(t, keyValues, false).map(t::toStored).orElseThrow();
  }

  /** Classifies one chunk against the stored rows (locked) and writes inserts and updates. */
  private UpsertResult write(
      EntityTable t, List<Map.Entry<String, Object[]>> chunk, long expected, OffsetDateTime now) {
    Map<String, Object[]> existing = new HashMap<>();
    boolean h2 = store.dialect() == Dialect.H2;
    boolean anyArray = !h2 && t.keyIndexes.length == 1;
    // H2: one join of the key arrays with the table (an index lookup per key). PostgreSQL:
    // key = ANY(array) for single-column keys, else tuple IN lists in slices.
    int slice = h2 || anyArray ? chunk.size() : LOOKUP_SLICE;
    for (int from = 0; from < chunk.size(); from += slice) {
      List<Map.Entry<String, Object[]>> part =
          chunk.subList(from, Math.min(chunk.size(), from + slice));
      try {
        if (h2) lockAndReadJoin(t, part, existing);
        else lockAndRead(t, part, anyArray, existing);
      } catch (SQLException e) {
        throw store.failure(t, "reading " + chunk.size() + " stored record(s)", e);
      }
    }

    List<Map.Entry<String, Object[]>> inserts = new ArrayList<>();
    List<Map.Entry<String, Object[]>> updates = new ArrayList<>();
    List<Long> updateVersions = new ArrayList<>();
    long unchanged = 0;
    for (Map.Entry<String, Object[]> e : chunk) {
      Object[] stored = existing.get(e.getKey());
      long version = stored == null ? 0 : (Long) stored[t.fields.size()];
      if (expected != ANY_VERSION && version != expected) {
        throw new VersionConflictException(t.name, e.getKey(), expected, version);
      }
      if (stored == null) {
        inserts.add(e);
      } else if (EntityTable.sameValues(stored, e.getValue())) {
        unchanged++;
      } else {
        updates.add(e);
        updateVersions.add(version + 1);
      }
    }
    try {
      if (store.dialect() == Dialect.POSTGRES) {
        if (!inserts.isEmpty()) {
          List<Long> versions = new ArrayList<>(inserts.size());
          Map<String, Long> tombstones = tombstones(t, inserts);
          for (Map.Entry<String, Object[]> e : inserts) {
            versions.add(tombstones.getOrDefault(e.getKey(), 0L) + 1);
          }
          bulk(t, t.unnestInsertSql, inserts, versions, now);
        }
        if (!updates.isEmpty()) bulk(t, t.unnestUpdateSql, updates, updateVersions, now);
      } else {
        if (!inserts.isEmpty()) insert(t, inserts, now);
        if (!updates.isEmpty()) update(t, updates, updateVersions, now);
      }
    } catch (SQLException e) {
      throw store.failure(t, "writing " + chunk.size() + " record(s)", e);
    }
    return new UpsertResult(inserts.size(), updates.size(), unchanged);
  }

  /**
   * H2: reads and locks the stored rows of {@code part}'s keys with one statement that joins the
   * keys, passed as one array per key column, with the table. (A long {@code IN} list or {@code =
   * ANY(array)} under {@code FOR UPDATE} makes H2 re-check every found row against the whole list:
   * n² per chunk.)
   */
  private void lockAndReadJoin(
      EntityTable t, List<Map.Entry<String, Object[]>> part, Map<String, Object[]> existing)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(t.h2JoinForUpdateSql)) {
      for (int k = 0; k < t.keyIndexes.length; k++) {
        Object[] keys = new Object[part.size()];
        for (int r = 0; r < keys.length; r++) keys[r] = part.get(r).getValue()[t.keyIndexes[k]];
        select.setObject(k + 1, keys);
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Object[] stored = t.read(rs);
          existing.put(t.keyJsonOfRow(stored), stored);
        }
      }
    }
  }

  /** Reads and locks the stored rows of {@code part}'s keys into {@code existing}. */
  private void lockAndRead(
      EntityTable t,
      List<Map.Entry<String, Object[]>> part,
      boolean anyArray,
      Map<String, Object[]> existing)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            anyArray ? t.selectAnyForUpdateSql() : t.selectForUpdateSql(part.size()))) {
      if (anyArray) {
        String[] keys = new String[part.size()];
        for (int r = 0; r < keys.length; r++) {
          keys[r] = EntityTable.text(part.get(r).getValue()[t.keyIndexes[0]]);
        }
        select.setArray(1, connection.createArrayOf("text", keys));
      } else {
        int p = 1;
        for (Map.Entry<String, Object[]> e : part) {
          for (int k : t.keyIndexes) bind(select, p++, t.fields.get(k), e.getValue()[k]);
        }
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Object[] stored = t.read(rs);
          existing.put(t.keyJsonOfRow(stored), stored);
        }
      }
    }
  }

  /** One PostgreSQL statement over unnest(arrays) for a whole chunk of inserts or updates. */
  private void bulk(
      EntityTable t,
      String sql,
      List<Map.Entry<String, Object[]>> rows,
      List<Long> versions,
      OffsetDateTime now)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, now);
      for (int i = 0; i < t.fields.size(); i++) {
        String[] column = new String[rows.size()];
        for (int r = 0; r < column.length; r++)
          column[r] = EntityTable.text(rows.get(r).getValue()[i]);
        statement.setArray(i + 2, connection.createArrayOf("text", column));
      }
      statement.setArray(
          t.fields.size() + 2, connection.createArrayOf("bigint", versions.toArray(Long[]::new)));
      statement.executeUpdate();
    }
    for (int r = 0; r < rows.size(); r++) {
      changes.add(
          new NewChange(t.name, rows.get(r).getKey(), Change.Operation.UPSERT, versions.get(r)));
    }
  }

  private void insert(EntityTable t, List<Map.Entry<String, Object[]>> rows, OffsetDateTime now)
      throws SQLException {
    Map<String, Long> tombstones = tombstones(t, rows);
    try (PreparedStatement insert = connection.prepareStatement(t.insertSql)) {
      for (Map.Entry<String, Object[]> e : rows) {
        Object[] values = e.getValue();
        int p = 1;
        for (int i = 0; i < values.length; i++) bind(insert, p++, t.fields.get(i), values[i]);
        long version = tombstones.getOrDefault(e.getKey(), 0L) + 1;
        insert.setLong(p++, version);
        insert.setObject(p, now);
        insert.addBatch();
        changes.add(new NewChange(t.name, e.getKey(), Change.Operation.UPSERT, version));
      }
      insert.executeBatch();
    }
  }

  private void update(
      EntityTable t,
      List<Map.Entry<String, Object[]>> rows,
      List<Long> versions,
      OffsetDateTime now)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(t.updateSql)) {
      for (int r = 0; r < rows.size(); r++) {
        Object[] values = rows.get(r).getValue();
        int p = 1;
        for (int i = 0; i < values.length; i++) {
          if (!t.isKey(i)) bind(update, p++, t.fields.get(i), values[i]);
        }
        update.setLong(p++, versions.get(r));
        update.setObject(p++, now);
        for (int k : t.keyIndexes) bind(update, p++, t.fields.get(k), values[k]);
        update.addBatch();
        changes.add(
            new NewChange(t.name, rows.get(r).getKey(), Change.Operation.UPSERT, versions.get(r)));
      }
      update.executeBatch();
    }
  }

  /** Last versions of deleted records among {@code rows}, so re-created records continue them. */
  private Map<String, Long> tombstones(EntityTable t, List<Map.Entry<String, Object[]>> rows)
      throws SQLException {
    try (PreparedStatement any =
        connection.prepareStatement("SELECT 1 FROM junction_tombstone WHERE entity = ? LIMIT 1")) {
      any.setString(1, t.name);
      try (ResultSet rs = any.executeQuery()) {
        if (!rs.next()) return Map.of();
      }
    }
    Map<String, Long> versions = new HashMap<>();
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < rows.size(); i++) in.append(i == 0 ? "?" : ", ?");
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT record_key, version FROM junction_tombstone WHERE entity = ? AND record_key IN ("
                + in
                + ")")) {
      select.setString(1, t.name);
      for (int i = 0; i < rows.size(); i++) select.setString(i + 2, rows.get(i).getKey());
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) versions.put(rs.getString(1), rs.getLong(2));
      }
    }
    return versions;
  }

  static void bind(PreparedStatement statement, int index, FieldConfig field, Object value)
      throws SQLException {
    if (value != null) {
      statement.setObject(index, value);
      return;
    }
    statement.setNull(
        index,
        switch (field.type()) {
          case STRING, JSON -> Types.VARCHAR;
          case INTEGER -> Types.INTEGER;
          case LONG -> Types.BIGINT;
          case DECIMAL -> Types.NUMERIC;
          case BOOLEAN -> Types.BOOLEAN;
          case DATE -> Types.DATE;
          case DATETIME -> Types.TIMESTAMP_WITH_TIMEZONE;
        });
  }

  @Override
  public boolean delete(String entity, Map<String, ?> key) {
    return deleteChecked(entity, key, ANY_VERSION);
  }

  @Override
  public void deleteIfVersion(String entity, Map<String, ?> key, long expectedVersion) {
    if (expectedVersion < 1) {
      throw new IllegalArgumentException("expectedVersion must be >= 1, was " + expectedVersion);
    }
    deleteChecked(entity, key, expectedVersion);
  }

  private boolean deleteChecked(String entity, Map<String, ?> key, long expected) {
    EntityTable t = store.table(entity);
    Object[] keyValues = keyValues(t, key);
    String keyJson = t.keyJson(keyValues);
    Optional<Record> stored = find(t, keyValues, true);
    long version = stored.map(r -> r.get(t.version)).orElse(0L);
    if (expected != ANY_VERSION && version != expected) {
      throw new VersionConflictException(t.name, keyJson, expected, version);
    }
    if (stored.isEmpty()) return false;
    try {
      try (PreparedStatement delete = connection.prepareStatement(t.deleteSql)) {
        for (int i = 0; i < keyValues.length; i++) {
          bind(delete, i + 1, t.fields.get(t.keyIndexes[i]), keyValues[i]);
        }
        delete.executeUpdate();
      }
      try (PreparedStatement tombstone =
          connection.prepareStatement(store.dialect().upsertTombstone())) {
        tombstone.setString(1, t.name);
        tombstone.setString(2, keyJson);
        tombstone.setLong(3, version + 1);
        tombstone.executeUpdate();
      }
    } catch (SQLException e) {
      throw store.failure(t, "deleting " + keyJson, e);
    }
    changes.add(new NewChange(t.name, keyJson, Change.Operation.DELETE, version + 1));
    return true;
  }

  @Override
  public Optional<StoredRecord> get(String entity, Map<String, ?> key) {
    EntityTable t = store.table(entity);
    return find(t, keyValues(t, key), false).map(t::toStored);
  }

  private Object[] keyValues(EntityTable t, Map<String, ?> key) {
    List<Violation> violations = new ArrayList<>();
    Object[] values = t.normalizeKey(key, violations);
    if (values == null) throw new ValidationException(violations);
    return values;
  }

  private Optional<Record> find(EntityTable t, Object[] keyValues, boolean lock) {
    List<Condition> conditions = new ArrayList<>();
    for (int i = 0; i < keyValues.length; i++) {
      Field<Object> column = t.column(t.keyIndexes[i]);
      conditions.add(column.eq(DSL.val(keyValues[i], column.getDataType())));
    }
    var select = sql.select(t.selectList()).from(t.table).where(conditions);
    return Optional.ofNullable(lock ? select.forUpdate().fetchOne() : select.fetchOne());
  }
}
