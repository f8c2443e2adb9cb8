package dev.junction.pipeline;

import java.util.Objects;

/**
 * One resource on a connection.
 *
 * @param path resource path with query, relative to the connection's base URL (for a child
 *     endpoint, its Child URL Template)
 * @param dataPath where the records are in a response: {@code data}, {@code result.items}, or empty
 *     / {@code $} for a root array (a root object is read as one record)
 * @param pagination paging style
 * @param maxPages guard: at most this many pages per fetch; reaching it adds a warning
 */
public record Endpoint(String path, String dataPath, Pagination pagination, int maxPages) {
  public static final int DEFAULT_MAX_PAGES = 10_000;

  public Endpoint {
    Objects.requireNonNull(path, "path");
    dataPath = dataPath == null ? "" : dataPath;
    JsonPath.compile(dataPath);
    pagination = pagination == null ? Pagination.none() : pagination;
    maxPages = maxPages <= 0 ? DEFAULT_MAX_PAGES : maxPages;
  }

  public static Endpoint of(String path, String dataPath, Pagination pagination) {
    return new Endpoint(path, dataPath, pagination, 0);
  }
}
