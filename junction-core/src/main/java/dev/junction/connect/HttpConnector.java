package dev.junction.connect;

import dev.junction.config.AuthConfig;
import dev.junction.config.ConnectionConfig;
import dev.junction.config.RateLimitConfig;
import dev.junction.config.SecretRef;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * {@link Connector} over {@code java.net.http.HttpClient}. Chain order, outermost first: audit →
 * retry (status rules) → rate limit → concurrency → extra interceptors → auth → network. Retry sits
 * outside the concurrency limit so a call waiting for its next attempt does not hold a slot.
 *
 * <p>Callers block in {@link #send} on their own (virtual) threads; the {@link HttpClient} keeps
 * its default internal executor for its completion stages. A virtual-thread-per-task executor there
 * started a new virtual thread for every stage of every exchange and cost about 20% more CPU per
 * call at 256 concurrent calls (measured with junction-bench's chaining benchmark).
 */
final class HttpConnector implements Connector {
  static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private final String name;
  private final URI baseUrl;
  private final HttpClient client;
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
    SSLParameters params = new SSLParameters();
    params.setProtocols(TLS_PROTOCOLS);
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(ssl)
            .sslParameters(params)
            .build();
    Set<String> redacted =
        auth instanceof AuthConfig.ApiKey k && k.in() == AuthConfig.ApiKey.Location.QUERY
            ? Set.of(k.name())
            : Set.of();
    this.transport = new HttpTransport(client, name, config.requestTimeout(), redacted);
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
    client.close();
  }

  @Override
  public String toString() {
    return "Connector[" + name + " " + HttpTransport.origin(baseUrl) + "]";
  }
}
