package dev.junction.server;

import dev.junction.audit.AuditLog;
import dev.junction.config.JunctionConfig;
import dev.junction.server.security.ApiKeys;
import dev.junction.server.security.SecretValues;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import java.time.InstantSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine's parts, built once from the {@link JunctionConfig} bean. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

  @Bean
  InstantSource clock() {
    return InstantSource.system();
  }

  /** The entity store; it owns the connection pool and migrates Junction's own tables. */
  @Bean(destroyMethod = "close")
  RecordStore recordStore(JunctionConfig config, InstantSource clock) {
    RecordStore store =
        Store.builder(config.store()).clock(clock).secrets(SecretValues::resolve).open();
    store.migrate(config.entities());
    return store;
  }

  /** Closed before the store (it depends on its pool), so queued entries are written first. */
  @Bean(destroyMethod = "close")
  AuditLog auditLog(RecordStore recordStore) {
    return AuditLog.jdbc(recordStore.dataSource());
  }

  @Bean
  ApiKeys apiKeys(JunctionConfig config) {
    return ApiKeys.resolve(config.server().apiKeys(), SecretValues::resolve);
  }
}
