package dev.junction.pipeline;

import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One record of the interleaved stream.
 *
 * @param integration name of the integration (root or child) the record came from
 * @param sortingOrder its sorting order
 * @param depth 0 for root records, 1 for children, 2 for grandchildren…
 * @param data the record (aggregation may add fields to root records)
 * @param parent the parent row's data, or {@code null} for root records
 * @param parentKey value at the child's Parent Key JSON Path in the parent, or {@code null}
 */
public record Row(
    String integration,
    int sortingOrder,
    int depth,
    ObjectNode data,
    ObjectNode parent,
    JsonNode parentKey) {
  public Row {
    Objects.requireNonNull(integration, "integration");
    Objects.requireNonNull(data, "data");
  }

  @Override
  public String toString() {
    return integration + (depth == 0 ? "" : "[" + depth + "]") + " " + data;
  }
}
