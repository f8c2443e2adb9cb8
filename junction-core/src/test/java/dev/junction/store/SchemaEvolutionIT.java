package dev.junction.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.StoreException;
import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Creating and evolving entity tables from config, on H2 and PostgreSQL. */
class SchemaEvolutionIT {
  private TestDatabase db;

  @AfterEach
  void drop() {
    if (db != null) db.close();
  }

  static EntityConfig customer(FieldConfig... extra) {
    List<FieldConfig> fields =
        new java.util.ArrayList<>(
            List.of(
                FieldConfig.of("id", FieldType.LONG),
                new FieldConfig("name", FieldType.STRING, 50, 0, 0, false, false)));
    fields.addAll(List.of(extra));
    return EntityConfig.of("Customer", List.of("id"), fields);
  }

  private RecordStore open(boolean destructive) {
    return Store.open(
        destructive ? db.destructiveStoreConfig() : db.storeConfig(), InstantSource.system());
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void addsAColumnForANewFieldAndKeepsTheData(Kind kind) {
    db = kind == Kind.H2 ? TestDatabases.h2File() : TestDatabases.postgres();
    try (RecordStore store = open(false)) {
      store.migrate(List.of(customer()));
      store.upsert("Customer", List.of(Map.of("id", 1L, "name", "Ann")));
      store.migrate(List.of(customer(FieldConfig.of("city", FieldType.STRING))));
      store.upsert("Customer", List.of(Map.of("id", 2L, "name", "Bob", "city", "Oslo")));
      assertThat(store.get("Customer", Map.of("id", 1L)).orElseThrow().values())
          .containsEntry("name", "Ann")
          .containsEntry("city", null);
      assertThat(store.get("Customer", Map.of("id", 2L)).orElseThrow().get("city"))
          .isEqualTo("Oslo");
    }
    try (RecordStore reopened = open(false)) {
      reopened.migrate(List.of(customer(FieldConfig.of("city", FieldType.STRING))));
      assertThat(reopened.count("Customer", null)).isEqualTo(2);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void widensAStringWithoutAskingButRefusesToNarrowIt(Kind kind) {
    db = kind == Kind.H2 ? TestDatabases.h2File() : TestDatabases.postgres();
    try (RecordStore store = open(false)) {
      store.migrate(List.of(customer()));
      EntityConfig wider =
          EntityConfig.of(
              "Customer",
              List.of("id"),
              List.of(
                  FieldConfig.of("id", FieldType.LONG),
                  new FieldConfig("name", FieldType.STRING, 80, 0, 0, false, false)));
      store.migrate(List.of(wider));
      store.upsert("Customer", List.of(Map.of("id", 1L, "name", "x".repeat(80))));
      assertThatThrownBy(() -> store.migrate(List.of(customer())))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "Store schema: Entity 'Customer' field 'name': string(80) → string(50) is a destructive"
                  + " change and is refused. Nothing was changed; revert the config, or set"
                  + " store.allowDestructiveChanges to true to apply destructive changes (data in"
                  + " changed columns may be lost).");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void refusesTypeChangeRemovedFieldAndKeyChangeNamingEachAndChangingNothing(Kind kind) {
    db = kind == Kind.H2 ? TestDatabases.h2File() : TestDatabases.postgres();
    try (RecordStore store = open(false)) {
      store.migrate(List.of(customer(FieldConfig.of("city", FieldType.STRING))));
      EntityConfig changed =
          EntityConfig.of(
              "Customer",
              List.of("id", "name"),
              List.of(
                  FieldConfig.of("id", FieldType.STRING),
                  FieldConfig.of("name", FieldType.STRING)));
      assertThatThrownBy(() -> store.migrate(List.of(changed)))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining(
              "Entity 'Customer' field 'id': long → string(255) is a destructive change and is refused")
          .hasMessageContaining(
              "Entity 'Customer' field 'city' (string(255)) removed is a destructive change")
          .hasMessageContaining("Entity 'Customer' key [id] → [id, name] is a destructive change")
          .hasMessageContaining("Nothing was changed");
      store.upsert(
          "Customer", List.of(Map.of("id", 1L, "name", "still the old schema", "city", "Rome")));
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void appliesDestructiveChangesWhenAllowed(Kind kind) {
    db = kind == Kind.H2 ? TestDatabases.h2File() : TestDatabases.postgres();
    try (RecordStore store = open(false)) {
      store.migrate(List.of(customer(FieldConfig.of("city", FieldType.STRING))));
      store.upsert("Customer", List.of(Map.of("id", 1L, "name", "Ann", "city", "Rome")));
    }
    EntityConfig rekeyed =
        EntityConfig.of(
            "Customer",
            List.of("id", "name"),
            List.of(
                FieldConfig.of("id", FieldType.LONG),
                new FieldConfig("name", FieldType.STRING, 50, 0, 0, false, false)));
    try (RecordStore store = open(true)) {
      store.migrate(List.of(rekeyed));
      store.upsert("Customer", List.of(Map.of("id", 1L, "name", "Bob")));
      assertThat(store.count("Customer", null)).isEqualTo(2);
      assertThat(store.get("Customer", Map.of("id", 1L, "name", "Ann")).orElseThrow().values())
          .doesNotContainKey("city");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void refusesNamesThatCannotBecomeColumns(Kind kind) {
    db = kind == Kind.H2 ? TestDatabases.h2File() : TestDatabases.postgres();
    try (RecordStore store = open(false)) {
      EntityConfig bad =
          EntityConfig.of(
              "Bad-Name",
              List.of("ID"),
              List.of(FieldConfig.of("id", FieldType.LONG), FieldConfig.of("Id", FieldType.LONG)));
      assertThatThrownBy(() -> store.migrate(List.of(bad)))
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "Store schema: Entity 'Bad-Name': name must start with a letter and hold only letters,"
                  + " digits and _ (max 63); Entity 'Bad-Name': fields 'id' and 'Id' differ only in"
                  + " case; rename one; Entity 'Bad-Name': key field 'ID' is not a field. Nothing was"
                  + " changed; revert the config, or set store.allowDestructiveChanges to true to"
                  + " apply destructive changes (data in changed columns may be lost).");
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void createsDeclaredIndexesAddsNewOnesAndDropsRemovedOnes(Kind kind) throws Exception {
    db = kind == Kind.H2 ? TestDatabases.h2File() : TestDatabases.postgres();
    EntityConfig city = customer(FieldConfig.of("city", FieldType.STRING));
    try (RecordStore store = open(false)) {
      store.migrate(List.of(city.withIndexes(List.of(List.of("name")))));
      store.upsert("Customer", List.of(Map.of("id", 1L, "name", "Ann", "city", "Oslo")));
      assertThat(indexes(store)).containsExactly("e_customer_ix_name");

      store.migrate(List.of(city.withIndexes(List.of(List.of("city desc", "name")))));
      assertThat(indexes(store)).containsExactly("e_customer_ix_city_desc_name");
    }
    try (RecordStore reopened = open(false)) {
      // unchanged config: nothing to do, the index stays
      reopened.migrate(List.of(city.withIndexes(List.of(List.of("city desc", "name")))));
      assertThat(indexes(reopened)).containsExactly("e_customer_ix_city_desc_name");
      reopened.migrate(List.of(city));
      assertThat(indexes(reopened)).isEmpty();
      assertThat(reopened.get("Customer", Map.of("id", 1L)).orElseThrow().get("city"))
          .isEqualTo("Oslo");
    }
  }

  @org.junit.jupiter.api.Test
  void remakesOnPostgresAnIndexAnEarlierVersionMadeWithoutTheNullOrdering() throws Exception {
    db = TestDatabases.postgres();
    EntityConfig city =
        customer(FieldConfig.of("city", FieldType.STRING))
            .withIndexes(List.of(List.of("city desc", "name")));
    String index = "e_customer_ix_city_desc_name";
    try (RecordStore store = open(false)) {
      store.migrate(List.of(city));
      store.upsert("Customer", List.of(Map.of("id", 1L, "name", "Ann", "city", "Oslo")));
      // what an earlier version left: the index without NULLS clauses, a schema without its layout
      try (java.sql.Connection c = store.dataSource().getConnection();
          java.sql.Statement s = c.createStatement()) {
        s.execute("DROP INDEX " + index);
        s.execute("CREATE INDEX " + index + " ON e_customer (city DESC, name ASC)");
        s.execute(
            "UPDATE junction_entity_schema SET definition = replace(definition,"
                + " ',\"indexLayout\":1', '') WHERE entity = 'Customer'");
        c.commit();
      }
      assertThat(indexDefinition(store, index)).endsWith("(city DESC, name)");
    }
    try (RecordStore reopened = open(false)) {
      reopened.migrate(List.of(city));
      assertThat(indexDefinition(reopened, index))
          .endsWith("(city DESC NULLS LAST, name NULLS FIRST)");
      long oid = indexOid(reopened, index);
      reopened.migrate(List.of(city)); // made once: the schema now records the layout
      assertThat(indexOid(reopened, index)).isEqualTo(oid);
      assertThat(reopened.get("Customer", Map.of("id", 1L)).orElseThrow().get("city"))
          .isEqualTo("Oslo");
    }
  }

  private static String indexDefinition(RecordStore store, String index) throws Exception {
    return pgIndex(store, "SELECT indexdef FROM pg_indexes WHERE indexname = ?", index);
  }

  private static long indexOid(RecordStore store, String index) throws Exception {
    return Long.parseLong(
        pgIndex(store, "SELECT oid::text FROM pg_class WHERE relname = ?", index));
  }

  private static String pgIndex(RecordStore store, String sql, String index) throws Exception {
    try (java.sql.Connection c = store.dataSource().getConnection();
        java.sql.PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, index);
      try (java.sql.ResultSet rs = p.executeQuery()) {
        assertThat(rs.next()).as("index %s exists", index).isTrue();
        String value = rs.getString(1);
        c.rollback();
        return value;
      }
    }
  }

  /** The names of the non-unique indexes of the Customer table. */
  private static List<String> indexes(RecordStore store) throws java.sql.SQLException {
    try (java.sql.Connection c = store.dataSource().getConnection();
        java.sql.ResultSet rs =
            c.getMetaData().getIndexInfo(null, c.getSchema(), "e_customer", false, false)) {
      java.util.Set<String> names = new java.util.TreeSet<>();
      while (rs.next()) {
        if (rs.getBoolean("NON_UNIQUE") && rs.getString("INDEX_NAME") != null) {
          names.add(rs.getString("INDEX_NAME"));
        }
      }
      return List.copyOf(names);
    }
  }
}
