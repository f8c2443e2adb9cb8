package dev.junction.pipeline;

import java.util.Objects;

/**
 * How an endpoint pages. Every style stops on an empty page; styles that know the page size also
 * stop on a short page; link and cursor styles stop when there is no next link or cursor. The
 * endpoint's {@code maxPages} guards against servers that never stop.
 */
public sealed interface Pagination {

  /** One call, no paging. */
  record None() implements Pagination {}

  /** {@code ?<offsetParam>=0&<limitParam>=N}, then offset N, 2N… */
  record OffsetLimit(String offsetParam, String limitParam, int pageSize) implements Pagination {
    public OffsetLimit {
      Objects.requireNonNull(offsetParam, "offsetParam");
      Objects.requireNonNull(limitParam, "limitParam");
      if (pageSize < 1)
        throw new IllegalArgumentException("pageSize must be >= 1, was " + pageSize);
    }
  }

  /** {@code ?<pageParam>=first&<sizeParam>=N}, then first+1… ({@code sizeParam} may be null). */
  record PageNumber(String pageParam, String sizeParam, int pageSize, int firstPage)
      implements Pagination {
    public PageNumber {
      Objects.requireNonNull(pageParam, "pageParam");
      if (pageSize < 1)
        throw new IllegalArgumentException("pageSize must be >= 1, was " + pageSize);
    }
  }

  /**
   * The next page is asked with {@code ?<cursorParam>=<value at cursorPath in the last page>};
   * stops when that value is absent, null or empty. {@code sizeParam} (nullable) sends {@code
   * pageSize}.
   */
  record Cursor(String cursorParam, String cursorPath, String sizeParam, int pageSize)
      implements Pagination {
    public Cursor {
      Objects.requireNonNull(cursorParam, "cursorParam");
      Objects.requireNonNull(cursorPath, "cursorPath");
    }
  }

  /** OData: follows {@code @odata.nextLink} (or another body path) until it is absent. */
  record NextLink(String nextLinkPath) implements Pagination {
    public NextLink {
      nextLinkPath = nextLinkPath == null ? "@odata.nextLink" : nextLinkPath;
    }
  }

  /** RFC 8288: follows the {@code Link} header's {@code rel="next"} until it is absent. */
  record LinkHeader() implements Pagination {}

  static Pagination none() {
    return new None();
  }
}
