package dev.junction.config;

import static dev.junction.config.Problems.known;
import static dev.junction.config.Problems.quote;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Semantic checks of integrations: unique names and sorting orders, references to connections,
 * parents, aggregation sources, entities and fields, chains and dependencies without loops.
 */
final class IntegrationValidator {
  private static final Pattern API_VERSION = Pattern.compile("v\\d+(\\.\\d+)*");
  private static final Pattern CRON_FIELD = Pattern.compile("[0-9A-Za-z*/,?#LW-]+");

  private final Problems p;
  private final MappingValidator mappingRules;

  IntegrationValidator(Problems p) {
    this.p = p;
    this.mappingRules = new MappingValidator(p);
  }

  void validate(JunctionConfig c) {
    List<IntegrationConfig> all = c.integrations();
    boolean complete = !p.incomplete(c, "integrations");
    p.unique(
        all,
        IntegrationConfig::name,
        "name",
        (prior, where) ->
            "duplicate integration name " + quote(prior.name()) + " (first at " + where + ")");
    Map<Integer, IntegrationConfig> bySortingOrder =
        p.unique(
            all,
            IntegrationConfig::sortingOrder,
            "sortingOrder",
            (prior, where) ->
                "duplicate sortingOrder "
                    + prior.sortingOrder()
                    + " (also used by integration "
                    + quote(prior.name())
                    + " at "
                    + where
                    + ")");
    Context ctx =
        new Context(
            c,
            new TreeMap<>(bySortingOrder),
            complete,
            !p.incomplete(c, "connections"),
            !p.incomplete(c, "entities"));
    for (IntegrationConfig i : all) {
      if (!Problems.NAME.matcher(i.name()).matches()) {
        p.at(i, "name", ModelValidator.badName(i.name()));
      }
      connection(i, ctx);
      endpoint(i);
      chaining(i, ctx);
      aggregation(i, ctx);
      mappingRules.validate(i, ctx);
      if (i.schedule() != null) schedule(p, i.schedule());
      syncApi(i);
    }
    if (complete) dependencies(all);
  }

  /** What every check of one integration may consult. */
  record Context(
      JunctionConfig config,
      TreeMap<Integer, IntegrationConfig> bySortingOrder,
      boolean allIntegrations,
      boolean allConnections,
      boolean allEntities) {}

  private void connection(IntegrationConfig i, Context ctx) {
    if (ctx.allConnections() && ctx.config().connection(i.connection()).isEmpty()) {
      p.at(
          i,
          "connection",
          "unknown connection "
              + quote(i.connection())
              + known(ctx.config().connections().stream().map(ConnectionConfig::name).toList()));
    }
  }

  private void endpoint(IntegrationConfig i) {
    EndpointConfig e = i.endpoint();
    if (i.isChild()) {
      if (e.path() != null) {
        p.at(
            e,
            "path",
            "a child endpoint takes its URL from chaining.childUrlTemplate; remove endpoint.path");
      }
    } else if (e.path() == null || e.path().isBlank()) {
      p.at(
          i,
          "endpoint",
          "missing required key 'path' (a root endpoint needs one; a child endpoint sets"
              + " chaining.parentEndpointSortOrder and chaining.childUrlTemplate)");
    } else {
      relativePath(e, "path", e.path());
    }
    if (!e.dataPath().isEmpty() && !Problems.JSON_PATH.matcher(e.dataPath()).matches()) {
      p.at(e, "dataPath", badPath(e.dataPath()));
    }
  }

  private void relativePath(Object record, String component, String path) {
    String probe = path.replaceAll("\\{\\{[^}]*}}", "x");
    boolean absolute;
    try {
      URI u = new URI(probe);
      absolute = u.isAbsolute() || u.getRawAuthority() != null || probe.startsWith("//");
    } catch (URISyntaxException ex) {
      p.at(record, component, "not a valid URL path: " + quote(path) + " (" + ex.getReason() + ")");
      return;
    }
    if (absolute) {
      String shown = path.contains("@") ? "" : ", got " + quote(path);
      p.at(
          record,
          component,
          "must be a path relative to the connection's baseUrl, not an absolute URL" + shown);
    }
  }

