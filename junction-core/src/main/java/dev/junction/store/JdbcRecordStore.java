package dev.junction.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.StoreException;
import dev.junction.ValidationException;
import dev.junction.ValidationException.Violation;
import dev.junction.changes.ChangeFeed;
import dev.junction.changes.ChangeLog;
import dev.junction.config.EntityConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectLimitStep;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The {@link RecordStore} over a HikariCP pool of H2 or PostgreSQL connections (auto-commit off).
 */
final class JdbcRecordStore implements RecordStore {
  private static final int ATTEMPTS = 5;

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final InstantSource clock;
  private final ChangeLog changeLog;
  private final SchemaEvolution evolution;
  private final Settings settings = new Settings().withExecuteLogging(false);
  private final int batchSize;
  private final int fetchSize;
  private volatile Map<String, EntityTable> tables = Map.of();
  private final Map<String, String> getSql = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Counts by entity and filter, each with the change-log head it was computed at. A count is
   * reused only while the head is unchanged: every transaction that changes an entity row logs a
   * change, so an unchanged head means no row of any entity changed since. Reading the head is one
   * primary-key lookup where a filtered count over a large table is a scan. Bounded in entries.
   */
  private final Cache<CountKey, CountAt> counts =
      Caffeine.newBuilder().maximumSize(COUNT_CACHE_ENTRIES).build();

  private static final int COUNT_CACHE_ENTRIES = 1_000;

  private record CountKey(String entity, Expr filter) {}

  private record CountAt(long head, long count) {}

  /**
   * The SQL and bind values of recent {@link #query} calls: rendering a SELECT with jOOQ cost about
   * as much as running a filtered page of 100 on H2. Depends only on the query and the entity's
   * columns (cleared by {@link #migrate}); bounded in entries.
   */
  private final Cache<Query, Rendered> renderedQueries =
      Caffeine.newBuilder().maximumSize(1_000).build();

  record Rendered(String sql, List<Object> binds) {}

