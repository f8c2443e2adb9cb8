package dev.junction.server.runs;

import dev.junction.audit.AuditLog;
import dev.junction.config.JunctionConfig;
import dev.junction.config.SecretResolver;
import dev.junction.connect.CallObserver;
import dev.junction.pipeline.RecordLoader;
import dev.junction.pipeline.Runner;
import dev.junction.store.RecordStore;
import java.time.InstantSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The engine's {@link Runner} over the server's store and audit log, and the run registry. */
@Configuration(proxyBeanMethods = false)
class RunsConfiguration {

  /** Closed before the store and the audit log it writes to (it depends on both). */
  @Bean(destroyMethod = "close")
  Runner runner(
      JunctionConfig config,
      RecordStore store,
      AuditLog audit,
      SecretResolver secrets,
      InstantSource clock) {
    return Runner.builder(config)
        .secrets(secrets)
        .observer(CallObserver.auditTo(audit))
        .loader(RecordLoader.of(store))
        .clock(clock)
        .build();
  }

  @Bean
  Runs runs(JunctionConfig config, Runner runner, InstantSource clock) {
    return new Runs(config, runner, clock);
  }
}
