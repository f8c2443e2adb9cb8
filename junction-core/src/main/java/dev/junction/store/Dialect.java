package dev.junction.store;

import dev.junction.StoreException;
import dev.junction.config.FieldConfig;
import org.jooq.SQLDialect;

/** What differs between the supported databases, chosen by JDBC URL. */
enum Dialect {
  H2(SQLDialect.H2),
  POSTGRES(SQLDialect.POSTGRES);

  final SQLDialect jooq;

  Dialect(SQLDialect jooq) {
    this.jooq = jooq;
  }

  static Dialect of(String url) {
    if (url.startsWith("jdbc:h2:")) return H2;
    if (url.startsWith("jdbc:postgresql:")) return POSTGRES;
    throw new StoreException(
        "Store URL '"
            + url
            + "' names an unsupported database; use jdbc:h2:… (embedded) or jdbc:postgresql:…");
  }

  /** The column type of {@code field} in DDL. */
  String columnType(FieldConfig field) {
    return switch (field.type()) {
      case STRING -> "VARCHAR(" + field.length() + ")";
      case INTEGER -> "INTEGER";
      case LONG -> "BIGINT";
      case DECIMAL -> "NUMERIC(" + field.precision() + ", " + field.scale() + ")";
      case BOOLEAN -> "BOOLEAN";
      case DATE -> "DATE";
      case DATETIME -> "TIMESTAMP(6) WITH TIME ZONE";
      case JSON -> this == H2 ? "CHARACTER VARYING" : "TEXT";
    };
  }

  /** Records the last version of a deleted record (insert or replace). */
  String upsertTombstone() {
    return this == H2
        ? "MERGE INTO junction_tombstone (entity, record_key, version) KEY (entity, record_key)"
            + " VALUES (?, ?, ?)"
        : "INSERT INTO junction_tombstone (entity, record_key, version) VALUES (?, ?, ?)"
            + " ON CONFLICT (entity, record_key) DO UPDATE SET version = EXCLUDED.version";
  }
}