  JdbcRecordStore(
      HikariDataSource dataSource,
      Dialect dialect,
      InstantSource clock,
      ChangeLog changeLog,
      boolean allowDestructiveChanges,
      int batchSize,
      int fetchSize) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.clock = clock;
    this.changeLog = changeLog;
    this.evolution = new SchemaEvolution(dataSource, dialect, clock, allowDestructiveChanges);
    this.batchSize = batchSize;
    this.fetchSize = fetchSize;
  }

  DSLContext dsl(Connection connection) {
    return DSL.using(connection, dialect.jooq, settings);
  }

  Dialect dialect() {
    return dialect;
  }

  int batchSize() {
    return batchSize;
  }

  OffsetDateTime now() {
    return EntityTable.utc(clock.instant().atOffset(ZoneOffset.UTC));
  }

  EntityTable table(String entity) {
    EntityTable table = tables.get(entity);
    if (table == null) {
      throw new StoreException(
          "Entity '"
              + entity
              + "' is not known to the store (known: "
              + String.join(", ", tables.keySet())
              + "); add it to the config and migrate");
    }
    return table;
  }

  StoreException failure(EntityTable table, String action, SQLException e) {
    return new StoreException(
        "Entity '"
            + table.name
            + "': "
            + action
            + " failed: "
            + e.getMessage()
            + "; nothing of the transaction was written",
        e);
  }

  @Override
  public void migrate(List<EntityConfig> entities) {
    evolution.apply(entities);
    Map<String, EntityTable> next = new LinkedHashMap<>();
    for (EntityConfig e : entities) next.put(e.name(), new EntityTable(e));
    tables = java.util.Collections.unmodifiableMap(next);
    getSql.clear();
    counts.invalidateAll();
    renderedQueries.invalidateAll();
  }

  @Override
  public List<Violation> validate(String entity, Map<String, ?> row) {
    List<Violation> violations = new ArrayList<>();
    table(entity).normalizeRow(row, "", violations);
    return violations;
  }

  @Override
  public UpsertResult upsert(String entity, List<? extends Map<String, ?>> rows) {
    return retrying(tx -> tx.upsert(entity, rows));
  }

  @Override
  public boolean delete(String entity, Map<String, ?> key) {
    return retrying(tx -> tx.delete(entity, key));
  }

  /**
   * Reads one record by key outside any write transaction: one cached statement per entity (jOOQ
   * renders it once), no change-log work; the read transaction is ended by {@link #endRead}.
   */
  @Override
  public Optional<StoredRecord> get(String entity, Map<String, ?> key) {
    EntityTable t = table(entity);
    List<Violation> violations = new ArrayList<>();
    Object[] keyValues = t.normalizeKey(key, violations);
    if (keyValues == null) throw new ValidationException(violations);
    String sql = getSql.computeIfAbsent(entity, e -> renderGet(t));
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < keyValues.length; i++) ps.setObject(i + 1, keyValues[i]);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(t.toStored(rs)) : Optional.empty();
        }
      } finally {
        endRead(c);
      }
    } catch (SQLException | org.jooq.exception.DataAccessException e) {
      throw new StoreException(
          "Entity '" + t.name + "': reading " + key + " failed: " + e.getMessage() + "; retry", e);
    }
  }

  private String renderGet(EntityTable t) {
    List<Condition> conditions = new ArrayList<>();
    for (int k : t.keyIndexes) {
      Field<Object> column = t.column(k);
      conditions.add(column.eq(DSL.param(column.getName(), column.getDataType())));
    }
    return DSL.using(dialect.jooq, settings)
        .render(DSL.select(t.selectList()).from(t.table).where(conditions));
  }

  /** Re-runs idempotent work after a unique-key race or a deadlock with a concurrent writer. */
  private <T> T retrying(Function<StoreTransaction, T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transactionResult(work);
      } catch (StoreException | org.jooq.exception.DataAccessException e) {
        if (attempt >= ATTEMPTS || !isTransient(e)) throw e;
        // A short random pause, growing per attempt, so the colliding writers do not meet again.
        java.util.concurrent.locks.LockSupport.parkNanos(
            java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 5_000_000L * attempt));
      }
    }
  }

  private static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.equals("23505") || state.startsWith("40")) return true;
      }
    }
    return false;
  }

  @Override
  public <T> T transactionResult(Function<StoreTransaction, T> work) {
    try (Connection connection = dataSource.getConnection()) {
      try {
        JdbcTransaction tx = new JdbcTransaction(this, connection);
        T result = work.apply(tx);
        changeLog.append(connection, tx.changes());
        connection.commit();
        return result;
      } catch (RuntimeException | Error e) {
        rollback(connection, e);
        if (e instanceof org.jooq.exception.DataAccessException d) {
          throw new StoreException(
              "Store: a database statement failed: "
                  + d.getMessage()
                  + "; the transaction was rolled back",
              d);
        }
        throw e;
      } catch (SQLException e) {
        rollback(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new StoreException(
          "Store: cannot commit the transaction: " + e.getMessage() + "; nothing was written", e);
    }
  }

  /**
   * Ends a transaction that only read, by a commit: nothing was written, so it is the same as a
   * rollback, but cheaper on H2 2.x, whose rollback always makes the store write its unsaved pages
   * to the file under {@code WRITE_DELAY=0} (pages of other sessions' inserts, e.g. the audit
   * trail's), while a commit without changes does not (JFR, OData key lookups: ~7 % of the server's
   * CPU went to writing the file from read rollbacks).
   */
  static void endRead(Connection connection) throws SQLException {
    connection.commit();
  }

  private static void rollback(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Streams the rows of the query's SELECT from a JDBC cursor, each read by the typed getters into
   * a {@link StoredRecord} (no jOOQ record per row); the connection is held until the stream is
   * closed.
   */
  @Override
  public Stream<StoredRecord> query(Query query) {
    EntityTable t = table(query.entity());
    Connection connection = null;
    try {
      Rendered select = rendered(t, query);
      connection = dataSource.getConnection();
      PreparedStatement ps =
          connection.prepareStatement(
              select.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      ResultSet rs;
      try {
        ps.setFetchSize(fetchSize);
        List<Object> binds = select.binds();
        for (int i = 0; i < binds.size(); i++) ps.setObject(i + 1, binds.get(i));
        rs = ps.executeQuery();
      } catch (SQLException | RuntimeException e) {
        ps.close();
        throw e;
      }
      Connection held = connection;
      java.util.Spliterator<StoredRecord> rows =
          new java.util.Spliterators.AbstractSpliterator<>(
              Long.MAX_VALUE, java.util.Spliterator.ORDERED | java.util.Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(java.util.function.Consumer<? super StoredRecord> action) {
              try {
                if (!rs.next()) return false;
                action.accept(t.toStored(rs));
                return true;
              } catch (SQLException e) {
                throw new StoreException(
                    "Entity '" + t.name + "': reading the query cursor failed: " + e.getMessage(),
                    e);
              }
            }
          };
      return java.util.stream.StreamSupport.stream(rows, false)
          .onClose(
              () -> {
                try (held) {
                  try (ps;
                      rs) {
                    // closes the cursor before the read transaction ends
                  }
                  endRead(held);
                } catch (SQLException e) {
                  throw new StoreException("Store: closing a query cursor failed", e);
                }
              });
    } catch (RuntimeException | SQLException e) {
      throw queryFailed(t, connection, e);
    }
  }

  /** The SQL and bind values {@link #query} runs for {@code query} (for tests). */
  Rendered sqlOf(Query query) {
    return rendered(table(query.entity()), query);
  }

  /** The SQL of {@link #query}'s SELECT, rendered once per distinct query. */
  private Rendered rendered(EntityTable t, Query query) {
    Rendered r = renderedQueries.getIfPresent(query);
    if (r == null) {
      org.jooq.Select<Record> select =
          select(DSL.using(dialect.jooq, settings), t, t.selectList(), query);
      r =
          new Rendered(
              select.getSQL(),
              java.util.Collections.unmodifiableList(new ArrayList<>(select.getBindValues())));
      renderedQueries.put(query, r);
    }
    return r;
  }

  /** The query's SELECT of {@code fields}: filter, keyset continuation, total order and paging. */
  private org.jooq.Select<Record> select(
      DSLContext dsl, EntityTable t, List<? extends org.jooq.Field<?>> fields, Query query) {
    SqlTranslation translation = new SqlTranslation(t);
    List<Query.Order> order = translation.totalOrder(query.order());
    org.jooq.Table<?> from =
        dialect == Dialect.H2 && t.readInIndexOrder(order, query.filter(), query.limit())
            ? DSL.table("{0} USE INDEX ()", t.table)
            : t.table;
    SelectLimitStep<Record> select =
        dsl.select(fields)
            .from(from)
            .where(translation.condition(query.filter()))
            .and(translation.after(order, query.after()))
            .orderBy(translation.sortFields(order));
    return query.limit() > 0
        ? select.limit(query.limit()).offset(query.offset())
        : query.offset() > 0 ? select.offset(query.offset()) : select;
  }

  /** Releases a query's connection after a failure and returns the exception to throw. */
  private static RuntimeException queryFailed(EntityTable t, Connection connection, Exception e) {
    if (connection != null) {
      try {
        connection.rollback();
        connection.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
    }
    if (e instanceof ValidationException v) return v;
    if (e instanceof StoreException s) return s;
    return new StoreException(
        "Entity '" + t.name + "': query failed: " + e.getMessage() + "; fix the query or retry", e);
  }

  @Override
  public Stream<Object[]> queryValues(Query query) {
    EntityTable t = table(query.entity());
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      org.jooq.Select<Record> select = select(dsl(connection), t, t.columns, query);
      return ValuesCursor.open(
          connection, dialect, select.getSQL(), select.getBindValues(), t, fetchSize)
          .stream();
    } catch (RuntimeException | SQLException e) {
      throw queryFailed(t, connection, e);
    }
  }

  /**
   * Counts in the database, or answers a count of the same entity and filter made since the last
   * committed change (see {@link #counts}). The head is read before counting, so a change that
   * commits in between is either counted or makes the next read miss: never a stale answer.
   */
  @Override
  public long count(String entity, Expr filter) {
    EntityTable t = table(entity);
    Condition condition = new SqlTranslation(t).condition(filter);
    CountKey key = new CountKey(entity, filter);
    long head = changeLog.feed().head();
    CountAt cached = counts.getIfPresent(key);
    if (cached != null && cached.head() == head) return cached.count();
    try (Connection c = dataSource.getConnection()) {
      try {
        Long count = dsl(c).selectCount().from(t.table).where(condition).fetchOne(0, Long.class);
        long n = count == null ? 0 : count;
        counts.put(key, new CountAt(head, n));
        return n;
      } finally {
        endRead(c);
      }
    } catch (SQLException | org.jooq.exception.DataAccessException e) {
      throw new StoreException(
          "Entity '" + t.name + "': count failed: " + e.getMessage() + "; fix the filter or retry",
          e);
    }
  }

  @Override
  public List<Object> continuation(Query query, StoredRecord last) {
    EntityTable t = table(query.entity());
    List<Object> values = new ArrayList<>();
    for (Query.Order o : new SqlTranslation(t).totalOrder(query.order()))
      values.add(last.get(o.field()));
    return values;
  }

  @Override
  public ChangeFeed changes() {
    return changeLog.feed();
  }

  @Override
  public javax.sql.DataSource dataSource() {
    return dataSource;
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
