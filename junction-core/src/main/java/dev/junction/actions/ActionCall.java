package dev.junction.actions;

import dev.junction.config.ActionConfig;
import dev.junction.store.StoredRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One invocation of an action.
 *
 * @param action the action's declaration
 * @param target the record a bound action was called on, {@code null} for an unbound action
 * @param parameters parameter values by name, in the Java types of their declared field types
 * @param principal who called (the authenticated principal's name)
 * @param at when the call happened (from the server's clock)
 */
public record ActionCall(
    ActionConfig action,
    StoredRecord target,
    Map<String, Object> parameters,
    String principal,
    Instant at) {
  public ActionCall {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(principal, "principal");
    Objects.requireNonNull(at, "at");
    parameters =
        parameters == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    if (action.isBound() && target == null) {
      throw new IllegalArgumentException(
          "action '" + action.name() + "' is bound to " + action.boundTo() + " but has no target");
    }
  }
}
