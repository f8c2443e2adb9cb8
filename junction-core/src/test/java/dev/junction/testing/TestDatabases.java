package dev.junction.testing;

import dev.junction.config.StoreConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Fresh, isolated databases for tests: an H2 database (in memory, or a file in a temporary
 * directory) or a new schema on the shared PostgreSQL server at 127.0.0.1:5432. Closing a {@link
 * TestDatabase} drops it. PostgreSQL being unreachable FAILS the test, it never skips it.
 */
public final class TestDatabases {
  public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  public static final String POSTGRES_USER = "postgres";

  private TestDatabases() {}

  /** The databases a store test runs on; use with {@code @EnumSource(Kind.class)}. */
  public enum Kind {
    H2,
    POSTGRES
  }

  /** A fresh database of {@code kind}; H2 is in memory. */
  public static TestDatabase create(Kind kind) {
    return kind == Kind.H2 ? h2Memory() : postgres();
  }

  /** A fresh in-memory H2 database, dropped when the last connection closes. */
  public static TestDatabase h2Memory() {
    String url = "jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "");
    return new TestDatabase(Kind.H2, url, null, () -> {});
  }

  /** A fresh H2 file database in a new temporary directory, deleted on close. */
  public static TestDatabase h2File() {
    try {
      Path dir = Files.createTempDirectory("junction-h2-");
      String url = "jdbc:h2:file:" + dir.resolve("junction").toAbsolutePath();
      return new TestDatabase(Kind.H2, url, null, () -> deleteTree(dir));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh schema on the local PostgreSQL server; fails loudly when the server is unreachable. */
  public static TestDatabase postgres() {
    String schema = "jt_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    execute("CREATE SCHEMA " + schema);
    return new TestDatabase(
        Kind.POSTGRES,
        POSTGRES_URL + "?currentSchema=" + schema,
        POSTGRES_USER,
        () -> execute("DROP SCHEMA " + schema + " CASCADE"));
  }

  /** Runs one statement as the PostgreSQL superuser on the {@code postgres} database. */
  public static void execute(String sql) {
    try (Connection c = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, null);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new AssertionError(
          "PostgreSQL at 127.0.0.1:5432 (user postgres) is needed by this test and failed: "
              + e.getMessage()
              + " — start it (the CI script .ci/run does) and rerun",
          e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One isolated database: its JDBC URL and user, dropped by {@link #close()}.
   *
   * @param kind which database server
   * @param url JDBC URL selecting the fresh database or schema
   * @param username user, or null
   * @param drop what {@link #close()} runs
   */
  public record TestDatabase(Kind kind, String url, String username, Runnable drop)
      implements AutoCloseable {

    /** A store config for this database. */
    public StoreConfig storeConfig() {
      return new StoreConfig(url, username, null, 4, false);
    }

    /** A store config that allows destructive schema changes. */
    public StoreConfig destructiveStoreConfig() {
      return new StoreConfig(url, username, null, 4, true);
    }

    @Override
    public void close() {
      drop.run();
    }

    @Override
    public String toString() {
      return kind.name();
    }
  }
}
