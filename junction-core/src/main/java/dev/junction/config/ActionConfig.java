package dev.junction.config;

import java.util.List;
import java.util.Objects;

/**
 * An operation exposed through the APIs (an OData action), implemented by a Java handler registered
 * by name in {@code dev.junction.actions.Actions}.
 *
 * @param name action name as seen by clients (e.g. {@code approve})
 * @param boundTo entity the action is bound to (called on one record of it), or {@code null} for an
 *     unbound action
 * @param parameters parameters the caller passes (name and type; {@code required} is honoured)
 * @param returnsEntity entity whose record the action returns, or {@code null}
 * @param returnsType primitive type the action returns, or {@code null}; at most one of {@code
 *     returnsEntity} and {@code returnsType} is set, neither means no result
 * @param handler name of the registered handler (defaults to {@code name})
 */
public record ActionConfig(
    String name,
    String boundTo,
    List<FieldConfig> parameters,
    String returnsEntity,
    FieldType returnsType,
    String handler) {

  public ActionConfig {
    Objects.requireNonNull(name, "name");
    parameters = parameters == null ? List.of() : List.copyOf(parameters);
    if (returnsEntity != null && returnsType != null) {
      throw new IllegalArgumentException(
          "action '" + name + "' declares both returnsEntity and returnsType; keep one");
    }
    handler = handler == null || handler.isBlank() ? name : handler;
  }

  /** An action bound to {@code entity} that takes no parameters and returns the changed record. */
  public static ActionConfig bound(String name, String entity) {
    return new ActionConfig(name, entity, List.of(), entity, null, name);
  }

  public boolean isBound() {
    return boundTo != null;
  }
}
