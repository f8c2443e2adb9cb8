package dev.junction.config;

import java.util.Objects;

/**
 * One source joined into a primary integration's rows (NAV-X data aggregation). The source's rows
 * are indexed by their Foreign Key JSON Path and joined to each primary row by its Primary Key JSON
 * Path; a source field whose name already exists on the primary is added as {@code _merged_<name>}.
 *
 * @param sourceEndpointSortingOrder sorting order of the source integration (a root endpoint)
 * @param joinType {@code left} (default; keeps every primary row) or {@code inner} (drops primary
 *     rows without a match)
 * @param primaryKeyJsonPath path of the join key in the primary row
 * @param foreignKeyJsonPath path of the join key in the source row
 * @param fetchOrder order among sources, lower first (default 0)
 */
public record AggregationSource(
    @Required @Positive int sourceEndpointSortingOrder,
    @Default("left") JoinType joinType,
    @Required String primaryKeyJsonPath,
    @Required String foreignKeyJsonPath,
    @Default("0") @Min(0) int fetchOrder) {

  public AggregationSource {
    joinType = joinType == null ? JoinType.LEFT : joinType;
    Objects.requireNonNull(primaryKeyJsonPath, "primaryKeyJsonPath");
    Objects.requireNonNull(foreignKeyJsonPath, "foreignKeyJsonPath");
  }

  /** How primary rows without a match are treated. */
  public enum JoinType {
    /** Keep every primary row. */
    LEFT,
    /** Drop primary rows with no match. */
    INNER
  }
}
