package dev.junction.pipeline;

import dev.junction.config.EntityConfig;
import dev.junction.connect.Connector;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds a {@link Runner}. Defaults: batch size 500, window 512 parents in flight, system clock,
 * each child endpoint's own error policy.
 */
public final class RunnerBuilder {
  private final List<Integration> integrations = new ArrayList<>();
  private final Map<String, Connector> connectors = new HashMap<>();
  private Function<String, Connector> connectorLookup;
  private final Map<String, EntityConfig> entities = new HashMap<>();
  private RecordLoader loader = (entity, records) -> dev.junction.store.UpsertResult.NONE;
  private InstantSource clock = InstantSource.system();
  private int batchSize = 500;
  private int window = 512;
  private OnChildFetchError onChildFetchError = OnChildFetchError.configured();

  RunnerBuilder() {}

  public RunnerBuilder integrations(Collection<Integration> values) {
    integrations.addAll(values);
    return this;
  }

  public RunnerBuilder integration(Integration value) {
    integrations.add(Objects.requireNonNull(value, "integration"));
    return this;
  }

  /** A connector, found by its {@link Connector#name()}. */
  public RunnerBuilder connector(Connector value) {
    connectors.put(value.name(), value);
    return this;
  }

  /** Finds connectors by connection name (instead of, or after, those added one by one). */
  public RunnerBuilder connectors(Function<String, Connector> lookup) {
    this.connectorLookup = Objects.requireNonNull(lookup, "lookup");
    return this;
  }

  public RunnerBuilder entities(Collection<EntityConfig> values) {
    for (EntityConfig e : values) entities.put(e.name(), e);
    return this;
  }

  public RunnerBuilder loader(RecordLoader value) {
    this.loader = Objects.requireNonNull(value, "loader");
    return this;
  }

  public RunnerBuilder clock(InstantSource value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  /** Records per upsert batch. */
  public RunnerBuilder batchSize(int value) {
    if (value < 1) throw new IllegalArgumentException("batchSize must be >= 1, was " + value);
    this.batchSize = value;
    return this;
  }

  /** Root records whose children may be in flight at once (bounds memory; default 512). */
  public RunnerBuilder window(int value) {
    if (value < 1) throw new IllegalArgumentException("window must be >= 1, was " + value);
    this.window = value;
    return this;
  }

  /** Hook deciding what a failed child fetch does (default: the child's configured policy). */
  public RunnerBuilder onChildFetchError(OnChildFetchError value) {
    this.onChildFetchError = Objects.requireNonNull(value, "onChildFetchError");
    return this;
  }

  public Runner build() {
    Map<String, Integration> byName = new HashMap<>();
    Map<Integer, Integration> bySortingOrder = new HashMap<>();
    for (Integration i : integrations) {
      if (byName.put(i.name(), i) != null)
        throw new PipelineException("Integration name '" + i.name() + "' is used twice");
      Integration other = bySortingOrder.put(i.sortingOrder(), i);
      if (other != null)
        throw new PipelineException(
            "Sorting order "
                + i.sortingOrder()
                + " is used by both '"
                + other.name()
                + "' and '"
                + i.name()
                + "'");
    }
    for (Integration i : integrations) {
      if (i.isChild() && !bySortingOrder.containsKey(i.parentEndpointSortOrder()))
        throw new PipelineException(
            "Child endpoint '"
                + i.name()
                + "' names parent sorting order "
                + i.parentEndpointSortOrder()
                + ", which no integration has");
      ChildUrlTemplate.compile(i.childUrlTemplate() == null ? "" : i.childUrlTemplate());
    }
    Map<String, Connector> fixed = Map.copyOf(connectors);
    Function<String, Connector> lookup = connectorLookup;
    Function<String, Connector> resolve =
        name -> {
          Connector c = fixed.get(name);
          if (c == null && lookup != null) c = lookup.apply(name);
          if (c == null) throw new PipelineException("Connection '" + name + "' is not configured");
          return c;
        };
    return new PipelineRunner(
        Map.copyOf(byName),
        Map.copyOf(bySortingOrder),
        resolve,
        Map.copyOf(entities),
        loader,
        clock,
        batchSize,
        window,
        onChildFetchError);
  }
}
