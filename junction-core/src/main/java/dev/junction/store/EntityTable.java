package dev.junction.store;

import dev.junction.StoreException;
import dev.junction.ValidationException.Violation;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One entity's table: column names and types, the SQL of the write path, and the validation and
 * normalisation of values (a row is an {@code Object[]} in field order).
 */
final class EntityTable {
  static final String VERSION = "_version";
  static final String MODIFIED = "_modified";
  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  final EntityConfig config;
  final String name;
  final String tableName;
  final List<FieldConfig> fields;
  final int[] keyIndexes;
  final Table<Record> table;
  final List<Field<Object>> columns;
  final Field<Long> version = DSL.field(DSL.name(VERSION), SQLDataType.BIGINT);
  final Field<OffsetDateTime> modified = DSL.field(DSL.name(MODIFIED), SQLDataType.OFFSETDATETIME);
  final String updateSql;
  final String deleteSql;
  final String h2InsertSql;
  final String h2JoinSql;
  final String h2JoinForUpdateSql;
  final String pgUpsertSql;
  final String pgUpsertChangedSql;
  final String pgSetVersionsSql;
  final String pgProbeSql;
  final String pgCopySql;
  private final Map<String, Integer> indexByName = new HashMap<>();

  /** The field names the values of read records are laid out by (null if a name repeats). */
  private final RowValues.Layout rowLayout;

  /**
   * Whether the last upserted chunk of this entity held only new keys; then the next chunk is
   * inserted (PostgreSQL: copied) without reading its keys first. A hint only: an insert that meets
   * an existing key fails, is undone and the chunk is read and classified.
   */
  volatile boolean lastChunkAllNew;

  /** The key's order (ascending, as the primary key index reads). */
  final List<Query.Order> keyOrder;

  /** Each declared index as the order it reads in (entity field names). */
  final List<List<Query.Order>> indexOrders;

  private volatile SizedSql selectForUpdate;

  private record SizedSql(int size, String sql) {}

  EntityTable(EntityConfig config) {
    this.config = config;
    this.name = config.name();
    this.tableName = tableName(config.name());
    this.fields = config.fields();
    for (int i = 0; i < fields.size(); i++) indexByName.put(fields.get(i).name(), i);
    this.rowLayout =
        indexByName.size() == fields.size()
            ? new RowValues.Layout(fields.stream().map(FieldConfig::name).toList())
            : null;
    this.keyIndexes = config.key().stream().mapToInt(indexByName::get).toArray();
    this.table = DSL.table(DSL.name(tableName));
    List<Field<Object>> cols = new ArrayList<>();
    for (FieldConfig f : fields) cols.add(DSL.field(DSL.name(column(f.name())), dataType(f)));
    this.columns = List.copyOf(cols);
    this.keyOrder = config.key().stream().map(Query.Order::asc).toList();
    this.indexOrders = config.indexes().stream().map(this::indexOrder).toList();

    StringBuilder update = new StringBuilder("UPDATE ").append(quote(tableName)).append(" SET ");
    for (int i = 0; i < fields.size(); i++) {
      if (!isKey(i)) update.append(quote(column(fields.get(i).name()))).append(" = ?, ");
    }
    update.append(quote(VERSION)).append(" = ?, ").append(quote(MODIFIED)).append(" = ?");
    this.updateSql =
        update.append(keyWhere()).append(" AND ").append(quote(VERSION)).append(" = ?").toString();
    this.deleteSql = "DELETE FROM " + quote(tableName) + keyWhere();
    this.h2InsertSql = h2InsertSql();
    this.h2JoinSql = h2JoinSql(false);
    this.h2JoinForUpdateSql = h2JoinSql(true);
    this.pgUpsertSql = pgUpsertSql(true);
    this.pgUpsertChangedSql = pgUpsertSql(false);
    this.pgSetVersionsSql = pgSetVersionsSql();
    this.pgProbeSql = pgProbeSql();
    this.pgCopySql = pgCopySql();
  }

