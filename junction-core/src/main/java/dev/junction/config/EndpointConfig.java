package dev.junction.config;

/**
 * One resource on a connection.
 *
 * @param path path relative to the connection's base URL, with its query (e.g. {@code
 *     customers?active=true}); required for a root endpoint, absent for a child (whose URL is its
 *     {@link ChainingConfig#childUrlTemplate()})
 * @param dataPath where the records are in a response: {@code data}, {@code result.items}, or empty
 *     (default) when the response is the array itself
 * @param pagination how to fetch the following pages (default {@code type: none})
 */
public record EndpointConfig(
    String path, @Default("") String dataPath, @Default("none") PaginationConfig pagination) {
  public EndpointConfig {
    dataPath = dataPath == null ? "" : dataPath.strip();
    pagination = pagination == null ? new PaginationConfig.None() : pagination;
  }

  public static EndpointConfig defaults() {
    return new EndpointConfig(null, "", null);
  }

  public static EndpointConfig of(String path) {
    return new EndpointConfig(path, "", null);
  }
}
