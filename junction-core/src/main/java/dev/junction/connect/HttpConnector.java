package dev.junction.connect;

import dev.junction.config.AuthConfig;
import dev.junction.config.ConnectionConfig;
import dev.junction.config.RateLimitConfig;
import dev.junction.config.SecretRef;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * {@link Connector} over {@link HttpTransport} (Apache HttpClient 5, classic). Chain order,
 * outermost first: audit → retry (status rules) → rate limit → concurrency → extra interceptors →
 * auth → network. Retry sits outside the concurrency limit so a call waiting for its next attempt
 * does not hold a slot.
 *
 * <p>Callers block in {@link #send} on their own (virtual) threads, which also do the network I/O:
 * no hand-off to other threads per call.
 */
final class HttpConnector implements Connector {
  private final String name;
  private final URI baseUrl;
  private final HttpTransport transport;
  private final List<Interceptor> chain;

  HttpConnector(
      ConnectionConfig config,
      Function<SecretRef, String> secrets,
      SSLContext ssl,
      CallObserver observer,
      InstantSource clock,
      Sleeper sleeper,
      List<Interceptor> extra) {
    this.name = config.name();
    this.baseUrl = config.baseUrl();
    AuthConfig auth = config.auth();
    Set<String> redacted =
        auth instanceof AuthConfig.ApiKey k && k.in() == AuthConfig.ApiKey.Location.QUERY
            ? Set.of(k.name())
            : Set.of();
    // The concurrency limit bounds the calls on the wire (token calls included, they run inside
    // it); the pool keeps that many connections alive, with a little slack.
    this.transport =
        new HttpTransport(
            ssl,
            name,
            config.connectTimeout(),
            config.requestTimeout(),
            config.maxConcurrency() + 8,
            redacted);
    AuditInterceptor audit = new AuditInterceptor(observer, clock, redacted);
    List<Interceptor> tokenChain = List.of(audit);
    AuthInterceptor authInterceptor =
        new AuthInterceptor(
            auth,
            secrets,
            clock,
            call -> InterceptorChain.run(tokenChain, call, name, c -> transport.send(c, null)));
    List<Interceptor> all = new ArrayList<>();
    all.add(audit);
    all.add(new RetryInterceptor(config.retry(), config.statusRules(), sleeper, clock));
    RateLimitConfig rate = config.rateLimit();
    if (rate.requestsPerSecond() > 0 || rate.followServerHeaders()) {
      all.add(
          new RateLimitInterceptor(
              rate.requestsPerSecond(), rate.followServerHeaders(), clock, sleeper));
    }
    all.add(new ConcurrencyInterceptor(config.maxConcurrency()));
    all.addAll(extra);
    all.add(authInterceptor);
    this.chain = List.copyOf(all);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public URI baseUrl() {
    return baseUrl;
  }

  @Override
  public Response send(Call call) {
    return InterceptorChain.run(chain, call, name, c -> transport.send(c, baseUrl));
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "Connector[" + name + " " + HttpTransport.origin(baseUrl) + "]";
  }
}
