package dev.junction.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach one external system: base URL, auth, TLS, timeouts, retry policy, rate limit,
 * concurrency and per-status rules. Every outbound call goes through one connection.
 *
 * @param name unique connection name
 * @param baseUrl absolute {@code http}/{@code https} URL every endpoint path is resolved against;
 *     it may not carry credentials, a query or a fragment
 * @param auth how requests authenticate (default {@code type: none})
 * @param tls trust store for servers with a private CA; TLS 1.2 is always the minimum
 * @param connectTimeout time to establish a connection (default 10s)
 * @param requestTimeout time for a whole request, from send to the last byte (default 30s)
 * @param retry retry policy for failed calls
 * @param rateLimit client-side rate limit and the server's rate-limit headers
 * @param maxConcurrency calls in flight at once on this connection (default 32)
 * @param statusRules per-status overrides for APIs that misuse status codes; first match wins
 */
public record ConnectionConfig(
    @Required String name,
    @Required URI baseUrl,
    @Default("none") AuthConfig auth,
    TlsConfig tls,
    @Default("10s") @Positive Duration connectTimeout,
    @Default("30s") @Positive Duration requestTimeout,
    RetryConfig retry,
    RateLimitConfig rateLimit,
    @Default("32") @Positive int maxConcurrency,
    List<StatusRule> statusRules) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONCURRENCY = 32;

  public ConnectionConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseUrl, "baseUrl");
    auth = auth == null ? new AuthConfig.None() : auth;
    tls = tls == null ? TlsConfig.defaults() : tls;
    connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
    requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
    retry = retry == null ? RetryConfig.defaults() : retry;
    rateLimit = rateLimit == null ? RateLimitConfig.defaults() : rateLimit;
    maxConcurrency = maxConcurrency == 0 ? DEFAULT_MAX_CONCURRENCY : maxConcurrency;
    statusRules = statusRules == null ? List.of() : List.copyOf(statusRules);
  }

  /** A connection with no auth and every default. */
  public ConnectionConfig(String name, URI baseUrl) {
    this(name, baseUrl, null, null, null, null, null, null, 0, null);
  }
}
