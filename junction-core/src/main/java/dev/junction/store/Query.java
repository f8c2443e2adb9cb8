package dev.junction.store;

import java.util.List;
import java.util.Objects;

/**
 * A streaming query over one entity.
 *
 * @param entity entity name
 * @param filter filter expression, or {@code null} for all records
 * @param order sort keys; the store appends the entity key (ascending) so every order is total and
 *     keyset continuation is exact
 * @param limit maximum number of records, {@code 0} for no limit
 * @param offset records to skip before the first returned one (prefer {@code after})
 * @param after keyset continuation: the sort-key values of the last record already seen (as
 *     returned by {@link RecordStore#continuation}), or {@code null} to start at the beginning
 */
public record Query(
    String entity, Expr filter, List<Order> order, int limit, long offset, List<Object> after) {

  public Query {
    Objects.requireNonNull(entity, "entity");
    order = order == null ? List.of() : List.copyOf(order);
    if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    if (offset < 0) throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    after =
        after == null
            ? null
            : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(after));
  }

  public static Query all(String entity) {
    return new Query(entity, null, List.of(), 0, 0, null);
  }

  public Query withFilter(Expr newFilter) {
    return new Query(entity, newFilter, order, limit, offset, after);
  }

  public Query withOrder(List<Order> newOrder) {
    return new Query(entity, filter, newOrder, limit, offset, after);
  }

  public Query withLimit(int newLimit) {
    return new Query(entity, filter, order, newLimit, offset, after);
  }

  public Query withOffset(long newOffset) {
    return new Query(entity, filter, order, limit, newOffset, after);
  }

  public Query after(List<Object> sortValues) {
    return new Query(entity, filter, order, limit, offset, sortValues);
  }

  /** One sort key. */
  public record Order(String field, boolean descending) {
    public Order {
      Objects.requireNonNull(field, "field");
    }

    public static Order asc(String field) {
      return new Order(field, false);
    }

    public static Order desc(String field) {
      return new Order(field, true);
    }
  }
}