  private void chaining(IntegrationConfig i, Context ctx) {
    ChainingConfig ch = i.chaining();
    if (!ch.isChild()) {
      if (ch.childUrlTemplate() != null) {
        p.at(
            ch,
            "childUrlTemplate",
            "only a child endpoint (parentEndpointSortOrder > 0) has a childUrlTemplate");
      }
      if (ch.parentKeyJsonPath() != null) {
        p.at(
            ch,
            "parentKeyJsonPath",
            "only a child endpoint (parentEndpointSortOrder > 0) has a parentKeyJsonPath");
      }
      return;
    }
    if (i.schedule() != null) {
      p.at(i, "schedule", "a child endpoint runs under its parent and cannot have a schedule");
    }
    if (ch.parentEndpointSortOrder() == i.sortingOrder()) {
      p.at(ch, "parentEndpointSortOrder", "an endpoint cannot be its own parent");
    } else if (ctx.allIntegrations()
        && !ctx.bySortingOrder().containsKey(ch.parentEndpointSortOrder())) {
      p.at(
          ch,
          "parentEndpointSortOrder",
          "no integration has sortingOrder "
              + ch.parentEndpointSortOrder()
              + known(ctx.bySortingOrder().keySet()));
    } else if (ctx.allIntegrations()) {
      List<Integer> loop = parentLoop(i, ctx);
      if (!loop.isEmpty()) {
        p.at(
            ch,
            "parentEndpointSortOrder",
            "the parent chain loops: "
                + String.join(" -> ", loop.stream().map(String::valueOf).toList()));
      }
    }
    if (ch.parentKeyJsonPath() == null) {
      p.at(ch, "missing required key 'parentKeyJsonPath' (a child endpoint needs one)");
    } else if (!Problems.JSON_PATH.matcher(ch.parentKeyJsonPath()).matches()) {
      p.at(ch, "parentKeyJsonPath", badPath(ch.parentKeyJsonPath()));
    }
    if (ch.childUrlTemplate() == null) {
      p.at(ch, "missing required key 'childUrlTemplate' (a child endpoint needs one)");
      return;
    }
    String t = ch.childUrlTemplate();
    if (t.replaceAll("\\{\\{[^}]*}}", "").contains("{{")
        || t.replaceAll("\\{\\{[^}]*}}", "").contains("}}")) {
      p.at(ch, "childUrlTemplate", "unbalanced '{{' or '}}' in " + quote(t));
      return;
    }
    for (String ph : ch.placeholders()) {
      if (!ph.startsWith("parent.")
          || !Problems.JSON_PATH.matcher(ph.substring("parent.".length())).matches()) {
        p.at(
            ch,
            "childUrlTemplate",
            "bad placeholder {{" + ph + "}}; use {{parent.<path>}} such as {{parent.id}}");
      }
    }
    relativePath(ch, "childUrlTemplate", t);
  }

  /** The loop of sorting orders when following parents from {@code i} never reaches a root. */
  private static List<Integer> parentLoop(IntegrationConfig i, Context ctx) {
    List<Integer> seen = new ArrayList<>();
    IntegrationConfig cur = i;
    while (cur != null && cur.isChild()) {
      if (seen.contains(cur.sortingOrder())) {
        seen.add(cur.sortingOrder());
        return seen.get(0) == i.sortingOrder() ? seen : List.of();
      }
      seen.add(cur.sortingOrder());
      cur = ctx.bySortingOrder().get(cur.chaining().parentEndpointSortOrder());
    }
    return List.of();
  }

  private void aggregation(IntegrationConfig i, Context ctx) {
    Set<Integer> seen = new HashSet<>();
    for (AggregationSource a : i.aggregation()) {
      int so = a.sourceEndpointSortingOrder();
      if (so == i.sortingOrder()) {
        p.at(
            a,
            "sourceEndpointSortingOrder",
            "Cannot reference the same integration as the primary endpoint");
      } else if (!seen.add(so)) {
        p.at(a, "sourceEndpointSortingOrder", "source " + so + " is listed twice");
      } else if (ctx.allIntegrations()) {
        IntegrationConfig source = ctx.bySortingOrder().get(so);
        if (source == null) {
          p.at(
              a,
              "sourceEndpointSortingOrder",
              "no integration has sortingOrder " + so + known(ctx.bySortingOrder().keySet()));
        } else if (source.isChild()) {
          p.at(
              a,
              "sourceEndpointSortingOrder",
              "integration "
                  + quote(source.name())
                  + " ("
                  + so
                  + ") is a child endpoint; a source must be a REST integration with its own"
                  + " endpoint");
        }
      }
      if (!Problems.JSON_PATH.matcher(a.primaryKeyJsonPath()).matches()) {
        p.at(a, "primaryKeyJsonPath", badPath(a.primaryKeyJsonPath()));
      }
      if (!Problems.JSON_PATH.matcher(a.foreignKeyJsonPath()).matches()) {
        p.at(a, "foreignKeyJsonPath", badPath(a.foreignKeyJsonPath()));
      }
    }
  }

