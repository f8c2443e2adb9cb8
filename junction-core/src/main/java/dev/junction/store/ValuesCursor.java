package dev.junction.store;

import dev.junction.StoreException;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A forward-only JDBC cursor over the columns of an entity table, yielding each row's field values
 * as a new array with the typed getters of the field types: the bulk read path of {@link
 * RecordStore#queryValues}, without jOOQ records, maps or {@link StoredRecord}s. Owns the
 * connection; closing the stream closes it.
 */
final class ValuesCursor {
  private final Connection connection;
  private final PreparedStatement statement;
  private final ResultSet rs;
  private final FieldType[] types;
  private final String entity;
  private final boolean h2;

  private ValuesCursor(
      Connection connection,
      PreparedStatement statement,
      ResultSet rs,
      FieldType[] types,
      String entity,
      boolean h2) {
    this.connection = connection;
    this.statement = statement;
    this.rs = rs;
    this.types = types;
    this.entity = entity;
    this.h2 = h2;
  }

  /**
   * Runs {@code sql} (selecting exactly the entity's columns, in field order) on a cursor. On H2
   * the connection runs the query lazily, row by row, instead of first copying the whole result
   * into a temporary result store (which cost about half of a large export).
   */
  static ValuesCursor open(
      Connection connection,
      Dialect dialect,
      String sql,
      List<Object> binds,
      EntityTable table,
      int fetchSize)
      throws SQLException {
    boolean h2 = dialect == Dialect.H2;
    if (h2) lazy(connection, true);
    List<FieldConfig> fields = table.fields;
    FieldType[] types = new FieldType[fields.size()];
    for (int i = 0; i < types.length; i++) types[i] = fields.get(i).type();
    PreparedStatement ps =
        connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
    try {
      ps.setFetchSize(fetchSize);
      for (int i = 0; i < binds.size(); i++) ps.setObject(i + 1, binds.get(i));
      return new ValuesCursor(connection, ps, ps.executeQuery(), types, table.name, h2);
    } catch (SQLException | RuntimeException e) {
      ps.close();
      if (h2) lazy(connection, false);
      throw e;
    }
  }

  private static void lazy(Connection connection, boolean on) throws SQLException {
    try (var s = connection.createStatement()) {
      s.execute("SET LAZY_QUERY_EXECUTION " + (on ? "TRUE" : "FALSE"));
    }
  }

  Stream<Object[]> stream() {
    Spliterator<Object[]> rows =
        new Spliterators.AbstractSpliterator<>(
            Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
          @Override
          public boolean tryAdvance(Consumer<? super Object[]> action) {
            Object[] row = next();
            if (row == null) return false;
            action.accept(row);
            return true;
          }
        };
    return StreamSupport.stream(rows, false).onClose(this::close);
  }

  private Object[] next() {
    try {
      if (!rs.next()) return null;
      Object[] values = new Object[types.length];
      for (int i = 0; i < types.length; i++) values[i] = value(rs, i + 1, types[i]);
      return values;
    } catch (SQLException e) {
      throw new StoreException(
          "Entity '" + entity + "': reading the query cursor failed: " + e.getMessage(), e);
    }
  }

  /**
   * Column {@code c} of the current row of {@code rs} as the Java value of {@code type}, normalised
   * like written values (date-times at UTC, microseconds).
   */
  static Object value(ResultSet rs, int c, FieldType type) throws SQLException {
    return switch (type) {
      case STRING, JSON -> rs.getString(c);
      case INTEGER -> {
        int v = rs.getInt(c);
        yield v == 0 && rs.wasNull() ? null : v;
      }
      case LONG -> {
        long v = rs.getLong(c);
        yield v == 0 && rs.wasNull() ? null : v;
      }
      case DECIMAL -> rs.getBigDecimal(c);
      case BOOLEAN -> {
        boolean v = rs.getBoolean(c);
        yield !v && rs.wasNull() ? null : v;
      }
      case DATE -> rs.getObject(c, LocalDate.class);
      case DATETIME -> {
        OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
        yield t == null
            ? null
            : t.getOffset() == ZoneOffset.UTC && t.getNano() % 1000 == 0
                ? t
                : t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
      }
    };
  }

  private void close() {
    try (connection) {
      try (statement;
          rs) {
        // closes the cursor before the read transaction ends
      }
      JdbcRecordStore.endRead(connection);
      if (h2) lazy(connection, false);
    } catch (SQLException e) {
      throw new StoreException("Store: closing a query cursor failed", e);
    }
  }
}
