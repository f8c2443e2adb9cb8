package dev.junction.actions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Action implementations by name (the {@code handler} of an action declaration). Immutable. */
public final class ActionRegistry {
  private final Map<String, Action> actions;

  private ActionRegistry(Map<String, Action> actions) {
    this.actions = Map.copyOf(actions);
  }

  /** An empty registry. */
  public static ActionRegistry empty() {
    return new ActionRegistry(Map.of());
  }

  /** The actions Junction ships: {@code approve} (see {@link BillOfMaterialsApproval}). */
  public static ActionRegistry standard() {
    return empty().with("approve", BillOfMaterialsApproval.defaults());
  }

  /**
   * This registry plus {@code action} under {@code name}.
   *
   * @throws IllegalArgumentException when {@code name} is already registered
   */
  public ActionRegistry with(String name, Action action) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(action, "action");
    if (actions.containsKey(name)) {
      throw new IllegalArgumentException(
          "an action named '" + name + "' is already registered; choose another name");
    }
    Map<String, Action> copy = new LinkedHashMap<>(actions);
    copy.put(name, action);
    return new ActionRegistry(copy);
  }

  public Optional<Action> find(String name) {
    return Optional.ofNullable(actions.get(name));
  }

  public Set<String> names() {
    return actions.keySet();
  }
}
