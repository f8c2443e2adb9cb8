package dev.junction.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.junction.audit.AuditLog;
import dev.junction.config.JunctionConfig;
import dev.junction.config.SecretResolver;
import dev.junction.server.security.ApiKeys;
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

  @Bean(destroyMethod = "close")
  HikariDataSource storeDataSource(JunctionConfig config, SecretResolver secrets) {
    return StoreDataSource.open(config.store(), ref -> secrets.resolve(ref).reveal());
  }

  /** Closed before the data source (it depends on it), so queued entries are written first. */
  @Bean(destroyMethod = "close")
  AuditLog auditLog(HikariDataSource storeDataSource) {
    return AuditLog.jdbc(storeDataSource);
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