  /**
   * PostgreSQL: the stored rows of a chunk's keys without locks, {@code SELECT t.columns,
   * t._version FROM unnest(one typed array per key column) k CROSS JOIN LATERAL (SELECT * FROM
   * table s WHERE s.key = k.key OFFSET 0) t}.
   */
  private String pgProbeSql() {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (FieldConfig f : fields) sql.append("t.").append(quote(column(f.name()))).append(", ");
    sql.append("t.").append(quote(VERSION)).append(" FROM unnest(");
    for (int k = 0; k < keyIndexes.length; k++) {
      sql.append(k == 0 ? "" : ", ").append("?::").append(postgresType(fields.get(keyIndexes[k])));
      sql.append("[]");
    }
    sql.append(") AS k(");
    for (int k = 0; k < keyIndexes.length; k++) sql.append(k == 0 ? "k" : ", k").append(k);
    // A lateral subquery that cannot be flattened (OFFSET 0): one primary-key lookup per key. As a
    // plain join the planner, seeing a 5,000-element array and stale table statistics, hashed the
    // whole table for every chunk (O(table) per chunk: 187 ms instead of 15 ms at 100,000 rows).
    sql.append(") CROSS JOIN LATERAL (SELECT * FROM ").append(quote(tableName)).append(" s WHERE ");
    for (int k = 0; k < keyIndexes.length; k++) {
      if (k > 0) sql.append(" AND ");
      sql.append("s.").append(quote(column(fields.get(keyIndexes[k]).name())));
      sql.append(" = k.k").append(k);
    }
    return sql.append(" OFFSET 0) t").toString();
  }

  /** PostgreSQL: {@code COPY table (columns, _version, _modified) FROM STDIN} (text format). */
  private String pgCopySql() {
    StringBuilder sql = new StringBuilder("COPY ").append(quote(tableName)).append(" (");
    for (FieldConfig f : fields) sql.append(quote(column(f.name()))).append(", ");
    return sql.append(quote(VERSION))
        .append(", ")
        .append(quote(MODIFIED))
        .append(") FROM STDIN")
        .toString();
  }

  /**
   * H2: {@code SELECT t.columns, t._version FROM TABLE(k0 type = ?, …) k JOIN table t ON t.key0 =
   * k.k0 AND …} (+ {@code FOR UPDATE} when {@code lock}), one array parameter per key column, in
   * key order.
   */
  private String h2JoinSql(boolean lock) {
    StringBuilder sql = new StringBuilder("SELECT ");
    for (FieldConfig f : fields) sql.append("t.").append(quote(column(f.name()))).append(", ");
    sql.append("t.").append(quote(VERSION)).append(" FROM TABLE(");
    for (int k = 0; k < keyIndexes.length; k++) {
      if (k > 0) sql.append(", ");
      sql.append('k').append(k).append(' ');
      sql.append(Dialect.H2.columnType(fields.get(keyIndexes[k]))).append(" = ?");
    }
    sql.append(") k JOIN ").append(quote(tableName)).append(" t ON ");
    for (int k = 0; k < keyIndexes.length; k++) {
      if (k > 0) sql.append(" AND ");
      sql.append("t.").append(quote(column(fields.get(keyIndexes[k]).name())));
      sql.append(" = k.k").append(k);
    }
    return lock ? sql.append(" FOR UPDATE").toString() : sql.toString();
  }

  private List<Query.Order> indexOrder(List<String> index) {
    List<Query.Order> order = new ArrayList<>();
    for (String column : index) {
      String[] part = column.trim().split("\\s+");
      String field = part[0];
      for (FieldConfig f : fields) if (f.name().equalsIgnoreCase(part[0])) field = f.name();
      order.add(new Query.Order(field, part.length > 1 && part[1].equalsIgnoreCase("desc")));
    }
    return List.copyOf(order);
  }

  /**
   * H2 only: whether a query limited to a page, in {@code totalOrder}, should ignore the indexes
   * for its {@code filter} ({@code USE INDEX ()}), so that H2 reads in the order of the index that
   * provides {@code totalOrder} and stops after the page. H2 estimates every range condition as a
   * third of the table: given an index on {@code price}, {@code price gt 100} (nine tenths of the
   * rows) would be read through that index and all of it sorted by key for a page of 100. Not when
   * the filter constrains the ordering index's first field (then H2 already reads that index's
   * range in order), nor when it tests a first field of any index for equality (H2 knows the
   * selectivity of those), nor when no index provides the order.
   */
  boolean readInIndexOrder(List<Query.Order> totalOrder, Expr filter, int limit) {
    if (limit <= 0 || filter == null || indexOrders.isEmpty()) return false;
    List<Query.Order> provider = totalOrder.equals(keyOrder) ? keyOrder : null;
    for (List<Query.Order> index : indexOrders) if (index.equals(totalOrder)) provider = index;
    if (provider == null) return false;
    java.util.Set<String> referenced = new java.util.HashSet<>();
    java.util.Set<String> equalities = new java.util.HashSet<>();
    fieldsOf(filter, true, referenced, equalities);
    if (referenced.contains(provider.get(0).field())) return false;
    if (equalities.contains(keyOrder.get(0).field())) return false;
    for (List<Query.Order> index : indexOrders) {
      if (equalities.contains(index.get(0).field())) return false;
    }
    return true;
  }

