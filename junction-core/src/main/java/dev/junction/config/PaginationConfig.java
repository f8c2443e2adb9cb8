package dev.junction.config;

/**
 * How an endpoint pages, chosen by {@code type}. Every style stops on an empty page and after
 * {@link #maxPages()} pages (a guard against servers that never stop); link-based styles also stop
 * when there is no next link or cursor, and number-based styles on a page shorter than {@code
 * pageSize} unless {@code stopOnShortPage} is false.
 */
public sealed interface PaginationConfig
    permits PaginationConfig.None,
        PaginationConfig.ODataNextLink,
        PaginationConfig.Offset,
        PaginationConfig.Page,
        PaginationConfig.Cursor,
        PaginationConfig.LinkHeader {

  /** Default page guard. */
  int DEFAULT_MAX_PAGES = 10_000;

  /** The most pages one endpoint call sequence fetches. */
  int maxPages();

  /** One request, no paging. */
  @TypeName("none")
  record None() implements PaginationConfig {
    @Override
    public int maxPages() {
      return 1;
    }
  }

  /**
   * OData: follow the next link in the body.
   *
   * @param nextLinkPath where the next link is in the body (default {@code @odata.nextLink})
   */
  @TypeName("odataNextLink")
  record ODataNextLink(
      @Default("@odata.nextLink") String nextLinkPath, @Default("10000") @Positive int maxPages)
      implements PaginationConfig {}

  /**
   * {@code ?offset=0&limit=100}, then {@code offset=100} …
   *
   * @param offsetParam name of the offset parameter (default {@code offset})
   * @param limitParam name of the limit parameter (default {@code limit})
   * @param pageSize records per page (default 100)
   */
  @TypeName("offset")
  record Offset(
      @Default("offset") String offsetParam,
      @Default("limit") String limitParam,
      @Default("100") @Positive int pageSize,
      @Default("10000") @Positive int maxPages,
      @Default("true") boolean stopOnShortPage)
      implements PaginationConfig {}

  /**
   * {@code ?page=1&pageSize=100}, then {@code page=2} …
   *
   * @param pageParam name of the page-number parameter (default {@code page})
   * @param sizeParam name of the page-size parameter (default {@code pageSize})
   * @param firstPage number of the first page (default 1)
   */
  @TypeName("page")
  record Page(
      @Default("page") String pageParam,
      @Default("pageSize") String sizeParam,
      @Default("1") @Min(0) int firstPage,
      @Default("100") @Positive int pageSize,
      @Default("10000") @Positive int maxPages,
      @Default("true") boolean stopOnShortPage)
      implements PaginationConfig {}

  /**
   * An opaque cursor read from the body and sent back as a parameter.
   *
   * @param cursorParam name of the cursor parameter (default {@code cursor})
   * @param nextCursorPath where the next cursor is in the body (e.g. {@code meta.nextCursor})
   * @param sizeParam name of the page-size parameter, or null to send none
   */
  @TypeName("cursor")
  record Cursor(
      @Default("cursor") String cursorParam,
      @Required String nextCursorPath,
      String sizeParam,
      @Default("100") @Positive int pageSize,
      @Default("10000") @Positive int maxPages)
      implements PaginationConfig {}

  /**
   * RFC 8288 {@code Link} header with {@code rel="next"}.
   *
   * @param rel the relation to follow (default {@code next})
   */
  @TypeName("linkHeader")
  record LinkHeader(@Default("next") String rel, @Default("10000") @Positive int maxPages)
      implements PaginationConfig {}
}
