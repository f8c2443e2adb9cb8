package dev.junction.server.data;

import dev.junction.audit.AuditLog;
import dev.junction.config.JunctionConfig;
import dev.junction.config.SecretResolver;
import dev.junction.jobs.BatchJobs;
import dev.junction.jobs.WriteTokens;
import dev.junction.packages.PackageLimits;
import dev.junction.store.RecordStore;
import jakarta.servlet.MultipartConfigElement;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Builds the batch data engine. Settings (Spring properties, all optional): {@code
 * junction.batch.directory} (job files, default {@code data/jobs}), {@code junction.batch.node}
 * (this node's stable name), {@code junction.batch.workers}, {@code junction.batch.loaders} (store
 * transactions loading one import batch at once), {@code junction.batch.max-package-bytes} (default
 * 1 GiB), {@code junction.batch.max-expanded-bytes}, {@code junction.batch.max-entries}, {@code
 * junction.batch.max-line-chars}.
 */
@Configuration(proxyBeanMethods = false)
class DataConfiguration {

  static DataSettings settings(Environment env) {
    PackageLimits d = PackageLimits.defaults();
    PackageLimits limits =
        new PackageLimits(
            env.getProperty("junction.batch.max-package-bytes", Long.class, d.maxPackageBytes()),
            env.getProperty("junction.batch.max-expanded-bytes", Long.class, d.maxExpandedBytes()),
            env.getProperty("junction.batch.max-ratio", Integer.class, d.maxRatio()),
            env.getProperty("junction.batch.max-entries", Integer.class, d.maxEntries()),
            env.getProperty("junction.batch.max-line-chars", Integer.class, d.maxLineChars()));
    Path dir = Path.of(env.getProperty("junction.batch.directory", "data/jobs")).toAbsolutePath();
    String ttl = env.getProperty("junction.batch.write-url-ttl", "PT1H");
    Duration writeUrlTtl;
    try {
      writeUrlTtl = Duration.parse(ttl);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "junction.batch.write-url-ttl '" + ttl + "' is not an ISO-8601 duration such as PT1H");
    }
    if (writeUrlTtl.isNegative() || writeUrlTtl.isZero()) {
      throw new IllegalArgumentException(
          "junction.batch.write-url-ttl must be positive, was " + ttl);
    }
    return new DataSettings(dir, limits, writeUrlTtl);
  }

  /** Where job files live, which limits uploads meet, how long a write URL stays valid. */
  record DataSettings(Path directory, PackageLimits limits, Duration writeUrlTtl) {
    Path uploads() {
      return directory.resolveSibling(directory.getFileName() + "-uploads");
    }
  }

  @Bean
  DataSettings dataSettings(Environment env) {
    return settings(env);
  }

  @Bean(destroyMethod = "close")
  BatchJobs batchJobs(
      RecordStore store,
      JunctionConfig config,
      InstantSource clock,
      DataSettings settings,
      UrlFetcher urlFetcher,
      Environment env) {
    String node = env.getProperty("junction.batch.node", host() + ":" + settings.directory());
    BatchJobs.Builder builder =
        BatchJobs.builder(store, config.entities())
            .directory(settings.directory())
            .clock(clock)
            .limits(settings.limits())
            .remoteFiles(urlFetcher)
            .node(node.length() > 200 ? node.substring(node.length() - 200) : node)
            .workers(env.getProperty("junction.batch.workers", Integer.class, 2));
    Integer loaders = env.getProperty("junction.batch.loaders", Integer.class);
    if (loaders != null) builder.loaders(loaders);
    BatchJobs jobs = builder.build();
    jobs.define(config.exportDefinitions(), config.recurringIntegrations());
    jobs.start();
    return jobs;
  }

  /**
   * Write-URL tokens signed with {@code junction.batch.write-url-secret} (set it from the
   * environment, {@code JUNCTION_BATCH_WRITE_URL_SECRET}), or else with a key generated once and
   * kept in the database, shared by all nodes.
   */
  @Bean
  WriteTokens writeTokens(RecordStore store, InstantSource clock, Environment env) {
    String secret = env.getProperty("junction.batch.write-url-secret");
    return WriteTokens.create(
        store.dataSource(),
        secret == null ? null : secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        clock);
  }

  @Bean(destroyMethod = "close")
  UrlFetcher urlFetcher(
      JunctionConfig config,
      SecretResolver secrets,
      AuditLog audit,
      InstantSource clock,
      DataSettings settings) {
    return new UrlFetcher(config, secrets, audit, clock, settings.limits().maxPackageBytes());
  }

  /** Uploads stream to disk (no in-memory threshold), up to the package limit. */
  @Bean
  MultipartConfigElement multipartConfigElement(DataSettings settings) {
    long max = settings.limits().maxPackageBytes();
    return new MultipartConfigElement(
        System.getProperty("java.io.tmpdir"), max, max + (1 << 20), 0);
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
