package dev.junction.config;

/**
 * Where the local store lives.
 *
 * @param url JDBC URL; default {@code jdbc:h2:file:./data/junction} (embedded H2). A {@code
 *     jdbc:postgresql:} URL selects PostgreSQL.
 * @param username database user, may be null
 * @param password secret reference ({@code ${env:NAME}} or {@code ${file:PATH}}), may be null
 * @param maxPoolSize connection pool size (default 10)
 * @param allowDestructiveChanges when true, schema evolution may change column types and keys
 */
public record StoreConfig(
    String url,
    String username,
    SecretRef password,
    @Default("10") @Positive int maxPoolSize,
    boolean allowDestructiveChanges) {

  public static final String DEFAULT_URL = "jdbc:h2:file:./data/junction";

  public StoreConfig {
    if (url == null || url.isBlank()) url = DEFAULT_URL;
    if (maxPoolSize <= 0) maxPoolSize = 10;
  }

  public static StoreConfig defaults() {
    return new StoreConfig(null, null, null, 0, false);
  }

  public static StoreConfig of(String url) {
    return new StoreConfig(url, null, null, 0, false);
  }
}
