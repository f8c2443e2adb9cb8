package dev.junction.config;

import java.util.List;
import java.util.Objects;

/**
 * A one-to-many relation from this entity to another (SalesOrder → lines): the target's {@code
 * foreignKey} fields hold this entity's key values, in key order.
 *
 * @param name navigation name (e.g. {@code lines})
 * @param entity target entity name
 * @param foreignKey fields of the target entity that reference this entity's key, in key order
 */
public record RelationConfig(
    @Required String name, @Required String entity, @Required List<String> foreignKey) {
  public RelationConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(entity, "entity");
    foreignKey = List.copyOf(foreignKey);
  }
}
