package dev.junction.store;

import dev.junction.StoreException;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates and evolves entity tables from config. The schema last applied is kept as JSON in {@code
 * junction_entity_schema}; the new config is compared with it, every entity is checked before any
 * DDL runs, and destructive steps (type change, narrower column, removed field, changed key) are
 * refused unless allowed.
 */
final class SchemaEvolution {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * How declared indexes are laid out: 1 since their columns carry the null ordering queries read
   * in ({@link #createIndex}); 0 before (plain {@code ASC}/{@code DESC}, which PostgreSQL reads as
   * nulls last when ascending, so ordered pages in such an index's order sorted the table).
   */
  static final int INDEX_LAYOUT = 1;

  /**
   * The persisted form of an entity's schema ({@code indexes} is null in schemas saved before
   * indexes were declared, {@code indexLayout} in schemas saved before it was kept: both mean
   * none).
   */
  record AppliedSchema(
      List<String> key,
      List<AppliedField> fields,
      List<List<String>> indexes,
      Integer indexLayout) {
    AppliedSchema {
      indexes = indexes == null ? List.of() : indexes;
      indexLayout = indexLayout == null ? 0 : indexLayout;
    }
  }

  record AppliedField(String name, FieldType type, int length, int precision, int scale) {
    static AppliedField of(FieldConfig f) {
      return new AppliedField(
          f.name(),
          f.type(),
          f.type() == FieldType.STRING ? f.length() : 0,
          f.type() == FieldType.DECIMAL ? f.precision() : 0,
          f.type() == FieldType.DECIMAL ? f.scale() : 0);
    }

    String describe() {
      return switch (type) {
        case STRING -> "string(" + length + ")";
        case DECIMAL -> "decimal(" + precision + "," + scale + ")";
        default -> type.configName();
      };
    }
  }

  private final DataSource dataSource;
  private final Dialect dialect;
  private final InstantSource clock;
  private final boolean allowDestructive;

  SchemaEvolution(
      DataSource dataSource, Dialect dialect, InstantSource clock, boolean allowDestructive) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.clock = clock;
    this.allowDestructive = allowDestructive;
  }

  void apply(List<EntityConfig> entities) {
    List<String> problems = new ArrayList<>();
    Map<String, String> lowerNames = new HashMap<>();
    for (EntityConfig e : entities) {
      problems.addAll(EntityTable.checkNames(e));
      String other = lowerNames.put(EntityTable.tableName(e.name()), e.name());
      if (other != null) {
        problems.add(
            "Entities '" + other + "' and '" + e.name() + "' differ only in case; rename one");
      }
    }
    if (!problems.isEmpty()) throw refused(problems);

    try (Connection c = dataSource.getConnection()) {
      try {
        Map<String, AppliedSchema> applied = load(c);
        Map<String, List<String>> ddl = new HashMap<>();
        for (EntityConfig e : entities) {
          ddl.put(e.name(), plan(e, applied.get(e.name()), problems));
        }
        if (!problems.isEmpty()) throw refused(problems);
        for (EntityConfig e : entities) {
          List<String> statements = ddl.get(e.name());
          if (statements.isEmpty()) continue;
          try (Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
          }
          save(c, e, applied.containsKey(e.name()));
          c.commit();
        }
      } catch (SQLException | RuntimeException ex) {
        c.rollback();
        throw ex;
      }
    } catch (SQLException ex) {
      throw new StoreException(
          "Store schema: evolving the entity tables failed: "
              + ex.getMessage()
              + "; fix the config or the database and restart",
          ex);
    }
  }

  private List<String> plan(EntityConfig e, AppliedSchema before, List<String> problems) {
    String table = EntityTable.quote(EntityTable.tableName(e.name()));
    List<String> ddl = new ArrayList<>();
    if (before == null) {
      StringBuilder create = new StringBuilder("CREATE TABLE ").append(table).append(" (");
      for (FieldConfig f : e.fields()) {
        create
            .append(EntityTable.quote(EntityTable.column(f.name())))
            .append(' ')
            .append(dialect.columnType(f))
            .append(e.key().contains(f.name()) ? " NOT NULL" : "")
            .append(", ");
      }
      create
          .append(EntityTable.quote(EntityTable.VERSION))
          .append(" BIGINT NOT NULL, ")
          .append(EntityTable.quote(EntityTable.MODIFIED))
          .append(" TIMESTAMP(6) WITH TIME ZONE NOT NULL, ")
          .append(primaryKey(e))
          .append(')');
      ddl.add(create.toString());
      for (List<String> index : e.indexes()) ddl.add(createIndex(e, index));
      return ddl;
    }
    Map<String, AppliedField> old = new HashMap<>();
    for (AppliedField f : before.fields()) old.put(f.name(), f);
    List<String> destructive = new ArrayList<>();
    for (FieldConfig f : e.fields()) {
      AppliedField was = old.remove(f.name());
      String column = EntityTable.quote(EntityTable.column(f.name()));
      if (was == null) {
        ddl.add("ALTER TABLE " + table + " ADD COLUMN " + column + " " + dialect.columnType(f));
        continue;
      }
      AppliedField now = AppliedField.of(f);
      if (now.equals(was)) continue;
      String change = "field '" + f.name() + "': " + was.describe() + " → " + now.describe();
      String alter =
          "ALTER TABLE "
              + table
              + " ALTER COLUMN "
              + column
              + " SET DATA TYPE "
              + dialect.columnType(f);
      boolean widening =
          was.type() == now.type()
              && switch (now.type()) {
                case STRING -> now.length() > was.length();
                case DECIMAL -> now.scale() == was.scale() && now.precision() > was.precision();
                default -> false;
              };
      if (!widening) destructive.add(change);
      ddl.add(alter);
    }
    for (AppliedField removed : old.values()) {
      destructive.add("field '" + removed.name() + "' (" + removed.describe() + ") removed");
      ddl.add(
          "ALTER TABLE "
              + table
              + " DROP COLUMN "
              + EntityTable.quote(EntityTable.column(removed.name())));
    }
    if (!before.key().equals(e.key())) {
      destructive.add("key " + before.key() + " → " + e.key());
      String constraint = EntityTable.quote(EntityTable.tableName(e.name()) + "_pk");
      ddl.addFirst("ALTER TABLE " + table + " DROP CONSTRAINT " + constraint);
      for (String k : e.key()) {
        ddl.add(
            "ALTER TABLE "
                + table
                + " ALTER COLUMN "
                + EntityTable.quote(EntityTable.column(k))
                + " SET NOT NULL");
      }
      ddl.add("ALTER TABLE " + table + " ADD " + primaryKey(e));
    }
    // Indexes change no data: dropped ones go first (before their columns may go), new ones last.
    for (List<String> index : before.indexes()) {
      if (!e.indexes().contains(index)) {
        ddl.addFirst("DROP INDEX " + EntityTable.quote(indexName(e, index)));
      }
    }
    for (List<String> index : e.indexes()) {
      if (!before.indexes().contains(index)) {
        ddl.add(createIndex(e, index));
      } else if (before.indexLayout() < INDEX_LAYOUT && dialect == Dialect.POSTGRES) {
        // created by an earlier version without the null ordering: made again (H2's default
        // null ordering already was the one queries read in)
        ddl.add("DROP INDEX " + EntityTable.quote(indexName(e, index)));
        ddl.add(createIndex(e, index));
      }
    }
    if (!destructive.isEmpty() && !allowDestructive) {
      for (String d : destructive) {
        problems.add("Entity '" + e.name() + "' " + d + " is a destructive change and is refused");
      }
    }
    return ddl;
  }

  /** {@code CREATE INDEX} for {@code index}: field names, each optionally followed by asc|desc. */
  static String createIndex(EntityConfig e, List<String> index) {
    StringBuilder sql =
        new StringBuilder("CREATE INDEX ")
            .append(EntityTable.quote(indexName(e, index)))
            .append(" ON ")
            .append(EntityTable.quote(EntityTable.tableName(e.name())))
            .append(" (");
    for (int i = 0; i < index.size(); i++) {
      String[] part = index.get(i).trim().split("\\s+");
      if (i > 0) sql.append(", ");
      sql.append(EntityTable.quote(EntityTable.column(part[0])));
      // The order queries read in (SqlTranslation.sortFields): nulls as the smallest value, said
      // explicitly since PostgreSQL's index default (nulls last when ascending) is the opposite;
      // a key field (never null) without a NULLS clause, as queries order it.
      boolean desc = part.length > 1 && part[1].equalsIgnoreCase("desc");
      if (e.key().contains(part[0])) sql.append(desc ? " DESC" : " ASC");
      else sql.append(desc ? " DESC NULLS LAST" : " ASC NULLS FIRST");
    }
    return sql.append(')').toString();
  }

  /**
   * The index's name: table, {@code _ix_} and its columns; shortened with a hash of the columns
   * when longer than PostgreSQL's 63 characters.
   */
  static String indexName(EntityConfig e, List<String> index) {
    String columns =
        String.join("_", index.stream().map(f -> f.trim().replaceAll("\\s+", "_")).toList())
            .toLowerCase(java.util.Locale.ROOT);
    String name = EntityTable.tableName(e.name()) + "_ix_" + columns;
    if (name.length() <= 63) return name;
    String hash = Integer.toHexString(String.join(",", index).hashCode());
    return name.substring(0, 63 - hash.length() - 1) + "_" + hash;
  }

  private static String primaryKey(EntityConfig e) {
    StringBuilder pk =
        new StringBuilder("CONSTRAINT ")
            .append(EntityTable.quote(EntityTable.tableName(e.name()) + "_pk"))
            .append(" PRIMARY KEY (");
    for (int i = 0; i < e.key().size(); i++) {
      if (i > 0) pk.append(", ");
      pk.append(EntityTable.quote(EntityTable.column(e.key().get(i))));
    }
    return pk.append(')').toString();
  }

  private StoreException refused(List<String> problems) {
    return new StoreException(
        "Store schema: "
            + String.join("; ", problems)
            + ". Nothing was changed"
            + (allowDestructive
                ? "; fix the config."
                : "; revert the config, or set store.allowDestructiveChanges to true to apply"
                    + " destructive changes (data in changed columns may be lost)."));
  }

  private static Map<String, AppliedSchema> load(Connection c) throws SQLException {
    Map<String, AppliedSchema> applied = new HashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT entity, definition FROM junction_entity_schema")) {
      while (rs.next()) {
        applied.put(rs.getString(1), JSON.readValue(rs.getString(2), AppliedSchema.class));
      }
    }
    return applied;
  }

  private void save(Connection c, EntityConfig e, boolean existed) throws SQLException {
    AppliedSchema schema =
        new AppliedSchema(
            e.key(), e.fields().stream().map(AppliedField::of).toList(), e.indexes(), INDEX_LAYOUT);
    String sql =
        existed
            ? "UPDATE junction_entity_schema SET definition = ?, applied_at = ? WHERE entity = ?"
            : "INSERT INTO junction_entity_schema (definition, applied_at, entity) VALUES (?, ?, ?)";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, JSON.writeValueAsString(schema));
      p.setObject(2, clock.instant().atOffset(ZoneOffset.UTC));
      p.setString(3, e.name());
      p.executeUpdate();
    }
  }
}
