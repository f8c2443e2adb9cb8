package dev.junction.config;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an endpoint hangs in a chain (NAV-X endpoint chaining). A root endpoint has Parent Endpoint
 * Sort Order 0; a child names its parent's sorting order and is called once per parent row with the
 * Child URL Template's {@code {{parent.<path>}}} placeholders filled from that row.
 *
 * @param parentEndpointSortOrder the parent's sorting order; 0 (default) for a root endpoint
 * @param parentKeyJsonPath path of the parent row's key, carried to the child rows
 * @param childUrlTemplate the child's path relative to the connection's base URL, e.g. {@code
 *     orders/{{parent.id}}/lines}
 * @param chainOrder order among siblings, lower first (default 0)
 * @param maxChildCalls most calls of this child per run (default 500)
 * @param onChildError what a failed child call does to the run (default {@code continue})
 */
public record ChainingConfig(
    @Default("0") @Min(0) int parentEndpointSortOrder,
    String parentKeyJsonPath,
    String childUrlTemplate,
    @Default("0") @Min(0) int chainOrder,
    @Default("500") @Positive int maxChildCalls,
    @Default("continue") OnChildError onChildError) {

  public static final int DEFAULT_MAX_CHILD_CALLS = 500;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]*?)\\s*}}");

  public ChainingConfig {
    maxChildCalls = maxChildCalls == 0 ? DEFAULT_MAX_CHILD_CALLS : maxChildCalls;
    onChildError = onChildError == null ? OnChildError.CONTINUE : onChildError;
  }

  /** A root endpoint. */
  public static ChainingConfig root() {
    return new ChainingConfig(0, null, null, 0, DEFAULT_MAX_CHILD_CALLS, OnChildError.CONTINUE);
  }

  public boolean isChild() {
    return parentEndpointSortOrder > 0;
  }

  /**
   * The expressions inside the template's {@code {{…}}} placeholders, in order, e.g. {@code
   * parent.id}.
   */
  public List<String> placeholders() {
    if (childUrlTemplate == null) return List.of();
    Matcher m = PLACEHOLDER.matcher(childUrlTemplate);
    return m.results().map(r -> r.group(1)).toList();
  }

  /** What a failed child call does. */
  public enum OnChildError {
    /** Log it to the audit trail and the run's warnings; go on with the next parent. */
    CONTINUE,
    /** Stop the run with an error. */
    STOP
  }
}
