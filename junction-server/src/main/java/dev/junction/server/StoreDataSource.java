package dev.junction.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.StoreException;
import dev.junction.config.SecretRef;
import dev.junction.config.StoreConfig;
import java.util.function.Function;
import org.flywaydb.core.Flyway;

/**
 * Opens a connection pool on the store's database and brings Junction's own tables up to date with
 * Flyway, for the audit log. Interim: {@code dev.junction.store.Store} opens its own pool but does
 * not expose it; once it does, this class goes and the audit log shares that pool.
 */
final class StoreDataSource {
  private StoreDataSource() {}

  static HikariDataSource open(StoreConfig store, Function<SecretRef, String> secrets) {
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("junction-store");
    hc.setJdbcUrl(store.url());
    if (store.username() != null) hc.setUsername(store.username());
    if (store.password() != null) hc.setPassword(secrets.apply(store.password()));
    hc.setMaximumPoolSize(store.maxPoolSize());
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new StoreException(
          "store " + store.url() + ": cannot connect (" + e.getMessage() + "); server not started",
          e);
    }
    try {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw new StoreException(
          "store " + store.url() + ": migrating Junction's tables failed; server not started", e);
    }
    return ds;
  }
}
