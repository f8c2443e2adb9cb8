package dev.junction.server;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code store} health: UP when a connection from the store's pool answers within 2 s. Part of the
 * readiness group, so a hub whose store is down stops receiving traffic.
 */
@Component("store")
final class StoreHealth implements HealthIndicator {
  private final DataSource dataSource;

  StoreHealth(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Health health() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2)
          ? Health.up().build()
          : Health.down().withDetail("reason", "invalid").build();
    } catch (SQLException e) {
      return Health.down().withDetail("reason", e.getClass().getSimpleName()).build();
    }
  }
}
