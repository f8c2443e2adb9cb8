package dev.junction.server.odata;

/**
 * Bounds of the OData service, applied before any SQL runs.
 *
 * @param defaultPageSize rows per page when the client sends no {@code odata.maxpagesize}
 * @param maxPageSize hard cap on rows per response; also the largest {@code $top} accepted
 * @param maxUrlLength longest request URL (path and query) accepted
 * @param maxFilterNodes most expression nodes in one {@code $filter} (and tokens in a query)
 * @param maxNesting deepest parenthesis nesting in a query string
 * @param maxLiteralLength longest string literal in a query
 * @param maxBatchParts most requests in one {@code $batch}
 * @param maxBatchBytes largest {@code $batch} body
 */
public record ODataLimits(
    int defaultPageSize,
    int maxPageSize,
    int maxUrlLength,
    int maxFilterNodes,
    int maxNesting,
    int maxLiteralLength,
    int maxBatchParts,
    int maxBatchBytes) {

  public ODataLimits {
    positive("defaultPageSize", defaultPageSize);
    positive("maxPageSize", maxPageSize);
    positive("maxUrlLength", maxUrlLength);
    positive("maxFilterNodes", maxFilterNodes);
    positive("maxNesting", maxNesting);
    positive("maxLiteralLength", maxLiteralLength);
    positive("maxBatchParts", maxBatchParts);
    positive("maxBatchBytes", maxBatchBytes);
    if (defaultPageSize > maxPageSize) {
      throw new IllegalArgumentException(
          "defaultPageSize ("
              + defaultPageSize
              + ") must not exceed maxPageSize ("
              + maxPageSize
              + ")");
    }
  }

  /** Page of 1,000, cap of 10,000 rows, 64 KiB URLs, 1,000 filter nodes, nesting 50. */
  public static ODataLimits defaults() {
    return new ODataLimits(1_000, 10_000, 65_536, 1_000, 50, 4_096, 1_000, 16 * 1024 * 1024);
  }

  public ODataLimits withDefaultPageSize(int size) {
    return new ODataLimits(
        size,
        maxPageSize,
        maxUrlLength,
        maxFilterNodes,
        maxNesting,
        maxLiteralLength,
        maxBatchParts,
        maxBatchBytes);
  }

  private static void positive(String name, int value) {
    if (value <= 0) throw new IllegalArgumentException(name + " must be > 0, was " + value);
  }
}