  /**
   * Collects the fields {@code e} refers to and, for its top-level conjuncts, those tested =/in.
   */
  private static void fieldsOf(
      Expr e,
      boolean conjunct,
      java.util.Set<String> referenced,
      java.util.Set<String> equalities) {
    switch (e) {
      case Expr.Field f -> referenced.add(f.name());
      case Expr.Literal l -> {}
      case Expr.And a -> a.operands().forEach(o -> fieldsOf(o, conjunct, referenced, equalities));
      case Expr.Or o -> o.operands().forEach(x -> fieldsOf(x, false, referenced, equalities));
      case Expr.Not n -> fieldsOf(n.operand(), false, referenced, equalities);
      case Expr.Compare c -> {
        if (conjunct && c.op() == Expr.CompareOp.EQ) {
          if (c.left() instanceof Expr.Field f) equalities.add(f.name());
          if (c.right() instanceof Expr.Field f) equalities.add(f.name());
        }
        fieldsOf(c.left(), false, referenced, equalities);
        fieldsOf(c.right(), false, referenced, equalities);
      }
      case Expr.In in -> {
        if (conjunct && in.value() instanceof Expr.Field f) equalities.add(f.name());
        fieldsOf(in.value(), false, referenced, equalities);
        in.candidates().forEach(x -> fieldsOf(x, false, referenced, equalities));
      }
      case Expr.Arithmetic a -> {
        fieldsOf(a.left(), false, referenced, equalities);
        fieldsOf(a.right(), false, referenced, equalities);
      }
      case Expr.Call c -> c.args().forEach(x -> fieldsOf(x, false, referenced, equalities));
    }
  }

  /** Refuses names that cannot become portable SQL identifiers, before anything is created. */
  static List<String> checkNames(EntityConfig config) {
    List<String> problems = new ArrayList<>();
    String entity = config.name();
    if (!NAME.matcher(entity).matches()) {
      problems.add(
          "Entity '"
              + entity
              + "': name must start with a letter and hold only letters, digits and _ (max 63)");
    }
    Map<String, String> lower = new HashMap<>();
    for (FieldConfig f : config.fields()) {
      if (!NAME.matcher(f.name()).matches()) {
        problems.add(
            "Entity '"
                + entity
                + "' field '"
                + f.name()
                + "': name must start with a letter and hold only letters, digits and _ (max 63)");
      }
      String previous = lower.put(column(f.name()), f.name());
      if (previous != null) {
        problems.add(
            "Entity '"
                + entity
                + "': fields '"
                + previous
                + "' and '"
                + f.name()
                + "' differ only in case; rename one");
      }
    }
    if (config.key().isEmpty()) problems.add("Entity '" + entity + "': key must name a field");
    for (String k : config.key()) {
      if (config.field(k).isEmpty()) {
        problems.add("Entity '" + entity + "': key field '" + k + "' is not a field");
      } else if (config.field(k).get().type() == FieldType.JSON) {
        problems.add("Entity '" + entity + "': key field '" + k + "' cannot be json");
      }
    }
    return problems;
  }

  static String tableName(String entity) {
    return "e_" + entity.toLowerCase(Locale.ROOT);
  }

  static String column(String field) {
    return field.toLowerCase(Locale.ROOT);
  }

  static String quote(String identifier) {
    return '"' + identifier + '"';
  }

  boolean isKey(int index) {
    for (int k : keyIndexes) if (k == index) return true;
    return false;
  }

  Integer indexOf(String field) {
    return indexByName.get(field);
  }

  Field<Object> column(int index) {
    return columns.get(index);
  }

  /** The column of {@code field}, or a violation naming the known fields. */
  Field<Object> columnOf(String field) {
    Integer index = indexByName.get(field);
    if (index == null) {
      throw new dev.junction.ValidationException(
          List.of(
              new Violation(
                  name,
                  field,
                  "is not a field of entity '"
                      + name
                      + "' (fields: "
                      + String.join(", ", indexByName.keySet().stream().sorted().toList())
                      + ")")));
    }
    return columns.get(index);
  }

