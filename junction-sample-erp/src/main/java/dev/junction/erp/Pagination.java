package dev.junction.erp;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a list endpoint pages, and where its items sit in the response. Chosen per endpoint in the
 * builder ({@link SampleErp.Builder#pagination}) or per request with {@code ?paging=<id>}.
 */
public enum Pagination {
  /**
   * {@code $top} + {@code $skiptoken}; items in {@code value}; next page in
   * {@code @odata.nextLink}.
   */
  ODATA("odata"),
  /** {@code offset} + {@code limit}; items in {@code data}; {@code total} counts all matches. */
  OFFSET("offset"),
  /**
   * {@code page} (from 1) + {@code pageSize}; items under the collection name, e.g. {@code
   * customers}.
   */
  PAGE("page"),
  /**
   * Opaque {@code cursor} + {@code limit}; items in {@code result.items}; next in {@code
   * result.nextCursor}.
   */
  CURSOR("cursor"),
  /**
   * {@code limit} + opaque {@code after}; a bare JSON array; next page in an RFC 8288 {@code Link}
   * header.
   */
  LINK_HEADER("link");

  private final String id;

  Pagination(String id) {
    this.id = id;
  }

  /** The style's name in {@code ?paging=} and on the command line. */
  public String id() {
    return id;
  }

  /**
   * Finds a style by its {@link #id()}.
   *
   * @throws IllegalArgumentException naming the bad id and the valid ones
   */
  public static Pagination byId(String id) {
    for (Pagination p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "Unknown pagination '"
            + id
            + "'; valid styles are "
            + Arrays.stream(values()).map(Pagination::id).collect(Collectors.joining(", ")));
  }
}
