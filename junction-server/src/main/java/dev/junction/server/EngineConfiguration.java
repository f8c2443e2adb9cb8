package dev.junction.server;

import dev.junction.audit.AuditLog;
import dev.junction.config.JunctionConfig;
import dev.junction.config.SecretResolver;
import dev.junction.server.security.ApiKeys;
import dev.junction.store.RecordStore;
import dev.junction.store.Store;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine's parts, built once from the {@link JunctionConfig} bean. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {
  private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

  @Bean
  InstantSource clock() {
    return InstantSource.system();
  }

  /** Secrets from the process environment and files; resolved when needed, never cached. */
  @Bean
  SecretResolver secretResolver() {
    return SecretResolver.system();
  }

  /** The entity store; it owns the connection pool and migrates Junction's own tables. */
  @Bean(destroyMethod = "close")
  RecordStore recordStore(JunctionConfig config, InstantSource clock, SecretResolver secrets) {
    RecordStore store =
        Store.builder(config.store())
            .clock(clock)
            .secrets(ref -> secrets.resolve(ref).reveal())
            .open();
    store.migrate(config.entities());
    return store;
  }

  /** Closed before the store (it depends on its pool), so queued entries are written first. */
  @Bean(destroyMethod = "close")
  AuditLog auditLog(RecordStore recordStore) {
    return AuditLog.jdbc(recordStore.dataSource());
  }

  @Bean
  ApiKeys apiKeys(JunctionConfig config, SecretResolver secrets) {
    ApiKeys keys = ApiKeys.resolve(config.server().apiKeys(), ref -> secrets.resolve(ref).reveal());
    if (keys.size() == 0) {
      log.warn("no API keys configured (server.apiKeys): every route except health answers 401");
    }
    return keys;
  }
}
