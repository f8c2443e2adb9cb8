package dev.junction.connect;

import dev.junction.config.ConnectionConfig;
import java.net.URI;

/**
 * The one way out: sends calls to one external system (a <em>connection</em>) through its
 * interceptor chain — audit, retry and status rules, rate limit, concurrency limit, auth — over an
 * HTTP client that speaks TLS 1.2 or 1.3 only and follows redirects only within the connection's
 * origin.
 *
 * <p>Thread-safe: one instance serves any number of concurrent callers (typically virtual threads);
 * the concurrency limit is shared by all of them. Close it to release the HTTP client.
 */
public interface Connector extends AutoCloseable {

  /** Connection name (used in messages and audit records). */
  String name();

  /** The base URL endpoint paths are resolved against. */
  URI baseUrl();

  /**
   * Sends {@code call} and returns the answer when its status is a success (or one a per-status
   * rule ignores).
   *
   * @throws ConnectorException when the call fails after the retries the policy allows: an error
   *     status, a timeout, a reset, a refused TLS handshake, a redirect to another host, or a URI
   *     that is not on the connection's origin; {@link ConnectorException#retriable()} tells
   *     whether trying later may help
   */
  Response send(Call call);

  /**
   * The absolute URI of {@code pathAndQuery} under the base URL: the base URL's path followed by
   * the given path (one slash between them) and query. The result is on the base URL's origin.
   */
  default URI resolve(String pathAndQuery) {
    String base = baseUrl().toString();
    if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    String rel = pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery;
    URI uri = URI.create(base + rel);
    if (!HttpTransport.sameOrigin(baseUrl(), uri)) {
      throw new IllegalArgumentException("path leaves the connection's origin: " + pathAndQuery);
    }
    return uri;
  }

  @Override
  void close();

  /** Starts building the connector of {@code connection}. */
  static ConnectorBuilder builder(ConnectionConfig connection) {
    return new ConnectorBuilder(connection);
  }

  /** Starts building a connector for {@code name} at {@code baseUrl} with default settings. */
  static ConnectorBuilder builder(String name, URI baseUrl) {
    return new ConnectorBuilder(new ConnectionConfig(name, baseUrl));
  }
}
