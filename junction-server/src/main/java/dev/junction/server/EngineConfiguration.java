package dev.junction.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.junction.audit.AuditLog;
import dev.junction.config.JunctionConfig;
import dev.junction.server.security.ApiKeys;
import dev.junction.server.security.SecretValues;
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

  @Bean(destroyMethod = "close")
  HikariDataSource storeDataSource(JunctionConfig config) {
    return StoreDataSource.open(config.store(), SecretValues::resolve);
  }

  /** Closed before the data source (it depends on it), so queued entries are written first. */
  @Bean(destroyMethod = "close")
  AuditLog auditLog(HikariDataSource storeDataSource) {
    return AuditLog.jdbc(storeDataSource);
  }

  @Bean
  ApiKeys apiKeys(JunctionConfig config) {
    return ApiKeys.resolve(config.server().apiKeys(), SecretValues::resolve);
  }
}
