package dev.junction.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * Maps the rows of one integration of a chain (the root, a child, a grandchild) into one entity.
 *
 * @param entity entity name
 * @param fromSortingOrder whose rows: the sorting order of the root or of a child integration
 * @param fields field mappings; entity fields not listed stay null
 */
public record EntityMapping(String entity, int fromSortingOrder, List<FieldMapping> fields) {
  public EntityMapping {
    Objects.requireNonNull(entity, "entity");
    fields = List.copyOf(fields);
    if (fields.isEmpty())
      throw new IllegalArgumentException("mapping to '" + entity + "' has no fields");
  }
}
