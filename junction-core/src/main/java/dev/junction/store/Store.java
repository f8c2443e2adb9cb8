package dev.junction.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.StoreException;
import dev.junction.changes.ChangeLog;
import dev.junction.config.SecretRef;
import dev.junction.config.StoreConfig;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Opens the {@link RecordStore} described by a {@link StoreConfig}: a connection pool, Junction's
 * own tables migrated by Flyway, and the change log.
 *
 * <p>Embedded H2 URLs get {@code WRITE_DELAY=0} (every commit is written to the file before it is
 * acknowledged, so a {@code kill -9} loses nothing acknowledged), a 60 s {@code LOCK_TIMEOUT} and a
 * page cache ({@code CACHE_SIZE}) of a quarter of the JVM's heap (16 MB to 1 GB) unless the URL
 * sets them. PostgreSQL connections use session time zone UTC and rewritten batch inserts.
 */
public final class Store {
  private Store() {}

  /** Opens the store with default settings (no password resolution). */
  public static RecordStore open(StoreConfig config, InstantSource clock) {
    return builder(config).clock(clock).open();
  }

  public static Builder builder(StoreConfig config) {
    return new Builder(config);
  }

  /** Optional settings of a store. */
  public static final class Builder {
    private final StoreConfig config;
    private InstantSource clock = InstantSource.system();
    private Function<SecretRef, String> secrets;
    private int batchSize = 1000;
    private int fetchSize = 500;
    private BiFunction<DataSource, InstantSource, ChangeLog> changeLog = ChangeLog::jdbc;

    private Builder(StoreConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Resolves {@link StoreConfig#password()}; required when a password is configured. */
    public Builder secrets(Function<SecretRef, String> resolver) {
      this.secrets = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /** Rows per SQL batch of an upsert (default 1000). */
    public Builder batchSize(int rows) {
      if (rows < 1 || rows > 10_000) {
        throw new IllegalArgumentException("batchSize must be within 1..10000, was " + rows);
      }
      this.batchSize = rows;
      return this;
    }

    /** Rows fetched per round trip by query cursors (default 500). */
    public Builder fetchSize(int rows) {
      if (rows < 1) throw new IllegalArgumentException("fetchSize must be >= 1, was " + rows);
      this.fetchSize = rows;
      return this;
    }

    /** Replaces the change log (for tests of other sequence strategies). */
    public Builder changeLog(BiFunction<DataSource, InstantSource, ChangeLog> factory) {
      this.changeLog = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * Connects, migrates Junction's own tables and returns the store. Entity tables are created by
     * {@link RecordStore#migrate}.
     *
     * @throws StoreException when the database cannot be reached or migrated
     */
    public RecordStore open() {
      Dialect dialect = Dialect.of(config.url());
      HikariConfig hikari = new HikariConfig();
      hikari.setPoolName("junction-store");
      hikari.setJdbcUrl(dialect == Dialect.H2 ? h2Url(config.url()) : config.url());
      hikari.setUsername(config.username());
      if (config.password() != null) {
        if (secrets == null) {
          throw new StoreException(
              "Store: a password reference "
                  + config.password()
                  + " is configured but no secret resolver was given; pass one to Store.builder");
        }
        hikari.setPassword(secrets.apply(config.password()));
      }
      hikari.setMaximumPoolSize(config.maxPoolSize());
      hikari.setAutoCommit(false);
      if (dialect == Dialect.POSTGRES) {
        hikari.setConnectionInitSql("SET TIME ZONE 'UTC'");
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
      }
      HikariDataSource dataSource;
      try {
        dataSource = new HikariDataSource(hikari);
      } catch (RuntimeException e) {
        throw new StoreException(
            "Store: cannot connect to "
                + safeUrl(config.url())
                + ": "
                + e.getMessage()
                + "; check that the database is running and the URL and user are right",
            e);
      }
      try {
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .load()
            .migrate();
        if (dialect == Dialect.H2) cacheAuditIdentity(dataSource);
        return new JdbcRecordStore(
            dataSource,
            dialect,
            clock,
            changeLog.apply(dataSource, clock),
            config.allowDestructiveChanges(),
            batchSize,
            fetchSize);
      } catch (RuntimeException e) {
        dataSource.close();
        if (e instanceof StoreException s) throw s;
        throw new StoreException(
            "Store: migrating Junction's tables in "
                + safeUrl(config.url())
                + " failed: "
                + e.getMessage()
                + "; the store is not opened",
            e);
      }
    }
  }

  static String h2Url(String url) {
    return h2Url(url, Runtime.getRuntime().maxMemory());
  }

  /**
   * {@code url} with Junction's H2 defaults for a JVM of {@code maxHeap} bytes. H2's own page cache
   * default (16 MB) is smaller than a 100,000-row entity, so every scan would read and decode its
   * pages from the file again; the cache gets a quarter of the heap instead, at least 16 MB and at
   * most 1 GB (a change feed reads the change log and the records: 1,000,000 changes over 900,000
   * records are about 0.8 GB of decoded pages, which a 256 MB cache decoded again on every drain).
   */
  static String h2Url(String url, long maxHeap) {
    String upper = url.toUpperCase(java.util.Locale.ROOT);
    StringBuilder result = new StringBuilder(url);
    if (!upper.contains(";WRITE_DELAY=")) result.append(";WRITE_DELAY=0");
    if (!upper.contains(";LOCK_TIMEOUT=")) result.append(";LOCK_TIMEOUT=60000");
    if (!upper.contains(";CACHE_SIZE=")) {
      long kb = Math.min(1024 * 1024, maxHeap / 4 / 1024);
      result.append(";CACHE_SIZE=").append(Math.max(16 * 1024, kb));
    }
    return result.toString();
  }

  /** The URL without its query or H2 settings, which may carry a password. */
  static String safeUrl(String url) {
    int cut = url.length();
    for (char c : new char[] {'?', ';'}) {
      int i = url.indexOf(c);
      if (i >= 0) cut = Math.min(cut, i);
    }
    return url.substring(0, cut);
  }

  /**
   * H2 writes an identity column's next value into its schema every {@code CACHE} values (32 by
   * default): a commit, and a schema change that empties every session's cache of parsed
   * statements. The audit trail takes one value per request, so under load most reads re-parsed
   * their SQL and paid for that commit (JFR, OData key lookups: ~15 % of the server's CPU). H2's
   * sequence is shared by all sessions, so a larger cache keeps ids in insert order (which {@code
   * recent()} relies on); a crash only leaves a gap. Not on PostgreSQL, whose cache is per session.
   */
  private static void cacheAuditIdentity(HikariDataSource dataSource) {
    try (java.sql.Connection c = dataSource.getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.execute("ALTER TABLE junction_audit ALTER COLUMN id SET CACHE 100000");
      c.commit();
    } catch (java.sql.SQLException e) {
      throw new StoreException("Store: cannot set the audit id cache: " + e.getMessage(), e);
    }
  }
}
