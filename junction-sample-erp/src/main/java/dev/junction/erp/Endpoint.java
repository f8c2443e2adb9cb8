package dev.junction.erp;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The sample ERP's endpoints, by which faults, pagination and stats are set and counted. Each has a
 * stable {@link #id()} used on the command line and the admin API, and a default pagination style
 * (chosen so that the styles and response data paths vary across endpoints).
 */
public enum Endpoint {
  CUSTOMERS("customers", "customers", Pagination.OFFSET),
  BALANCES("balances", "balances", Pagination.PAGE),
  PRODUCTS("products", "products", Pagination.ODATA),
  ORDERS("orders", "orders", Pagination.CURSOR),
  ORDER_LINES("order-lines", "lines", Pagination.LINK_HEADER),
  INVENTORY_A("inventory-a", "inventory", Pagination.OFFSET),
  INVENTORY_B("inventory-b", "inventory", Pagination.PAGE),
  INVENTORY_C("inventory-c", "inventory", Pagination.CURSOR),
  CONTRACTS("contracts", "contracts", Pagination.LINK_HEADER),
  BOMS("boms", "boms", Pagination.ODATA),
  DELETIONS("deletions", "deletions", Pagination.CURSOR),
  TOKEN("token", "token", Pagination.OFFSET);

  private final String id;
  private final String collection;
  private final Pagination defaultPagination;

  Endpoint(String id, String collection, Pagination defaultPagination) {
    this.id = id;
    this.collection = collection;
    this.defaultPagination = defaultPagination;
  }

  /** The endpoint's name on the command line, in the admin API and in stats. */
  public String id() {
    return id;
  }

  /** The JSON property that holds the items under {@link Pagination#PAGE} pagination. */
  public String collection() {
    return collection;
  }

  /** The pagination used when neither the builder nor the request's {@code paging} chooses. */
  public Pagination defaultPagination() {
    return defaultPagination;
  }

  /**
   * Finds an endpoint by its {@link #id()}.
   *
   * @throws IllegalArgumentException naming the bad id and the valid ones
   */
  public static Endpoint byId(String id) {
    for (Endpoint e : values()) {
      if (e.id.equals(id)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "Unknown sample ERP endpoint '"
            + id
            + "'; valid endpoints are "
            + Arrays.stream(values()).map(Endpoint::id).collect(Collectors.joining(", ")));
  }
}
