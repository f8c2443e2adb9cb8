package dev.junction.config;

import static dev.junction.config.Problems.known;
import static dev.junction.config.Problems.quote;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Semantic checks of the batch data API's export definitions and recurring integrations: names, the
 * entities and fields they name, formats, and the export definition and schedule of each recurring
 * integration.
 */
final class BatchValidator {
  private static final Set<String> FORMATS = Set.of("csv", "jsonl");

  private final Problems p;

  BatchValidator(Problems p) {
    this.p = p;
  }

  void validate(JunctionConfig c) {
    Map<String, ExportDefinitionConfig> exports =
        p.unique(
            c.exportDefinitions(),
            ExportDefinitionConfig::name,
            "name",
            (prior, where) ->
                "duplicate export definition " + quote(prior.name()) + " (first at " + where + ")");
    for (ExportDefinitionConfig d : c.exportDefinitions()) export(c, d);
    p.unique(
        c.recurringIntegrations(),
        RecurringConfig::activityId,
        "activityId",
        (prior, where) ->
            "duplicate recurring activity "
                + quote(prior.activityId())
                + " (first at "
                + where
                + ")");
    for (RecurringConfig r : c.recurringIntegrations()) {
      if (!Problems.NAME.matcher(r.activityId()).matches()) {
        p.at(r, "activityId", ModelValidator.badName(r.activityId()));
      }
      if (r.exportDefinition() != null && !exports.containsKey(r.exportDefinition())) {
        p.at(
            r,
            "exportDefinition",
            "unknown export definition "
                + quote(r.exportDefinition())
                + known(exports.keySet().stream().sorted().toList()));
      }
      if (r.schedule() != null) {
        if (r.exportDefinition() == null) {
          p.at(r, "schedule", "a schedule runs an export: set 'exportDefinition' too");
        }
        IntegrationValidator.schedule(p, r.schedule());
      }
    }
  }

  private void export(JunctionConfig c, ExportDefinitionConfig d) {
    if (!Problems.NAME.matcher(d.name()).matches()) {
      p.at(d, "name", ModelValidator.badName(d.name()));
    }
    List<String> entityNames = c.entities().stream().map(EntityConfig::name).toList();
    if (d.entities().isEmpty())
      p.at(d, "entities", "an export definition names 1 or more entities");
    for (int i = 0; i < d.entities().size(); i++) {
      String e = d.entities().get(i);
      if (c.entity(e).isEmpty()) {
        p.at(d, "entities", i, "unknown entity " + quote(e) + known(entityNames));
      }
    }
    for (var f : d.filters().entrySet()) {
      if (!d.entities().contains(f.getKey())) {
        p.at(
            d,
            "filters",
            "filter for " + quote(f.getKey()) + ", which is not one of the exported entities");
        continue;
      }
      c.entity(f.getKey())
          .ifPresent(
              entity -> {
                for (String field : f.getValue().keySet()) {
                  if (entity.field(field).isEmpty()) {
                    p.at(
                        d,
                        "filters",
                        "unknown field "
                            + quote(field)
                            + " of entity "
                            + quote(entity.name())
                            + known(entity.fields().stream().map(FieldConfig::name).toList()));
                  }
                }
              });
    }
    if (!FORMATS.contains(d.format())) {
      p.at(d, "format", "unknown format " + quote(d.format()) + "; use csv or jsonl");
    }
  }
}
