package dev.junction.pipeline;

import dev.junction.config.ConnectionConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.SecretResolver;
import dev.junction.connect.CallObserver;
import dev.junction.connect.Connector;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds a {@link Runner} over a {@link JunctionConfig}. Connectors are created from the config's
 * connections on first use (with the given secrets, observer and clock) unless supplied. Defaults:
 * secrets from the environment, no call observer, no loader (records are mapped, validated and
 * counted, then dropped), batch size 500, window 512, each child's configured error policy.
 */
public final class RunnerBuilder {
  private final JunctionConfig config;
  private final Map<String, Connector> connectors = new HashMap<>();
  private Function<ConnectionConfig, Connector> factory;
  private SecretResolver secrets = SecretResolver.system();
  private CallObserver observer = CallObserver.none();
  private RecordLoader loader = (entity, records) -> dev.junction.store.UpsertResult.NONE;
  private InstantSource clock = InstantSource.system();
  private int batchSize = 500;
  private int window = 512;
  private OnChildFetchError onChildFetchError = OnChildFetchError.configured();

  RunnerBuilder(JunctionConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Uses {@code value} for the connection of its name (the runner does not close it). */
  public RunnerBuilder connector(Connector value) {
    connectors.put(value.name(), value);
    return this;
  }

  /** Creates the connectors of connections not given with {@link #connector}. */
  public RunnerBuilder connectorFactory(Function<ConnectionConfig, Connector> value) {
    this.factory = Objects.requireNonNull(value, "factory");
    return this;
  }

  public RunnerBuilder secrets(SecretResolver value) {
    this.secrets = Objects.requireNonNull(value, "secrets");
    return this;
  }

  /** Receives every call of the connectors the runner creates (e.g. the audit trail). */
  public RunnerBuilder observer(CallObserver value) {
    this.observer = Objects.requireNonNull(value, "observer");
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
    Function<ConnectionConfig, Connector> create =
        factory != null
            ? factory
            : cc -> Connector.builder(cc).secrets(secrets).observer(observer).clock(clock).build();
    return new PipelineRunner(
        config,
        Map.copyOf(connectors),
        create,
        loader,
        clock,
        batchSize,
        window,
        onChildFetchError);
  }
}
