package dev.junction.config;

import java.util.List;
import java.util.Map;

/**
 * A named export of the batch data API, defined in config (the same as {@code PUT
 * /api/data/definitions/{name}}); an incremental export of it remembers what it exported.
 *
 * @param name definition name (letters, digits, {@code . _ -})
 * @param entities the entities it exports, in relation order when it runs
 * @param filters per entity, field → value equality filters
 * @param format {@code csv} or {@code jsonl}
 */
public record ExportDefinitionConfig(
    @Required String name,
    @Required List<String> entities,
    Map<String, Map<String, String>> filters,
    @Default("csv") String format) {
  public ExportDefinitionConfig {
    entities = entities == null ? List.of() : List.copyOf(entities);
    filters = filters == null ? Map.of() : filters;
    format = format == null ? "csv" : format;
  }
}
