package dev.junction.config;

import java.util.List;
import java.util.Optional;

/**
 * The whole, validated configuration of one hub: store, server, connections, entities,
 * integrations, actions, and the batch data API's export definitions and recurring integrations.
 * Obtained from {@link ConfigLoader}; immutable.
 */
public record JunctionConfig(
    StoreConfig store,
    ServerConfig server,
    List<ConnectionConfig> connections,
    List<EntityConfig> entities,
    List<IntegrationConfig> integrations,
    List<ActionConfig> actions,
    List<ExportDefinitionConfig> exportDefinitions,
    List<RecurringConfig> recurringIntegrations) {

  public JunctionConfig {
    store = store == null ? StoreConfig.defaults() : store;
    server = server == null ? ServerConfig.defaults() : server;
    connections = connections == null ? List.of() : List.copyOf(connections);
    entities = entities == null ? List.of() : List.copyOf(entities);
    integrations = integrations == null ? List.of() : List.copyOf(integrations);
    actions = actions == null ? List.of() : List.copyOf(actions);
    exportDefinitions = exportDefinitions == null ? List.of() : List.copyOf(exportDefinitions);
    recurringIntegrations =
        recurringIntegrations == null ? List.of() : List.copyOf(recurringIntegrations);
  }

  /** A configuration without batch export definitions and recurring integrations. */
  public JunctionConfig(
      StoreConfig store,
      ServerConfig server,
      List<ConnectionConfig> connections,
      List<EntityConfig> entities,
      List<IntegrationConfig> integrations,
      List<ActionConfig> actions) {
    this(store, server, connections, entities, integrations, actions, List.of(), List.of());
  }

  /** A configuration without actions. */
  public JunctionConfig(
      StoreConfig store,
      ServerConfig server,
      List<ConnectionConfig> connections,
      List<EntityConfig> entities,
      List<IntegrationConfig> integrations) {
    this(store, server, connections, entities, integrations, List.of());
  }

  public Optional<EntityConfig> entity(String name) {
    return entities.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  public Optional<ConnectionConfig> connection(String name) {
    return connections.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  public Optional<IntegrationConfig> integration(String name) {
    return integrations.stream().filter(i -> i.name().equals(name)).findFirst();
  }

  /** The integration with this sorting order (its id in NAV-X terms). */
  public Optional<IntegrationConfig> integration(int sortingOrder) {
    return integrations.stream().filter(i -> i.sortingOrder() == sortingOrder).findFirst();
  }

  /** The direct child endpoints of {@code parent}, in chain order (then sorting order). */
  public List<IntegrationConfig> children(IntegrationConfig parent) {
    return integrations.stream()
        .filter(i -> i.chaining().parentEndpointSortOrder() == parent.sortingOrder())
        .filter(i -> i != parent)
        .sorted(
            java.util.Comparator.comparingInt((IntegrationConfig i) -> i.chaining().chainOrder())
                .thenComparingInt(IntegrationConfig::sortingOrder))
        .toList();
  }
}
