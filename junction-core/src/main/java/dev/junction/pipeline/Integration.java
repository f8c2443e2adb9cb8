package dev.junction.pipeline;

import java.util.List;
import java.util.Objects;

/**
 * A runnable flow (root) or a child endpoint of one, in the NAV-X vocabulary.
 *
 * @param name unique name
 * @param sortingOrder unique positive number
 * @param connection connection the calls go through
 * @param endpoint path (roots), data path, pagination, max pages
 * @param parentEndpointSortOrder 0 for a root; for a child, its parent's sorting order
 * @param parentKeyJsonPath (children) path of the parent's key in the parent row; its value is
 *     carried on each child row as {@link Row#parentKey()}
 * @param childUrlTemplate (children) path with {@code {{parent.<path>}}} placeholders
 * @param chainOrder (children) order among siblings, lower first
 * @param maxChildCalls (children) fetches of this child per run, default 500
 * @param onChildError (children) what a failed fetch of this child does, default CONTINUE
 * @param sources (roots) aggregation sources
 * @param mappings (roots) mappings of the chain's rows into entities
 */
public record Integration(
    String name,
    int sortingOrder,
    String connection,
    Endpoint endpoint,
    int parentEndpointSortOrder,
    String parentKeyJsonPath,
    String childUrlTemplate,
    int chainOrder,
    int maxChildCalls,
    ErrorPolicy onChildError,
    List<AggregationSource> sources,
    List<EntityMapping> mappings) {

  public static final int DEFAULT_MAX_CHILD_CALLS = 500;

  public Integration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(endpoint, "endpoint");
    if (sortingOrder < 1)
      throw new IllegalArgumentException(
          "integration '" + name + "': sortingOrder must be >= 1, was " + sortingOrder);
    if (parentEndpointSortOrder < 0)
      throw new IllegalArgumentException(
          "integration '" + name + "': parentEndpointSortOrder must be >= 0");
    if (parentEndpointSortOrder != 0 && childUrlTemplate == null)
      throw new IllegalArgumentException(
          "integration '" + name + "' is a child endpoint but has no childUrlTemplate");
    maxChildCalls = maxChildCalls <= 0 ? DEFAULT_MAX_CHILD_CALLS : maxChildCalls;
    onChildError = onChildError == null ? ErrorPolicy.CONTINUE : onChildError;
    sources = sources == null ? List.of() : List.copyOf(sources);
    mappings = mappings == null ? List.of() : List.copyOf(mappings);
    if (parentKeyJsonPath != null) JsonPath.compile(parentKeyJsonPath);
  }

  /** A root integration. */
  public static Integration root(
      String name, int sortingOrder, String connection, Endpoint endpoint) {
    return new Integration(
        name, sortingOrder, connection, endpoint, 0, null, null, 0, 0, null, List.of(), List.of());
  }

  /** A child endpoint of {@code parentSortingOrder}. */
  public static Integration child(
      String name,
      int sortingOrder,
      String connection,
      int parentSortingOrder,
      String parentKeyJsonPath,
      String childUrlTemplate,
      int chainOrder,
      Endpoint endpoint) {
    return new Integration(
        name,
        sortingOrder,
        connection,
        endpoint,
        parentSortingOrder,
        parentKeyJsonPath,
        childUrlTemplate,
        chainOrder,
        0,
        null,
        List.of(),
        List.of());
  }

  public boolean isChild() {
    return parentEndpointSortOrder != 0;
  }

  public Integration withMaxChildCalls(int n) {
    return new Integration(
        name,
        sortingOrder,
        connection,
        endpoint,
        parentEndpointSortOrder,
        parentKeyJsonPath,
        childUrlTemplate,
        chainOrder,
        n,
        onChildError,
        sources,
        mappings);
  }

  public Integration withOnChildError(ErrorPolicy policy) {
    return new Integration(
        name,
        sortingOrder,
        connection,
        endpoint,
        parentEndpointSortOrder,
        parentKeyJsonPath,
        childUrlTemplate,
        chainOrder,
        maxChildCalls,
        policy,
        sources,
        mappings);
  }

  public Integration withSources(List<AggregationSource> newSources) {
    return new Integration(
        name,
        sortingOrder,
        connection,
        endpoint,
        parentEndpointSortOrder,
        parentKeyJsonPath,
        childUrlTemplate,
        chainOrder,
        maxChildCalls,
        onChildError,
        newSources,
        mappings);
  }

  public Integration withMappings(List<EntityMapping> newMappings) {
    return new Integration(
        name,
        sortingOrder,
        connection,
        endpoint,
        parentEndpointSortOrder,
        parentKeyJsonPath,
        childUrlTemplate,
        chainOrder,
        maxChildCalls,
        onChildError,
        sources,
        newMappings);
  }
}
