package dev.junction.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A local data concept: a key (possibly composite), typed fields, relations and a cache policy.
 *
 * @param name entity name (Customer, SalesOrder); also names its table
 * @param key names of the key fields, in order; each must be a field
 * @param fields all fields, key fields included
 * @param relations one-to-many relations to other entities
 * @param cache cache policy (default {@code REPLICA})
 * @param requireIfMatch true when writes through the APIs must carry {@code If-Match}
 */
public record EntityConfig(
    @Required String name,
    @Required List<String> key,
    @Required List<FieldConfig> fields,
    List<RelationConfig> relations,
    @Default("replica") CachePolicy cache,
    boolean requireIfMatch) {

  public EntityConfig {
    Objects.requireNonNull(name, "name");
    key = List.copyOf(key);
    fields = List.copyOf(fields);
    relations = relations == null ? List.of() : List.copyOf(relations);
    cache = cache == null ? CachePolicy.REPLICA : cache;
  }

  /** An entity with no relations, the default cache policy and optional If-Match. */
  public static EntityConfig of(String name, List<String> key, List<FieldConfig> fields) {
    return new EntityConfig(name, key, fields, List.of(), CachePolicy.REPLICA, false);
  }

  public Optional<FieldConfig> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }

  public List<FieldConfig> keyFields() {
    return key.stream().map(k -> field(k).orElseThrow()).toList();
  }
}
