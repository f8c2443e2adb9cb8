package dev.junction.pipeline;

import java.util.Objects;

/**
 * One secondary source merged into a primary integration's records.
 *
 * @param sourceEndpointSortingOrder sorting order of the source integration (a root REST
 *     integration with its own endpoint, not the primary itself)
 * @param joinType left or inner
 * @param primaryKeyJsonPath path of the key in a primary record
 * @param foreignKeyJsonPath path of the key in a source record
 * @param fetchOrder sources are fetched and merged by ascending fetch order
 */
public record AggregationSource(
    int sourceEndpointSortingOrder,
    JoinType joinType,
    String primaryKeyJsonPath,
    String foreignKeyJsonPath,
    int fetchOrder) {
  public AggregationSource {
    Objects.requireNonNull(joinType, "joinType");
    Objects.requireNonNull(primaryKeyJsonPath, "primaryKeyJsonPath");
    Objects.requireNonNull(foreignKeyJsonPath, "foreignKeyJsonPath");
    JsonPath.compile(primaryKeyJsonPath);
    JsonPath.compile(foreignKeyJsonPath);
  }
}
