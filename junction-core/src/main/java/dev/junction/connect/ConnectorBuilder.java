package dev.junction.connect;

import dev.junction.config.AuthConfig;
import dev.junction.config.ConnectionConfig;
import dev.junction.config.RateLimitConfig;
import dev.junction.config.RetryConfig;
import dev.junction.config.SecretRef;
import dev.junction.config.SecretResolver;
import dev.junction.config.StatusRule;
import dev.junction.config.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a {@link Connector} from a {@link ConnectionConfig} (auth, TLS trust store, timeouts,
 * retry, rate limit, max concurrency, status rules) plus the runtime parts a config cannot hold:
 * the secret resolver, clock, sleeper and call observer. Secrets are resolved once, at {@link
 * #build()}, so a missing secret fails there, naming its reference (never its value).
 */
public final class ConnectorBuilder {
  private final ConnectionConfig base;
  // Overrides of the config's settings; null keeps the config's value.
  private AuthConfig auth;
  private Duration requestTimeout;
  private RetryConfig retry;
  private RateLimitConfig rateLimit;
  private Integer maxConcurrency;
  private List<StatusRule> statusRules;
  private SecretResolver secrets = SecretResolver.system();
  private KeyStore trustStore;
  private CallObserver observer = CallObserver.none();
  private InstantSource clock = InstantSource.system();
  private Sleeper sleeper = Sleeper.system();
  private final List<Interceptor> extra = new ArrayList<>();

  ConnectorBuilder(ConnectionConfig config) {
    this.base = Objects.requireNonNull(config, "config");
    String scheme = config.baseUrl().getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || config.baseUrl().getHost() == null) {
      throw new IllegalArgumentException(
          "Connection '"
              + config.name()
              + "': baseUrl must be an http(s) URL with a host, was "
              + config.baseUrl());
    }
  }

  /** Replaces the config's auth. */
  public ConnectorBuilder auth(AuthConfig value) {
    this.auth = value;
    return this;
  }

  /** Resolves the auth and trust-store secrets (default: environment and working directory). */
  public ConnectorBuilder secrets(SecretResolver value) {
    this.secrets = Objects.requireNonNull(value, "secrets");
    return this;
  }

  /** Trust only the certificates of this store (instead of the config's or the system's). */
  public ConnectorBuilder trustStore(KeyStore value) {
    this.trustStore = value;
    return this;
  }

  /** Replaces the config's request timeout. */
  public ConnectorBuilder requestTimeout(Duration value) {
    this.requestTimeout = value;
    return this;
  }

  /** Replaces the config's retry policy. */
  public ConnectorBuilder retry(RetryConfig value) {
    this.retry = value;
    return this;
  }

  /** Replaces the config's rate limit. */
  public ConnectorBuilder rateLimit(RateLimitConfig value) {
    this.rateLimit = value;
    return this;
  }

  /** Replaces the config's maximum number of concurrent calls. */
  public ConnectorBuilder maxConcurrency(int value) {
    this.maxConcurrency = value;
    return this;
  }

  /** Replaces the config's per-status rules. */
  public ConnectorBuilder statusRules(List<StatusRule> value) {
    this.statusRules = value;
    return this;
  }

  public ConnectorBuilder observer(CallObserver value) {
    this.observer = Objects.requireNonNull(value, "observer");
    return this;
  }

  public ConnectorBuilder clock(InstantSource value) {
    this.clock = Objects.requireNonNull(value, "clock");
    return this;
  }

  public ConnectorBuilder sleeper(Sleeper value) {
    this.sleeper = Objects.requireNonNull(value, "sleeper");
    return this;
  }

  /** Adds an interceptor just outside auth (sees every attempt, with credentials not yet set). */
  public ConnectorBuilder interceptor(Interceptor value) {
    extra.add(Objects.requireNonNull(value, "interceptor"));
    return this;
  }

  /** The configuration as it stands: the given config with this builder's overrides. */
  public ConnectionConfig config() {
    return new ConnectionConfig(
        base.name(),
        base.baseUrl(),
        auth != null ? auth : base.auth(),
        base.tls(),
        base.connectTimeout(),
        requestTimeout != null ? requestTimeout : base.requestTimeout(),
        retry != null ? retry : base.retry(),
        rateLimit != null ? rateLimit : base.rateLimit(),
        maxConcurrency != null ? maxConcurrency : base.maxConcurrency(),
        statusRules != null ? statusRules : base.statusRules());
  }

  public Connector build() {
    ConnectionConfig config = config();
    Map<SecretRef, String> resolved = new HashMap<>();
    Function<SecretRef, String> secret =
        ref -> resolved.computeIfAbsent(ref, r -> secrets.resolve(r).reveal());
    switch (config.auth()) {
      case AuthConfig.Basic b -> secret.apply(b.password());
      case AuthConfig.Bearer b -> secret.apply(b.token());
      case AuthConfig.ApiKey k -> secret.apply(k.value());
      case AuthConfig.OAuth2ClientCredentials o -> secret.apply(o.clientSecret());
      case AuthConfig.None n -> {}
    }
    SSLContext ssl;
    try {
      ssl = SSLContext.getInstance("TLS");
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore != null ? trustStore : configuredTrustStore(config.tls(), secret));
      ssl.init(null, tmf.getTrustManagers(), null);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Connection '" + config.name() + "': cannot set up TLS: " + e.getMessage(), e);
    }
    Map<SecretRef, String> frozen = Map.copyOf(resolved);
    return new HttpConnector(
        config, frozen::get, ssl, observer, clock, sleeper, List.copyOf(extra));
  }

  private KeyStore configuredTrustStore(TlsConfig tls, Function<SecretRef, String> secret)
      throws GeneralSecurityException {
    if (tls == null || tls.trustStore() == null) return null;
    char[] password =
        tls.trustStorePassword() == null
            ? null
            : secret.apply(tls.trustStorePassword()).toCharArray();
    KeyStore ks = KeyStore.getInstance(tls.trustStoreType());
    try (InputStream in = Files.newInputStream(tls.trustStore())) {
      ks.load(in, password);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Connection '"
              + base.name()
              + "': cannot read trust store "
              + tls.trustStore()
              + " ("
              + e.getMessage()
              + ")",
          e);
    }
    return ks;
  }
}
