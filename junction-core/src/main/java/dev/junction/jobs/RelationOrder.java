package dev.junction.jobs;

import dev.junction.config.EntityConfig;
import dev.junction.config.RelationConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Orders entities so that the target of a relation (order lines) comes after its source. */
final class RelationOrder {
  private RelationOrder() {}

  /** {@code names} parents first, otherwise in the given order; a cycle keeps the given order. */
  static List<String> sort(List<String> names, Map<String, EntityConfig> configs) {
    Map<String, Set<String>> parents = new LinkedHashMap<>();
    for (String n : names) parents.put(n, new LinkedHashSet<>());
    for (String n : names) {
      EntityConfig e = configs.get(n);
      if (e == null) continue;
      for (RelationConfig r : e.relations()) {
        if (parents.containsKey(r.entity()) && !r.entity().equals(n)) {
          parents.get(r.entity()).add(n);
        }
      }
    }
    List<String> out = new ArrayList<>();
    Set<String> placed = new LinkedHashSet<>();
    boolean progress = true;
    while (placed.size() < parents.size() && progress) {
      progress = false;
      for (var entry : parents.entrySet()) {
        if (!placed.contains(entry.getKey()) && placed.containsAll(entry.getValue())) {
          placed.add(entry.getKey());
          out.add(entry.getKey());
          progress = true;
        }
      }
    }
    for (String n : parents.keySet()) if (!placed.contains(n)) out.add(n);
    return out;
  }
}