  /**
   * H2 bulk insert: {@code INSERT INTO table (columns, _version, _modified) SELECT u.*, ? FROM
   * TABLE(c0 type = ?, …, v BIGINT = ?) u}; parameter 1 is the modification time, then one array
   * per field in field order, then the versions. One statement per chunk instead of a JDBC batch of
   * single-row inserts.
   */
  private String h2InsertSql() {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(quote(tableName)).append(" (");
    for (FieldConfig f : fields) sql.append(quote(column(f.name()))).append(", ");
    sql.append(quote(VERSION)).append(", ").append(quote(MODIFIED)).append(") SELECT ");
    for (int i = 0; i < fields.size(); i++) sql.append("u.c").append(i).append(", ");
    sql.append("u.v, ? FROM TABLE(");
    for (int i = 0; i < fields.size(); i++) {
      sql.append('c').append(i).append(' ');
      sql.append(Dialect.H2.columnType(fields.get(i))).append(" = ?, ");
    }
    return sql.append("v BIGINT = ?) u").toString();
  }

  /**
   * PostgreSQL upsert of a whole chunk in one statement: {@code INSERT … SELECT FROM unnest(one
   * typed array per field) ON CONFLICT (key) DO UPDATE … WHERE (stored values) IS DISTINCT FROM
   * (new values) RETURNING key, _version, (xmax = 0)}; rows equal to their stored record are left
   * out before the insert, so they take no row lock. Parameter 1 is the modification time, then one
   * array per field in field order. A row that changes nothing is neither updated nor returned; an
   * inserted row starts at version 1 (see {@link #pgSetVersionsSql} for re-created records).
   * Without {@code skipEqual} the {@code NOT EXISTS} filter is left out (for rows already known to
   * differ from their stored record).
   */
  private String pgUpsertSql(boolean skipEqual) {
    StringBuilder sql =
        new StringBuilder("INSERT INTO ").append(quote(tableName)).append(" AS t (");
    for (FieldConfig f : fields) sql.append(quote(column(f.name()))).append(", ");
    sql.append(quote(VERSION)).append(", ").append(quote(MODIFIED)).append(") SELECT ");
    for (int i = 0; i < fields.size(); i++) sql.append("u.c").append(i).append(", ");
    sql.append("1, ?::timestamptz FROM unnest(");
    for (int i = 0; i < fields.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("?::").append(postgresType(fields.get(i))).append("[]");
    }
    sql.append(") AS u(");
    for (int i = 0; i < fields.size(); i++) sql.append(i == 0 ? "c" : ", c").append(i);
    // Skip rows whose stored record is equal (read without a lock): ON CONFLICT would lock, and so
    // write, every conflicting row even when its WHERE then leaves it unchanged.
    sql.append(')');
    if (skipEqual) {
      sql.append(" WHERE NOT EXISTS (SELECT 1 FROM ").append(quote(tableName)).append(" s WHERE ");
      for (int i = 0; i < fields.size(); i++) {
        String c = quote(column(fields.get(i).name()));
        if (i > 0) sql.append(" AND ");
        sql.append(isKey(i) ? "s." + c + " = u.c" + i : "s." + c + " IS NOT DISTINCT FROM u.c" + i);
      }
      // OFFSET 0 keeps it a per-row index probe: as an anti-join the planner hashed the whole
      // table for every chunk.
      sql.append(" OFFSET 0)");
    }
    sql.append(" ON CONFLICT (").append(keyColumns("")).append(") DO ");
    List<String> nonKey = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      if (!isKey(i)) nonKey.add(quote(column(fields.get(i).name())));
    }
    if (nonKey.isEmpty()) {
      sql.append("NOTHING");
    } else {
      sql.append("UPDATE SET ");
      for (String c : nonKey) sql.append(c).append(" = EXCLUDED.").append(c).append(", ");
      sql.append(quote(VERSION)).append(" = t.").append(quote(VERSION)).append(" + 1, ");
      sql.append(quote(MODIFIED)).append(" = EXCLUDED.").append(quote(MODIFIED));
      sql.append(" WHERE (");
      for (int i = 0; i < nonKey.size(); i++)
        sql.append(i == 0 ? "t." : ", t.").append(nonKey.get(i));
      sql.append(") IS DISTINCT FROM (");
      for (int i = 0; i < nonKey.size(); i++) {
        sql.append(i == 0 ? "EXCLUDED." : ", EXCLUDED.").append(nonKey.get(i));
      }
      sql.append(')');
    }
    return sql.append(" RETURNING ")
        .append(keyColumns("t."))
        .append(", t.")
        .append(quote(VERSION))
        .append(", (t.xmax = 0)")
        .toString();
  }

  /**
   * PostgreSQL: sets the versions of re-created records, {@code UPDATE table SET _version = u.v
   * FROM unnest(one array per key column, versions)}.
   */
  private String pgSetVersionsSql() {
    StringBuilder sql = new StringBuilder("UPDATE ").append(quote(tableName)).append(" AS t SET ");
    sql.append(quote(VERSION)).append(" = u.v FROM unnest(");
    for (int k : keyIndexes) sql.append("?::").append(postgresType(fields.get(k))).append("[], ");
    sql.append("?::int8[]) AS u(");
    for (int k = 0; k < keyIndexes.length; k++) sql.append('k').append(k).append(", ");
    sql.append("v) WHERE ");
    for (int k = 0; k < keyIndexes.length; k++) {
      if (k > 0) sql.append(" AND ");
      sql.append("t.").append(quote(column(fields.get(keyIndexes[k]).name())));
      sql.append(" = u.k").append(k);
    }
    return sql.toString();
  }

  private String keyColumns(String prefix) {
    StringBuilder sql = new StringBuilder();
    for (int k = 0; k < keyIndexes.length; k++) {
      if (k > 0) sql.append(", ");
      sql.append(prefix).append(quote(column(fields.get(keyIndexes[k]).name())));
    }
    return sql.toString();
  }

  /** The PostgreSQL element type of {@code f}'s arrays. */
  static String postgresType(FieldConfig f) {
    return switch (f.type()) {
      case STRING -> "varchar";
      case INTEGER -> "int4";
      case LONG -> "int8";
      case DECIMAL -> "numeric";
      case BOOLEAN -> "bool";
      case DATE -> "date";
      case DATETIME -> "timestamptz";
      case JSON -> "text";
    };
  }

  /**
   * The values {@code rows[r][index]} of field {@code f} as the elements of a PostgreSQL array of
   * {@link #postgresType}: numbers, booleans and strings as they are; decimals, dates and
   * date-times as their text input form.
   */
  static Object[] postgresArray(FieldConfig f, List<Object[]> rows, int index) {
    Object[] values =
        switch (f.type()) {
          case LONG -> new Long[rows.size()];
          case INTEGER -> new Integer[rows.size()];
          case BOOLEAN -> new Boolean[rows.size()];
          default -> new String[rows.size()];
        };
    for (int r = 0; r < values.length; r++) {
      Object v = rows.get(r)[index];
      values[r] =
          switch (v) {
            case null -> null;
            case BigDecimal d -> d.toPlainString();
            case LocalDate d -> d.toString();
            case OffsetDateTime t -> t.toString();
            default -> v;
          };
    }
    return values;
  }

  /** {@code SELECT columns, _version … WHERE key IN (n keys) FOR UPDATE}; cached for one size. */
  String selectForUpdateSql(int n) {
    SizedSql cached = selectForUpdate;
    if (cached != null && cached.size() == n) return cached.sql();
    StringBuilder sql = new StringBuilder("SELECT ");
    for (FieldConfig f : fields) sql.append(quote(column(f.name()))).append(", ");
    sql.append(quote(VERSION)).append(" FROM ").append(quote(tableName)).append(" WHERE ");
    if (keyIndexes.length == 1) {
      sql.append(quote(column(fields.get(keyIndexes[0]).name()))).append(" IN (");
      for (int i = 0; i < n; i++) sql.append(i == 0 ? "?" : ", ?");
    } else {
      sql.append('(');
      for (int i = 0; i < keyIndexes.length; i++) {
        if (i > 0) sql.append(", ");
        sql.append(quote(column(fields.get(keyIndexes[i]).name())));
      }
      sql.append(") IN (");
      String tuple = "(?" + ", ?".repeat(keyIndexes.length - 1) + ")";
      for (int i = 0; i < n; i++) sql.append(i == 0 ? "" : ", ").append(tuple);
    }
    String result = sql.append(") FOR UPDATE").toString();
    selectForUpdate = new SizedSql(n, result);
    return result;
  }

  /** The field values and, last, the version of the current row of {@code rs}. */
  Object[] read(java.sql.ResultSet rs) throws java.sql.SQLException {
    Object[] values = new Object[fields.size() + 1];
    for (int i = 0; i < fields.size(); i++) values[i] = read(rs, i + 1, fields.get(i));
    values[fields.size()] = rs.getLong(fields.size() + 1);
    return values;
  }

  /** The key values (in key order) in the first columns of the current row of {@code rs}. */
  Object[] readKey(java.sql.ResultSet rs) throws java.sql.SQLException {
    Object[] key = new Object[keyIndexes.length];
    for (int k = 0; k < key.length; k++) key[k] = read(rs, k + 1, fields.get(keyIndexes[k]));
    return key;
  }

  private static Object read(java.sql.ResultSet rs, int c, FieldConfig f)
      throws java.sql.SQLException {
    return switch (f.type()) {
      case STRING, JSON -> rs.getString(c);
      case INTEGER -> rs.getObject(c, Integer.class);
      case LONG -> rs.getObject(c, Long.class);
      case DECIMAL -> rs.getBigDecimal(c);
      case BOOLEAN -> rs.getObject(c, Boolean.class);
      case DATE -> rs.getObject(c, LocalDate.class);
      case DATETIME -> {
        OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
        yield t == null ? null : utc(t);
      }
    };
  }

  private String keyWhere() {
    StringBuilder where = new StringBuilder(" WHERE ");
    for (int i = 0; i < keyIndexes.length; i++) {
      if (i > 0) where.append(" AND ");
      where.append(quote(column(fields.get(keyIndexes[i]).name()))).append(" = ?");
    }
    return where.toString();
  }

  @SuppressWarnings("unchecked")
  private static DataType<Object> dataType(FieldConfig f) {
    DataType<?> type =
        switch (f.type()) {
          case STRING -> SQLDataType.VARCHAR(f.length());
          case INTEGER -> SQLDataType.INTEGER;
          case LONG -> SQLDataType.BIGINT;
          case DECIMAL -> SQLDataType.NUMERIC(f.precision(), f.scale());
          case BOOLEAN -> SQLDataType.BOOLEAN;
          case DATE -> SQLDataType.LOCALDATE;
          case DATETIME -> SQLDataType.OFFSETDATETIME;
          case JSON -> SQLDataType.VARCHAR;
        };
    return (DataType<Object>) type;
  }

  // ---- validation and normalisation -------------------------------------------------------

  /**
   * The row as values in field order, normalised (decimals at the field's scale, date-times at UTC
   * in microseconds); or {@code null} after adding one violation per problem to {@code out}.
   */
  Object[] normalizeRow(Map<String, ?> row, String where, List<Violation> out) {
    int before = out.size();
    Object[] values = new Object[fields.size()];
    Layout last = layout;
    boolean same = row.size() == last.names.length;
    int p = 0;
    for (Map.Entry<String, ?> e : row.entrySet()) {
      String field = e.getKey();
      int index;
      if (same && (last.names[p] == field || last.names[p].equals(field))) {
        index = last.indexes[p];
      } else {
        same = false;
        Integer i = indexByName.get(field);
        index = i == null ? -1 : i;
      }
      p++;
      if (index < 0) {
        out.add(new Violation(name, where + field, "is not a field of entity '" + name + "'"));
      } else {
        values[index] = normalize(fields.get(index), e.getValue(), where, out);
      }
    }
    if (!same && out.size() == before) layout = Layout.of(row.keySet(), indexByName);
    for (int i = 0; i < fields.size(); i++) {
      FieldConfig f = fields.get(i);
      if (values[i] == null && (f.required() || isKey(i)) && !failed(out, before, where, f)) {
        out.add(
            new Violation(
                name, where + f.name(), isKey(i) ? "key field is missing" : "is required"));
      }
    }
    return out.size() == before ? values : null;
  }

  /**
   * The field names of a row in its map's order and their field indexes: rows of one batch name
   * their fields in one order, so {@link #normalizeRow} compares each name with the last row's (the
   * same string, mostly) instead of looking it up.
   */
  private record Layout(String[] names, int[] indexes) {
    static Layout of(java.util.Set<String> names, Map<String, Integer> indexByName) {
      String[] n = names.toArray(String[]::new);
      int[] indexes = new int[n.length];
      for (int i = 0; i < n.length; i++) indexes[i] = indexByName.get(n[i]);
      return new Layout(n, indexes);
    }
  }

  /** The layout of the last valid row normalised; replaced, never changed. */
  private volatile Layout layout = new Layout(new String[0], new int[0]);

  /** The key values in key order, or {@code null} after adding violations to {@code out}. */
  Object[] normalizeKey(Map<String, ?> key, List<Violation> out) {
    int before = out.size();
    Object[] values = new Object[keyIndexes.length];
    for (String field : key.keySet()) {
      Integer index = indexByName.get(field);
      if (index == null || !isKey(index)) {
        out.add(
            new Violation(
                name,
                field,
                "is not a key field of entity '"
                    + name
                    + "' (key: "
                    + String.join(", ", config.key())
                    + ")"));
      }
    }
    for (int i = 0; i < keyIndexes.length; i++) {
      FieldConfig f = fields.get(keyIndexes[i]);
      Object v = key.get(f.name());
      if (v == null) out.add(new Violation(name, f.name(), "key field is missing"));
      else values[i] = normalize(f, v, "", out);
    }
    return out.size() == before ? values : null;
  }

  /** One value of {@code field} normalised, or {@code null} after adding violations to out. */
  Object normalizeValue(String field, Object v, String where, List<Violation> out) {
    return normalize(fields.get(indexByName.get(field)), v, where, out);
  }

  private boolean failed(List<Violation> out, int from, String where, FieldConfig f) {
    for (int i = from; i < out.size(); i++) {
      if (out.get(i).field().equals(where + f.name())) return true;
    }
    return false;
  }

  private Object normalize(FieldConfig f, Object v, String where, List<Violation> out) {
    if (v == null) return null;
    Object n =
        switch (f.type()) {
          case STRING -> v instanceof CharSequence s ? s.toString() : null;
          case INTEGER ->
              integral(v, Integer.MIN_VALUE, Integer.MAX_VALUE) instanceof Long l
                  ? (Object) l.intValue()
                  : null;
          case LONG -> integral(v, Long.MIN_VALUE, Long.MAX_VALUE);
          case DECIMAL -> decimal(v);
          case BOOLEAN -> v instanceof Boolean ? v : null;
          case DATE -> v instanceof LocalDate ? v : null;
          case DATETIME -> dateTime(v);
          case JSON -> v instanceof CharSequence s ? s.toString() : null;
        };
    if (n == null) {
      out.add(
          new Violation(
              name,
              where + f.name(),
              "expected " + describe(f) + ", got " + v.getClass().getSimpleName() + " " + show(v)));
      return null;
    }
    switch (f.type()) {
      case STRING -> {
        String s = (String) n;
        if (s.length() > f.length()) {
          out.add(
              new Violation(
                  name,
                  where + f.name(),
                  "is " + s.length() + " characters long, more than the maximum " + f.length()));
          return null;
        }
      }
      case DECIMAL -> {
        BigDecimal d = ((BigDecimal) n).stripTrailingZeros();
        int scale = Math.max(d.scale(), 0);
        int integerDigits = d.precision() - d.scale();
        if (scale > f.scale()) {
          out.add(
              new Violation(
                  name,
                  where + f.name(),
                  "has "
                      + scale
                      + " decimal places, more than the "
                      + f.scale()
                      + " of "
                      + describe(f)));
          return null;
        }
        if (integerDigits > f.precision() - f.scale()) {
          out.add(
              new Violation(
                  name,
                  where + f.name(),
                  show(v)
                      + " has "
                      + integerDigits
                      + " integer digits, more than the "
                      + (f.precision() - f.scale())
                      + " of "
                      + describe(f)));
          return null;
        }
        return d.setScale(f.scale(), RoundingMode.UNNECESSARY);
      }
      case JSON -> {
        try {
          JSON.readTree((String) n);
        } catch (JacksonException e) {
          out.add(new Violation(name, where + f.name(), "is not valid JSON"));
          return null;
        }
      }
      default -> {}
    }
    return n;
  }

  private static Long integral(Object v, long min, long max) {
    long l;
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      l = ((Number) v).longValue();
    } else if (v instanceof BigInteger b && b.bitLength() < 64) {
      l = b.longValue();
    } else if (v instanceof BigDecimal d) {
      try {
        l = d.longValueExact();
      } catch (ArithmeticException e) {
        return null;
      }
    } else {
      return null;
    }
    return l < min || l > max ? null : l;
  }

  private static BigDecimal decimal(Object v) {
    return switch (v) {
      case BigDecimal d -> d;
      case Integer i -> BigDecimal.valueOf(i);
      case Long l -> BigDecimal.valueOf(l);
      case Short s -> BigDecimal.valueOf(s);
      case BigInteger b -> new BigDecimal(b);
      case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d);
      case Float f when Float.isFinite(f) -> new BigDecimal(f.toString());
      default -> null;
    };
  }

  private static OffsetDateTime dateTime(Object v) {
    OffsetDateTime t =
        switch (v) {
          case OffsetDateTime o -> o;
          case Instant i -> i.atOffset(ZoneOffset.UTC);
          case ZonedDateTime z -> z.toOffsetDateTime();
          default -> null;
        };
    return t == null ? null : utc(t);
  }

  static OffsetDateTime utc(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  private static String describe(FieldConfig f) {
    return switch (f.type()) {
      case STRING -> "string(" + f.length() + ")";
      case DECIMAL -> "decimal(" + f.precision() + "," + f.scale() + ")";
      case DATE -> "date (LocalDate)";
      case DATETIME -> "datetime (OffsetDateTime or Instant)";
      default -> f.type().configName();
    };
  }

  private static String show(Object v) {
    String s = String.valueOf(v);
    return s.length() > 40 ? "'" + s.substring(0, 40) + "…'" : "'" + s + "'";
  }

  // ---- keys and records ----------------------------------------------------------------------

  /** Canonical JSON of the key of {@code row} (values in field order). */
  String keyJsonOfRow(Object[] row) {
    Object[] key = new Object[keyIndexes.length];
    for (int i = 0; i < keyIndexes.length; i++) key[i] = row[keyIndexes[i]];
    return keyJson(key);
  }

  /** Canonical JSON of key values in key order: {@code {"id":42}} ({@link KeyJson}). */
  String keyJson(Object[] key) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < keyIndexes.length; i++) {
      if (i > 0) sb.append(',');
      KeyJson.appendMember(sb, fields.get(keyIndexes[i]).name(), key[i]);
    }
    return sb.append('}').toString();
  }

  /** All columns plus version and modification time, as selected by reads. */
  List<Field<?>> selectList() {
    List<Field<?>> select = new ArrayList<>(columns);
    select.add(version);
    select.add(modified);
    return select;
  }

  /** The values of a record read with {@link #selectList()}, normalised like written values. */
  Object[] values(Record r) {
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      Object v = r.get(i);
      if (v instanceof OffsetDateTime t) v = utc(t);
      values[i] = v;
    }
    return values;
  }

  /**
   * The record at the current row of {@code rs}, read with {@link #selectList()}'s columns by the
   * typed JDBC getters (no jOOQ record): the same values as {@link #toStored(Record)}.
   */
  StoredRecord toStored(java.sql.ResultSet rs) throws java.sql.SQLException {
    Object[] values = new Object[fields.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = ValuesCursor.value(rs, i + 1, fields.get(i).type());
    }
    long v = rs.getLong(fields.size() + 1);
    OffsetDateTime m = rs.getObject(fields.size() + 2, OffsetDateTime.class);
    return new StoredRecord(name, rowValues(values), v, m.toInstant());
  }

  StoredRecord toStored(Record r) {
    Long v = r.get(fields.size(), Long.class);
    OffsetDateTime m = r.get(fields.size() + 1, OffsetDateTime.class);
    return new StoredRecord(name, rowValues(values(r)), v, m.toInstant());
  }

  /**
   * A read record's field values (one per field, in order) as its values map: a {@link RowValues}
   * over the array, which {@link StoredRecord} keeps without copying.
   */
  private Map<String, Object> rowValues(Object[] values) {
    if (rowLayout != null) return new RowValues(rowLayout, values);
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) map.put(fields.get(i).name(), values[i]);
    return map;
  }

  /** Whether stored and new values are the same (so an upsert would change nothing). */
  static boolean sameValues(Object[] stored, Object[] incoming) {
    for (int i = 0; i < incoming.length; i++) {
      Object a = stored[i];
      Object b = incoming[i];
      if (a == null || b == null) {
        if (a != b) return false;
      } else if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
        if (x.compareTo(y) != 0) return false;
      } else if (!a.equals(b)) {
        return false;
      }
    }
    return true;
  }

  StoreException databaseError(String action, Exception e) {
    return new StoreException("Entity '" + name + "': " + action + " failed: " + e.getMessage(), e);
  }
}
