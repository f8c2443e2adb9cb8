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
 * @param indexes secondary indexes of the entity's table, each a list of field names in order (for
 *     fields that queries filter or sort on); the key is always indexed
 */
public record EntityConfig(
    @Required String name,
    @Required List<String> key,
    @Required List<FieldConfig> fields,
    List<RelationConfig> relations,
    @Default("replica") CachePolicy cache,
    boolean requireIfMatch,
    List<List<String>> indexes) {

  public EntityConfig {
    indexes = indexes == null ? List.of() : indexes.stream().map(List::copyOf).toList();
    Objects.requireNonNull(name, "name");
    key = List.copyOf(key);
    fields = List.copyOf(fields);
    relations = relations == null ? List.of() : List.copyOf(relations);
    cache = cache == null ? CachePolicy.REPLICA : cache;
  }

  /** An entity with no relations, the default cache policy and optional If-Match. */
  public static EntityConfig of(String name, List<String> key, List<FieldConfig> fields) {
    return new EntityConfig(name, key, fields, List.of(), CachePolicy.REPLICA, false, List.of());
  }

  /** An entity without secondary indexes. */
  public EntityConfig(
      String name,
      List<String> key,
      List<FieldConfig> fields,
      List<RelationConfig> relations,
      CachePolicy cache,
      boolean requireIfMatch) {
    this(name, key, fields, relations, cache, requireIfMatch, List.of());
  }

  /** This entity with {@code indexes} as its secondary indexes. */
  public EntityConfig withIndexes(List<List<String>> indexes) {
    return new EntityConfig(name, key, fields, relations, cache, requireIfMatch, indexes);
  }

  public Optional<FieldConfig> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }

  public List<FieldConfig> keyFields() {
    return key.stream().map(k -> field(k).orElseThrow()).toList();
  }
}
