package dev.junction.server.sync;

import dev.junction.config.JunctionConfig;
import dev.junction.store.RecordStore;
import dev.junction.sync.SyncApi;
import dev.junction.sync.SyncSettings;
import java.time.InstantSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds the Sync API engine once, over the store's database. */
@Configuration(proxyBeanMethods = false)
class SyncConfiguration {

  @Bean
  SyncApi syncApi(RecordStore recordStore, JunctionConfig config, InstantSource clock) {
    return SyncApi.create(recordStore, config, clock, SyncSettings.DEFAULTS);
  }
}
