package dev.junction.connect;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a {@link Connector}. Defaults: no auth, system trust store, connect timeout 10 s, request
 * timeout 30 s, {@link RetryPolicy#defaults()}, no rate limit but server rate-limit headers
 * followed, max concurrency 8, system clock and sleeper, no call observer.
 */
public final class ConnectorBuilder {
  private final String name;
  private final URI baseUrl;
  private Auth auth = Auth.none();
  private KeyStore trustStore;
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Duration requestTimeout = Duration.ofSeconds(30);
  private RetryPolicy retry = RetryPolicy.defaults();
  private double requestsPerSecond;
  private boolean followRateLimitHeaders = true;
  private int maxConcurrency = 8;
  private final Map<Integer, StatusAction> statusRules = new HashMap<>();
  private CallObserver observer = CallObserver.none();
  private InstantSource clock = InstantSource.system();
  private Sleeper sleeper = Sleeper.system();
  private final List<Interceptor> extra = new ArrayList<>();

  ConnectorBuilder(String name, URI baseUrl) {
    this.name = Objects.requireNonNull(name, "name");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || baseUrl.getHost() == null) {
      throw new IllegalArgumentException(
          "Connection '" + name + "': baseUrl must be an http(s) URL with a host, was " + baseUrl);
    }
  }

  public ConnectorBuilder auth(Auth value) {
    this.auth = Objects.requireNonNull(value, "auth");
    return this;
  }

  /** Trust only the certificates of this store (instead of the system's). */
  public ConnectorBuilder trustStore(KeyStore value) {
    this.trustStore = value;
    return this;
  }

  public ConnectorBuilder connectTimeout(Duration value) {
    this.connectTimeout = positive(value, "connectTimeout");
    return this;
  }

  public ConnectorBuilder requestTimeout(Duration value) {
    this.requestTimeout = positive(value, "requestTimeout");
    return this;
  }

  public ConnectorBuilder retry(RetryPolicy value) {
    this.retry = Objects.requireNonNull(value, "retry");
    return this;
  }

  /** At most this many calls per second ({@code 0}: no limit of our own). */
  public ConnectorBuilder rateLimit(double perSecond) {
    if (perSecond < 0) throw new IllegalArgumentException("rateLimit must be >= 0: " + perSecond);
    this.requestsPerSecond = perSecond;
    return this;
  }

  /**
   * Whether to hold calls while the server's {@code RateLimit-*} headers say the quota is spent.
   */
  public ConnectorBuilder followRateLimitHeaders(boolean value) {
    this.followRateLimitHeaders = value;
    return this;
  }

  public ConnectorBuilder maxConcurrency(int value) {
    if (value < 1) throw new IllegalArgumentException("maxConcurrency must be >= 1, was " + value);
    this.maxConcurrency = value;
    return this;
  }

  /** Overrides what a status means (for APIs that misuse status codes). */
  public ConnectorBuilder statusRule(int status, StatusAction action) {
    if (status < 100 || status > 599)
      throw new IllegalArgumentException("status must be in 100..599, was " + status);
    statusRules.put(status, Objects.requireNonNull(action, "action"));
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

  public int maxConcurrency() {
    return maxConcurrency;
  }

  public Connector build() {
    SSLContext ssl;
    try {
      ssl = SSLContext.getInstance("TLS");
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trustStore);
      ssl.init(null, tmf.getTrustManagers(), null);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "Connection '" + name + "': cannot set up TLS: " + e.getMessage(), e);
    }
    return new HttpConnector(
        name,
        baseUrl,
        auth,
        ssl,
        connectTimeout,
        requestTimeout,
        retry,
        requestsPerSecond,
        followRateLimitHeaders,
        maxConcurrency,
        Map.copyOf(statusRules),
        observer,
        clock,
        sleeper,
        List.copyOf(extra));
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero())
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    return d;
  }
}
