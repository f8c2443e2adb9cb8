package dev.junction.server;

import dev.junction.store.RecordStore;
import java.sql.Connection;
import java.sql.SQLException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code store} health: UP when a connection from the store's pool answers within 2 s. Part of the
 * readiness group, so a hub whose store is down stops receiving traffic.
 */
@Component("store")
final class StoreHealth implements HealthIndicator {
  private final RecordStore store;

  StoreHealth(RecordStore store) {
    this.store = store;
  }

  @Override
  public Health health() {
    try (Connection c = store.dataSource().getConnection()) {
      return c.isValid(2)
          ? Health.up().build()
          : Health.down().withDetail("reason", "invalid").build();
    } catch (SQLException e) {
      return Health.down().withDetail("reason", e.getClass().getSimpleName()).build();
    }
  }
}