  /** Checks a schedule: cron or interval (exactly one), the cron's fields, the time zone. */
  static void schedule(Problems p, ScheduleConfig s) {
    if (s.cron() != null && s.interval() != null) {
      p.at(s, "give either cron or interval, not both");
    } else if (s.cron() == null && s.interval() == null) {
      p.at(s, "missing required key 'cron' or 'interval'");
    } else if (s.cron() != null) {
      String[] fields = s.cron().strip().split("\\s+");
      if (fields.length != 5 && fields.length != 6) {
        p.at(
            s,
            "cron",
            "a cron expression has 5 fields (6 with seconds first), got "
                + fields.length
                + " in "
                + quote(s.cron()));
      } else {
        for (String f : fields) {
          if (!CRON_FIELD.matcher(f).matches()) {
            p.at(s, "cron", "bad cron field " + quote(f) + " in " + quote(s.cron()));
            break;
          }
        }
      }
    }
    try {
      ZoneId.of(s.timeZone());
    } catch (DateTimeException e) {
      p.at(s, "timeZone", "unknown time zone " + quote(s.timeZone()));
    }
  }

  private void syncApi(IntegrationConfig i) {
    SyncApiConfig s = i.syncApi();
    if (!API_VERSION.matcher(s.apiVersion()).matches()) {
      p.at(s, "apiVersion", "expected a version such as v2.0, got " + quote(s.apiVersion()));
    }
    p.unique(
        s.fields(),
        SyncApiConfig.Field::name,
        "name",
        (prior, where) ->
            "duplicate field name " + quote(prior.name()) + " (first at " + where + ")");
    for (SyncApiConfig.Field f : s.fields()) {
      if (!Problems.JSON_PATH.matcher(f.source()).matches()) p.at(f, "source", badPath(f.source()));
    }
  }

  private void dependencies(List<IntegrationConfig> all) {
    Map<String, IntegrationConfig> byName = new HashMap<>();
    for (IntegrationConfig i : all) byName.putIfAbsent(i.name(), i);
    for (IntegrationConfig i : all) {
      for (int d = 0; d < i.dependsOn().size(); d++) {
        String dep = i.dependsOn().get(d);
        if (dep.equals(i.name())) {
          p.at(i, "dependsOn", d, "an integration cannot depend on itself");
        } else if (!byName.containsKey(dep)) {
          p.at(
              i,
              "dependsOn",
              d,
              "unknown integration "
                  + quote(dep)
                  + known(byName.keySet().stream().sorted().toList()));
        }
      }
    }
    Set<String> reported = new HashSet<>();
    for (IntegrationConfig i : all) {
      List<String> cycle = cycleFrom(i, byName, new LinkedHashSet<>());
      if (!cycle.isEmpty() && reported.add(new java.util.TreeSet<>(cycle).toString())) {
        p.at(i, "dependsOn", "dependency cycle: " + String.join(" -> ", cycle));
      }
    }
  }

  /** A cycle that starts and ends at {@code start}, or empty. */
  private static List<String> cycleFrom(
      IntegrationConfig start, Map<String, IntegrationConfig> byName, LinkedHashSet<String> path) {
    path.add(start.name());
    for (String dep : start.dependsOn()) {
      if (dep.equals(start.name())) continue;
      if (dep.equals(path.getFirst())) {
        List<String> cycle = new ArrayList<>(path);
        cycle.add(dep);
        return cycle;
      }
      IntegrationConfig next = byName.get(dep);
      if (next != null && !path.contains(dep)) {
        List<String> c = cycleFrom(next, byName, path);
        if (!c.isEmpty()) return c;
      }
    }
    path.remove(start.name());
    return List.of();
  }

  static String badPath(String path) {
    return "bad JSON path "
        + quote(path)
        + "; use dotted names with optional [n] indexes, e.g. result.items or $.lines[0].sku";
  }
}
