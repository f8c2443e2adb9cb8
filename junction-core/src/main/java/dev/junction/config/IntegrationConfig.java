package dev.junction.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named, runnable flow with a numeric sorting order (its id in NAV-X terms): one endpoint on a
 * connection; when it is a child, how it chains under its parent; its aggregation sources; its
 * mapping into entities; its schedule, dependencies and Sync API exposure.
 *
 * @param name unique integration name
 * @param sortingOrder unique positive number (its id in NAV-X terms)
 * @param connection name of the connection it calls
 * @param description free text for people, or null
 * @param endpoint the resource it reads: path (a root endpoint), data path and pagination
 * @param chaining where a child endpoint hangs in its parent's chain (default: a root endpoint)
 * @param aggregation sources joined into this integration's rows, in fetch order
 * @param mappings how rows become entity records
 * @param schedule when it runs by itself, or null (manual, or run by its parent)
 * @param dependsOn names of integrations that must run first
 * @param syncApi Sync API exposure (default: not exposed)
 */
public record IntegrationConfig(
    @Required String name,
    @Required @Positive int sortingOrder,
    @Required String connection,
    String description,
    EndpointConfig endpoint,
    ChainingConfig chaining,
    List<AggregationSource> aggregation,
    List<MappingConfig> mappings,
    ScheduleConfig schedule,
    List<String> dependsOn,
    SyncApiConfig syncApi) {

  public IntegrationConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(connection, "connection");
    endpoint = endpoint == null ? EndpointConfig.defaults() : endpoint;
    chaining = chaining == null ? ChainingConfig.root() : chaining;
    aggregation = aggregation == null ? List.of() : List.copyOf(aggregation);
    mappings = mappings == null ? List.of() : List.copyOf(mappings);
    dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
    syncApi = syncApi == null ? SyncApiConfig.notExposed() : syncApi;
  }

  /** A root integration with no endpoint details, mappings or schedule (first-cut signature). */
  public IntegrationConfig(String name, int sortingOrder, String connection) {
    this(name, sortingOrder, connection, null, null, null, null, null, null, null, null);
  }

  /** True when this endpoint runs only under its parent (Parent Endpoint Sort Order > 0). */
  public boolean isChild() {
    return chaining.isChild();
  }

  public Optional<ScheduleConfig> scheduleIfAny() {
    return Optional.ofNullable(schedule);
  }
}
