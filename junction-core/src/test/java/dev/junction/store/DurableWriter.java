package dev.junction.store;

import dev.junction.config.EntityConfig;
import dev.junction.config.FieldConfig;
import dev.junction.config.FieldType;
import dev.junction.config.StoreConfig;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

/**
 * The process {@link StoreDurabilityIT} kills: writes one record per transaction forever and prints
 * {@code ACK <id>} after each commit returns. Arguments: JDBC URL, user (or "-").
 */
public final class DurableWriter {
  static final EntityConfig EVENT =
      EntityConfig.of(
          "Event",
          List.of("id"),
          List.of(
              FieldConfig.of("id", FieldType.LONG), FieldConfig.of("payload", FieldType.STRING)));

  private DurableWriter() {}

  public static void main(String[] args) {
    String user = args[1].equals("-") ? null : args[1];
    try (RecordStore store =
        Store.open(new StoreConfig(args[0], user, null, 2, false), InstantSource.system())) {
      store.migrate(List.of(EVENT));
      System.out.println("READY");
      System.out.flush();
      for (long id = 1; ; id++) {
        store.upsert("Event", List.of(Map.of("id", id, "payload", "event " + id)));
        System.out.println("ACK " + id);
        System.out.flush();
      }
    }
  }
}
