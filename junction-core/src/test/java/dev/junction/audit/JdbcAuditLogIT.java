package dev.junction.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JDBC audit log on real H2 and PostgreSQL, each in a schema of its own. */
class JdbcAuditLogIT {
  private static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  private static final Instant T = Instant.parse("2026-03-04T05:06:07.123456Z");

  private HikariDataSource dataSource;
  private String pgSchema;

  private HikariDataSource open(String db) throws SQLException {
    HikariConfig hc = new HikariConfig();
    hc.setMaximumPoolSize(4);
    if (db.equals("postgresql")) {
      pgSchema = "audit_it_" + UUID.randomUUID().toString().replace("-", "");
      try (Connection c = DriverManager.getConnection(PG_URL, "postgres", null);
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + pgSchema);
      }
      hc.setJdbcUrl(PG_URL);
      hc.setUsername("postgres");
      hc.setSchema(pgSchema);
    } else {
      hc.setJdbcUrl("jdbc:h2:mem:audit_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }
    dataSource = new HikariDataSource(hc);
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    return dataSource;
  }

  @AfterEach
  void dropSchema() throws SQLException {
    if (dataSource != null) dataSource.close();
    if (pgSchema != null) {
      try (Connection c = DriverManager.getConnection(PG_URL, "postgres", null);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + pgSchema + " CASCADE");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void keepsEveryFieldAndReturnsNewestFirst(String db) throws SQLException {
    AuditLog log = AuditLog.jdbc(open(db));
    AuditEntry first =
        AuditEntry.outbound(
            "erp",
            "GET",
            "https://u:p@erp/x?token=t",
            503,
            Duration.ofNanos(1_234_000),
            "c1",
            T,
            -1,
            4);
    AuditEntry second =
        AuditEntry.inbound("alice", "POST", "/api/v1/x", 201, Duration.ofMillis(7), "c2", T, 42);
    log.record(first);
    log.record(second);

    assertThat(log.recent(10)).containsExactly(second, first);
    assertThat(log.recent(1)).containsExactly(second);
    log.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void closeWritesEveryEntryQueuedByConcurrentCallers(String db) throws Exception {
    HikariDataSource ds = open(db);
    AuditLog log = AuditLog.jdbc(ds);
    int threads = 4;
    int perThread = 1_500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      done.add(
          pool.submit(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  log.record(
                      AuditEntry.inbound(
                          "t" + thread, "GET", "/" + i, 200, Duration.ZERO, "c", T, 0));
                }
              }));
    }
    for (Future<?> f : done) f.get();
    pool.shutdown();

    log.close();

    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT COUNT(*), COUNT(DISTINCT principal) FROM junction_audit")) {
      rs.next();
      assertThat(rs.getLong(1)).isEqualTo((long) threads * perThread);
      assertThat(rs.getLong(2)).isEqualTo(threads);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void refusesEntriesAfterClose(String db) throws SQLException {
    AuditLog log = AuditLog.jdbc(open(db));
    log.close();
    log.close();
    assertThatThrownBy(
            () -> log.record(AuditEntry.inbound("p", "GET", "/", 200, Duration.ZERO, "c", T, 0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
