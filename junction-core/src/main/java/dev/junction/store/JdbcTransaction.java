package dev.junction.store;

import dev.junction.ValidationException;
import dev.junction.ValidationException.Violation;
import dev.junction.changes.Change;
import dev.junction.changes.CopyText;
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
    LinkedHashMap<String, Object[]> byKey = LinkedHashMap.newLinkedHashMap(rows.size());
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
        if (byKey.put(key, values) != null) {
          byKey.remove(key); // a later row of the same key counts at its own position
          byKey.put(key, values);
        }
      }
    }
    if (!violations.isEmpty()) throw new ValidationException(violations);
    List<Map.Entry<String, Object[]>> all = new ArrayList<>(byKey.entrySet());
    // Every writer locks its rows in key order, so two upserts of overlapping keys wait for each
    // other instead of deadlocking; the change log still lists them in the caller's order.
    java.util.Comparator<NewChange> callerOrder;
    if (sortedByKey(all)) {
      callerOrder = java.util.Comparator.comparing(NewChange::key);
    } else {
      Map<String, Integer> position = HashMap.newHashMap(all.size());
      for (int i = 0; i < all.size(); i++) position.put(all.get(i).getKey(), i);
      callerOrder = java.util.Comparator.comparingInt(c -> position.get(c.key()));
      all.sort(Map.Entry.comparingByKey());
    }
    int firstChange = changes.size();
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
    List<NewChange> added = changes.subList(firstChange, changes.size());
    if (!sorted(added, callerOrder)) added.sort(callerOrder);
    return result;
  }

  private static boolean sortedByKey(List<Map.Entry<String, Object[]>> rows) {
    for (int i = 1; i < rows.size(); i++) {
      if (rows.get(i - 1).getKey().compareTo(rows.get(i).getKey()) > 0) return false;
    }
    return true;
  }

  private static boolean sorted(List<NewChange> list, java.util.Comparator<NewChange> order) {
    for (int i = 1; i < list.size(); i++) {
      if (order.compare(list.get(i - 1), list.get(i)) > 0) return false;
    }
    return true;
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

  /** Writes one chunk: classifies each row as new, changed or unchanged and writes what changed. */
  private UpsertResult write(
      EntityTable t, List<Map.Entry<String, Object[]>> chunk, long expected, OffsetDateTime now) {
    try {
      return store.dialect() == Dialect.POSTGRES
          ? writePostgres(t, chunk, expected, now)
          : writeH2(t, chunk, expected, now);
    } catch (SQLException e) {
      throw store.failure(t, "writing " + chunk.size() + " record(s)", e);
    }
  }

  /**
   * PostgreSQL: reads the stored rows of the chunk's keys without locks and classifies each row.
   * New rows are written with {@code COPY} (multi-row inserts, far cheaper than an {@code INSERT …
   * ON CONFLICT} per row) under a savepoint; changed rows go through {@code INSERT … ON CONFLICT DO
   * UPDATE … WHERE changed RETURNING}, which locks them in key order and bumps the version of the
   * row it finds, so a concurrent writer's change is never lost. Unchanged rows are neither written
   * nor locked. While an entity's chunks are all new the probe is skipped (see {@link
   * EntityTable#lastChunkAllNew}). If a concurrent writer inserted one of the new keys first, the
   * copy fails with a unique violation: the savepoint undoes it and the whole chunk goes through
   * the {@code ON CONFLICT} statement instead. With an expected version the stored rows are read
   * and locked first to compare it.
   */
  private UpsertResult writePostgres(
      EntityTable t, List<Map.Entry<String, Object[]>> chunk, long expected, OffsetDateTime now)
      throws SQLException {
    if (expected != ANY_VERSION) {
      Map<String, Object[]> existing = new HashMap<>();
      for (int from = 0; from < chunk.size(); from += LOOKUP_SLICE) {
        lockAndRead(t, chunk.subList(from, Math.min(chunk.size(), from + LOOKUP_SLICE)), existing);
      }
      for (Map.Entry<String, Object[]> e : chunk) checkVersion(t, e, existing, expected);
      return upsertPostgres(t, chunk, t.pgUpsertSql, now);
    }
    // While an entity's chunks keep being all new (a first load), copy without probing first: a
    // key that exists after all makes the copy fail and the chunk is probed as below.
    if (t.lastChunkAllNew && copyInserts(t, chunk, now)) {
      return new UpsertResult(chunk.size(), 0, 0);
    }
    Map<String, Object[]> existing = probe(t, chunk);
    List<Map.Entry<String, Object[]>> inserts = new ArrayList<>();
    List<Map.Entry<String, Object[]>> updates = new ArrayList<>();
    long unchanged = 0;
    for (Map.Entry<String, Object[]> e : chunk) {
      Object[] stored = existing.get(e.getKey());
      if (stored == null) inserts.add(e);
      else if (EntityTable.sameValues(stored, e.getValue())) unchanged++;
      else updates.add(e);
    }
    t.lastChunkAllNew = inserts.size() == chunk.size();
    if (!inserts.isEmpty() && !copyInserts(t, inserts, now)) {
      return upsertPostgres(t, chunk, t.pgUpsertSql, now);
    }
    UpsertResult result = new UpsertResult(inserts.size(), 0, unchanged);
    if (!updates.isEmpty()) {
      result = result.plus(upsertPostgres(t, updates, t.pgUpsertChangedSql, now));
    }
    return result;
  }

  /** PostgreSQL: the stored rows of {@code chunk}'s keys, by key JSON, read without locks. */
  private Map<String, Object[]> probe(EntityTable t, List<Map.Entry<String, Object[]>> chunk)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>(chunk.size());
    for (Map.Entry<String, Object[]> e : chunk) rows.add(e.getValue());
    Map<String, Object[]> existing = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(t.pgProbeSql)) {
      for (int k = 0; k < t.keyIndexes.length; k++) {
        FieldConfig f = t.fields.get(t.keyIndexes[k]);
        select.setArray(
            k + 1,
            connection.createArrayOf(
                EntityTable.postgresType(f), EntityTable.postgresArray(f, rows, t.keyIndexes[k])));
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Object[] stored = t.read(rs);
          existing.put(t.keyJsonOfRow(stored), stored);
        }
      }
    }
    return existing;
  }

  /**
   * PostgreSQL: inserts {@code rows} (in key order) at version 1 with {@code COPY … FROM STDIN},
   * streamed while it is encoded, under a savepoint; then continues the versions of re-created
   * records. Returns false, with nothing written, when a key already exists (a concurrent writer
   * inserted it after the probe).
   */
  private boolean copyInserts(
      EntityTable t, List<Map.Entry<String, Object[]>> rows, OffsetDateTime now)
      throws SQLException {
    java.sql.Savepoint savepoint = connection.setSavepoint();
    try (CopyText copy = CopyText.open(connection, t.pgCopySql)) {
      String tail = "\t1\t" + now;
      for (Map.Entry<String, Object[]> e : rows) {
        Object[] values = e.getValue();
        for (int v = 0; v < values.length; v++) {
          if (v > 0) copy.tab();
          copy.value(values[v]);
        }
        copy.raw(tail).endRow();
      }
      copy.finish();
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState())) throw e;
      connection.rollback(savepoint);
      return false;
    }
    connection.releaseSavepoint(savepoint);
    List<Object[]> insertedKeys = new ArrayList<>(rows.size());
    List<Integer> insertedAt = new ArrayList<>(rows.size());
    List<String> keys = new ArrayList<>(rows.size());
    List<Long> versions = new ArrayList<>(rows.size());
    for (Map.Entry<String, Object[]> e : rows) {
      Object[] key = new Object[t.keyIndexes.length];
      for (int k = 0; k < key.length; k++) key[k] = e.getValue()[t.keyIndexes[k]];
      insertedAt.add(keys.size());
      insertedKeys.add(key);
      keys.add(e.getKey());
      versions.add(1L);
    }
    continueTombstoneVersions(t, insertedKeys, insertedAt, keys, versions);
    for (int r = 0; r < keys.size(); r++) {
      changes.add(new NewChange(t.name, keys.get(r), Change.Operation.UPSERT, versions.get(r)));
    }
    return true;
  }

  /**
   * PostgreSQL: one {@code INSERT … ON CONFLICT DO UPDATE … WHERE changed RETURNING} statement
   * ({@code sql}: {@link EntityTable#pgUpsertSql} or {@link EntityTable#pgUpsertChangedSql})
   * classifies and writes {@code chunk}; the database locks each existing row it compares, in input
   * (key) order, so concurrent writers of the same keys serialise on the row locks.
   */
  private UpsertResult upsertPostgres(
      EntityTable t, List<Map.Entry<String, Object[]>> chunk, String sql, OffsetDateTime now)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>(chunk.size());
    for (Map.Entry<String, Object[]> e : chunk) rows.add(e.getValue());
    List<String> keys = new ArrayList<>();
    List<Long> versions = new ArrayList<>();
    List<Object[]> insertedKeys = new ArrayList<>();
    List<Integer> insertedAt = new ArrayList<>();
    try (PreparedStatement upsert = connection.prepareStatement(sql)) {
      upsert.setObject(1, now);
      for (int i = 0; i < t.fields.size(); i++) {
        FieldConfig f = t.fields.get(i);
        upsert.setArray(
            i + 2,
            connection.createArrayOf(
                EntityTable.postgresType(f), EntityTable.postgresArray(f, rows, i)));
      }
      try (ResultSet rs = upsert.executeQuery()) {
        int versionColumn = t.keyIndexes.length + 1;
        while (rs.next()) {
          Object[] key = t.readKey(rs);
          if (rs.getBoolean(versionColumn + 1)) {
            insertedKeys.add(key);
            insertedAt.add(keys.size());
          }
          keys.add(t.keyJson(key));
          versions.add(rs.getLong(versionColumn));
        }
      }
    }
    if (!insertedKeys.isEmpty())
      continueTombstoneVersions(t, insertedKeys, insertedAt, keys, versions);
    for (int r = 0; r < keys.size(); r++) {
      changes.add(new NewChange(t.name, keys.get(r), Change.Operation.UPSERT, versions.get(r)));
    }
    int inserted = insertedKeys.size();
    return new UpsertResult(inserted, keys.size() - inserted, chunk.size() - keys.size());
  }

  /**
   * PostgreSQL: records inserted at version 1 whose key has a tombstone continue its version. Runs
   * after the insert, in a statement of its own, so it sees a deletion that committed while the
   * insert waited for the deleted row's lock; no later deletion of these keys can commit before
   * this transaction, which now holds the new rows.
   */
  private void continueTombstoneVersions(
      EntityTable t,
      List<Object[]> insertedKeys,
      List<Integer> insertedAt,
      List<String> keys,
      List<Long> versions)
      throws SQLException {
    List<String> insertedJson = new ArrayList<>(insertedAt.size());
    for (int i : insertedAt) insertedJson.add(keys.get(i));
    Map<String, Long> tombstones = tombstones(t, insertedJson);
    if (tombstones.isEmpty()) return;
    List<Object[]> fixed = new ArrayList<>();
    List<Long> fixedVersions = new ArrayList<>();
    for (int i = 0; i < insertedAt.size(); i++) {
      Long last = tombstones.get(insertedJson.get(i));
      if (last == null) continue;
      versions.set(insertedAt.get(i), last + 1);
      fixed.add(insertedKeys.get(i));
      fixedVersions.add(last + 1);
    }
    try (PreparedStatement update = connection.prepareStatement(t.pgSetVersionsSql)) {
      for (int k = 0; k < t.keyIndexes.length; k++) {
        FieldConfig f = t.fields.get(t.keyIndexes[k]);
        update.setArray(
            k + 1,
            connection.createArrayOf(
                EntityTable.postgresType(f), EntityTable.postgresArray(f, fixed, k)));
      }
      update.setArray(
          t.keyIndexes.length + 1,
          connection.createArrayOf("int8", fixedVersions.toArray(Long[]::new)));
      update.executeUpdate();
    }
  }

  /**
   * H2: reads the stored rows of the chunk's keys (one join of key arrays with the table, without
   * locks), classifies each row, inserts the new ones in one statement and updates the changed ones
   * on the condition that their version is still the one read. A row whose update finds another
   * version (a concurrent writer committed in between) is read again, now locked, and classified
   * again. Unchanged rows are neither written nor locked. With an expected version the first read
   * locks. While an entity's chunks are all new the read is skipped (see {@link
   * EntityTable#lastChunkAllNew}).
   */
  private UpsertResult writeH2(
      EntityTable t, List<Map.Entry<String, Object[]>> chunk, long expected, OffsetDateTime now)
      throws SQLException {
    // While an entity's chunks keep being all new (a first load), insert without reading first: a
    // key that exists after all fails the insert, which H2 undoes, and the chunk is read as below.
    if (expected == ANY_VERSION && t.lastChunkAllNew) {
      try {
        insertH2(t, chunk, now);
        return new UpsertResult(chunk.size(), 0, 0);
      } catch (SQLException e) {
        if (!"23505".equals(e.getSQLState())) throw e;
      }
    }
    UpsertResult result = UpsertResult.NONE;
    List<Map.Entry<String, Object[]>> pending = chunk;
    boolean lock = expected != ANY_VERSION;
    boolean first = true;
    while (!pending.isEmpty()) {
      Map<String, Object[]> existing = readJoin(t, pending, lock);
      if (first && expected == ANY_VERSION) t.lastChunkAllNew = existing.isEmpty();
      first = false;
      List<Map.Entry<String, Object[]>> inserts = new ArrayList<>();
      List<Map.Entry<String, Object[]>> updates = new ArrayList<>();
      List<Long> storedVersions = new ArrayList<>();
      long unchanged = 0;
      for (Map.Entry<String, Object[]> e : pending) {
        Object[] stored = existing.get(e.getKey());
        if (expected != ANY_VERSION) checkVersion(t, e, existing, expected);
        if (stored == null) {
          inserts.add(e);
        } else if (EntityTable.sameValues(stored, e.getValue())) {
          unchanged++;
        } else {
          updates.add(e);
          storedVersions.add((Long) stored[t.fields.size()]);
        }
      }
      if (!inserts.isEmpty()) insertH2(t, inserts, now);
      List<Map.Entry<String, Object[]>> conflicts = update(t, updates, storedVersions, now);
      result =
          result.plus(
              new UpsertResult(inserts.size(), updates.size() - conflicts.size(), unchanged));
      pending = conflicts;
      lock = true;
    }
    return result;
  }

  private static void checkVersion(
      EntityTable t, Map.Entry<String, Object[]> e, Map<String, Object[]> existing, long expected) {
    Object[] stored = existing.get(e.getKey());
    long version = stored == null ? 0 : (Long) stored[t.fields.size()];
    if (version != expected) {
      throw new VersionConflictException(t.name, e.getKey(), expected, version);
    }
  }

  /**
   * H2: the stored rows of {@code part}'s keys, by key JSON, read with one statement that joins the
   * keys, passed as one array per key column, with the table. (A long {@code IN} list or {@code =
   * ANY(array)} under {@code FOR UPDATE} makes H2 re-check every found row against the whole list:
   * n² per chunk.)
   */
  private Map<String, Object[]> readJoin(
      EntityTable t, List<Map.Entry<String, Object[]>> part, boolean lock) throws SQLException {
    Map<String, Object[]> existing = new HashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(lock ? t.h2JoinForUpdateSql : t.h2JoinSql)) {
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
    return existing;
  }

  /** PostgreSQL: reads and locks the stored rows of {@code part}'s keys into {@code existing}. */
  private void lockAndRead(
      EntityTable t, List<Map.Entry<String, Object[]>> part, Map<String, Object[]> existing)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(t.selectForUpdateSql(part.size()))) {
      int p = 1;
      for (Map.Entry<String, Object[]> e : part) {
        for (int k : t.keyIndexes) bind(select, p++, t.fields.get(k), e.getValue()[k]);
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          Object[] stored = t.read(rs);
          existing.put(t.keyJsonOfRow(stored), stored);
        }
      }
    }
  }

  /** H2: inserts {@code rows} with one statement over one array per column. */
  private void insertH2(EntityTable t, List<Map.Entry<String, Object[]>> rows, OffsetDateTime now)
      throws SQLException {
    List<String> keys = new ArrayList<>(rows.size());
    for (Map.Entry<String, Object[]> e : rows) keys.add(e.getKey());
    Map<String, Long> tombstones = tombstones(t, keys);
    Object[] versions = new Object[rows.size()];
    try (PreparedStatement insert = connection.prepareStatement(t.h2InsertSql)) {
      insert.setObject(1, now);
      for (int i = 0; i < t.fields.size(); i++) {
        Object[] column = new Object[rows.size()];
        for (int r = 0; r < column.length; r++) column[r] = rows.get(r).getValue()[i];
        insert.setObject(i + 2, column);
      }
      for (int r = 0; r < versions.length; r++) {
        versions[r] = tombstones.getOrDefault(keys.get(r), 0L) + 1;
      }
      insert.setObject(t.fields.size() + 2, versions);
      insert.executeUpdate();
    }
    for (int r = 0; r < versions.length; r++) {
      changes.add(new NewChange(t.name, keys.get(r), Change.Operation.UPSERT, (Long) versions[r]));
    }
  }

  /**
   * H2: updates {@code rows} to the next version, each only if it is still at the version read;
   * returns the rows that were not (changed concurrently), which were not written.
   */
  private List<Map.Entry<String, Object[]>> update(
      EntityTable t,
      List<Map.Entry<String, Object[]>> rows,
      List<Long> storedVersions,
      OffsetDateTime now)
      throws SQLException {
    if (rows.isEmpty()) return List.of();
    int[] counts;
    try (PreparedStatement update = connection.prepareStatement(t.updateSql)) {
      for (int r = 0; r < rows.size(); r++) {
        Object[] values = rows.get(r).getValue();
        int p = 1;
        for (int i = 0; i < values.length; i++) {
          if (!t.isKey(i)) bind(update, p++, t.fields.get(i), values[i]);
        }
        update.setLong(p++, storedVersions.get(r) + 1);
        update.setObject(p++, now);
        for (int k : t.keyIndexes) bind(update, p++, t.fields.get(k), values[k]);
        update.setLong(p, storedVersions.get(r));
        update.addBatch();
      }
      counts = update.executeBatch();
    }
    List<Map.Entry<String, Object[]>> conflicts = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      if (counts[r] == 0) {
        conflicts.add(rows.get(r));
      } else {
        changes.add(
            new NewChange(
                t.name, rows.get(r).getKey(), Change.Operation.UPSERT, storedVersions.get(r) + 1));
      }
    }
    return conflicts;
  }

  /**
   * Last versions of deleted records among {@code keys} (key JSON), so re-created records continue
   * them; one cheap query when the entity has no tombstones at all.
   */
  private Map<String, Long> tombstones(EntityTable t, List<String> keys) throws SQLException {
    try (PreparedStatement any =
        connection.prepareStatement("SELECT 1 FROM junction_tombstone WHERE entity = ? LIMIT 1")) {
      any.setString(1, t.name);
      try (ResultSet rs = any.executeQuery()) {
        if (!rs.next()) return Map.of();
      }
    }
    Map<String, Long> versions = new HashMap<>();
    StringBuilder in = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) in.append(i == 0 ? "?" : ", ?");
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT record_key, version FROM junction_tombstone WHERE entity = ? AND record_key IN ("
                + in
                + ")")) {
      select.setString(1, t.name);
      for (int i = 0; i < keys.size(); i++) select.setString(i + 2, keys.get(i));
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
