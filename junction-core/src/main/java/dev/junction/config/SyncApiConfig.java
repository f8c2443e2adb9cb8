package dev.junction.config;

import java.util.List;
import java.util.Objects;

/**
 * Exposure of an integration through the Sync API (NAV-X Dynamic Sync API).
 *
 * @param exposeAsSyncApi true to expose it (default false)
 * @param responseMode {@code ChangesOnly} (default) or {@code FullDataset}
 * @param stagingMode where fetched data waits before consumers read it: {@code Database} (default)
 *     or {@code InMemory}
 * @param apiVersion version segment of the Sync API route (default {@code v2.0})
 * @param fields exposed field names and the row paths they come from; empty exposes the row as is
 */
public record SyncApiConfig(
    boolean exposeAsSyncApi,
    @Default("ChangesOnly") ResponseMode responseMode,
    @Default("Database") StagingMode stagingMode,
    @Default("v2.0") String apiVersion,
    List<Field> fields) {

  public static final String DEFAULT_API_VERSION = "v2.0";

  public SyncApiConfig {
    responseMode = responseMode == null ? ResponseMode.CHANGES_ONLY : responseMode;
    stagingMode = stagingMode == null ? StagingMode.DATABASE : stagingMode;
    apiVersion = apiVersion == null ? DEFAULT_API_VERSION : apiVersion;
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  public static SyncApiConfig notExposed() {
    return new SyncApiConfig(false, null, null, null, null);
  }

  /** What {@code getChanges} returns. */
  public enum ResponseMode {
    /** Only records changed since the consumer's sync token, with deletion markers. */
    CHANGES_ONLY,
    /** Every record, every time. */
    FULL_DATASET;

    public String configName() {
      return this == CHANGES_ONLY ? "ChangesOnly" : "FullDataset";
    }
  }

  /** Where fetched data is staged. */
  public enum StagingMode {
    DATABASE,
    IN_MEMORY;

    public String configName() {
      return this == DATABASE ? "Database" : "InMemory";
    }
  }

  /**
   * One exposed field.
   *
   * @param name name in the Sync API response
   * @param source path in the row it comes from
   */
  public record Field(@Required String name, @Required String source) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
    }
  }
}
