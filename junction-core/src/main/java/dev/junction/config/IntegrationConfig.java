package dev.junction.config;

import java.util.Objects;

/**
 * A named, runnable flow with a numeric sorting order. First cut: the config loader's owner extends
 * it with endpoints, chaining, aggregation, mapping, schedule and dependencies (issue 4).
 *
 * @param name unique integration name
 * @param sortingOrder unique positive number (its id in NAV-X terms)
 * @param connection name of the connection it calls
 */
public record IntegrationConfig(String name, int sortingOrder, String connection) {
  public IntegrationConfig {
    Objects.requireNonNull(name, "name");
  }
}
