package dev.junction.jobs;

import dev.junction.packages.PackageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Requests as the JSON kept in the job table. */
final class Requests {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private Requests() {}

  static String toJson(ExportRequest r) {
    ObjectNode n = JSON.createObjectNode();
    r.entities().forEach(n.putArray("entities")::add);
    ObjectNode filters = n.putObject("filters");
    r.filters()
        .forEach(
            (entity, f) -> {
              ObjectNode o = filters.putObject(entity);
              f.forEach(o::put);
            });
    n.put("format", r.format().extension());
    n.put("incremental", r.incremental());
    if (r.definition() != null) n.put("definition", r.definition());
    return n.toString();
  }

  static ExportRequest export(String json) {
    JsonNode n = JSON.readTree(json);
    List<String> entities = new ArrayList<>();
    n.path("entities").forEach(e -> entities.add(e.asString()));
    Map<String, Map<String, String>> filters = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : n.path("filters").properties()) {
      Map<String, String> f = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> v : e.getValue().properties()) {
        f.put(v.getKey(), v.getValue().asString());
      }
      filters.put(e.getKey(), f);
    }
    return new ExportRequest(
        entities,
        filters,
        PackageFormat.parse(n.path("format").asString("csv")),
        n.path("incremental").asBoolean(false),
        n.hasNonNull("definition") ? n.get("definition").asString() : null);
  }

  static String toJson(ImportRequest r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("fileName", r.fileName());
    if (r.entity() != null) n.put("entity", r.entity());
    n.put("allOrNothing", r.allOrNothing());
    if (r.url() != null) {
      n.put("url", r.url().toString());
      n.put("connection", r.connection());
    }
    return n.toString();
  }

  static ImportRequest importRequest(String json) {
    JsonNode n = JSON.readTree(json);
    return new ImportRequest(
        n.path("fileName").asString(),
        n.hasNonNull("entity") ? n.get("entity").asString() : null,
        n.path("allOrNothing").asBoolean(false),
        n.hasNonNull("url") ? java.net.URI.create(n.get("url").asString()) : null,
        n.hasNonNull("connection") ? n.get("connection").asString() : null);
  }
}
