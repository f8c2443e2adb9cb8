package dev.junction.sync;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldMapping;
import dev.junction.config.FieldType;
import dev.junction.config.IntegrationConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.MappingConfig;
import dev.junction.config.SyncApiConfig;
import dev.junction.config.SyncApiConfig.ResponseMode;
import dev.junction.config.SyncApiConfig.StagingMode;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import dev.junction.testing.TestDatabases;
import dev.junction.testing.TestDatabases.Kind;
import dev.junction.testing.TestDatabases.TestDatabase;
import java.time.InstantSource;
import java.util.List;

/** The entity and integrations the Sync API tests run against. */
final class SyncFixture {
  private SyncFixture() {}

  static final EntityConfig ITEM =
      EntityConfig.of(
          "Item",
          List.of("id"),
          List.of(
              FieldConfig.of("id", FieldType.LONG),
              FieldConfig.of("n", FieldType.INTEGER),
              FieldConfig.of("name", FieldType.STRING)));

  /** ChangesOnly, Database staging, with renamed fields. */
  static final String STAGED = "items";

  /** ChangesOnly, InMemory staging, entity field names. */
  static final String IN_MEMORY = "items-mem";

  /** FullDataset. */
  static final String FULL = "items-full";

  /** Not exposed. */
  static final String HIDDEN = "items-hidden";

  /**
   * A store of {@code kind} with the Item table; it and its database are added to {@code closing},
   * to be closed in reverse order.
   */
  static RecordStore itemStore(Kind kind, InstantSource clock, List<AutoCloseable> closing) {
    TestDatabase db = TestDatabases.create(kind);
    closing.add(db);
    RecordStore store = Store.builder(db.storeConfig()).clock(clock).open();
    closing.add(store);
    store.migrate(List.of(ITEM));
    return store;
  }

  static JunctionConfig config() {
    return new JunctionConfig(
        null,
        null,
        List.of(),
        List.of(ITEM),
        List.of(
            integration(
                STAGED,
                10,
                new SyncApiConfig(
                    true,
                    ResponseMode.CHANGES_ONLY,
                    StagingMode.DATABASE,
                    null,
                    List.of(
                        new SyncApiConfig.Field("itemId", "id"),
                        new SyncApiConfig.Field("quantity", "n"),
                        new SyncApiConfig.Field("label", "$.name")))),
            integration(
                IN_MEMORY,
                11,
                new SyncApiConfig(
                    true, ResponseMode.CHANGES_ONLY, StagingMode.IN_MEMORY, null, List.of())),
            integration(
                FULL,
                12,
                new SyncApiConfig(
                    true, ResponseMode.FULL_DATASET, StagingMode.DATABASE, "v3.1", List.of())),
            integration(HIDDEN, 13, SyncApiConfig.notExposed())));
  }

  private static IntegrationConfig integration(String name, int order, SyncApiConfig sync) {
    return new IntegrationConfig(
        name,
        order,
        "erp",
        null,
        null,
        null,
        null,
        List.of(
            new MappingConfig(
                "Item",
                MappingConfig.Rows.PARENT,
                List.of(
                    FieldMapping.from("id", "id"),
                    FieldMapping.from("n", "n"),
                    FieldMapping.from("name", "name")))),
        null,
        null,
        sync);
  }
}
