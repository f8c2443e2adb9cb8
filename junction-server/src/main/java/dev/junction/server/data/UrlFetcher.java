package dev.junction.server.data;

import dev.junction.audit.AuditLog;
import dev.junction.config.ConnectionConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.SecretResolver;
import dev.junction.connect.Call;
import dev.junction.connect.CallObserver;
import dev.junction.connect.Connector;
import dev.junction.connect.ConnectorException;
import dev.junction.jobs.JobException;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fetches a file to import through a configured connection: its base URL, auth, TLS policy,
 * timeouts, retries, rate limit and audit apply (the one way out). A URL must be on the
 * connection's origin; a relative one is resolved against its base URL. The response is held in
 * memory while it is stored, so its size is capped by the package limit.
 */
final class UrlFetcher implements AutoCloseable {
  private final JunctionConfig config;
  private final SecretResolver secrets;
  private final CallObserver observer;
  private final InstantSource clock;
  private final Map<String, Connector> connectors = new ConcurrentHashMap<>();

  UrlFetcher(JunctionConfig config, SecretResolver secrets, AuditLog audit, InstantSource clock) {
    this.config = config;
    this.secrets = secrets;
    this.observer = CallObserver.auditTo(audit);
    this.clock = clock;
  }

  /** A fetched file, stored as an upload, and the file name its URL ends with. */
  record Fetched(Path file, String fileName) {}

  /**
   * GETs {@code url} over {@code connection} and stores the body as an upload.
   *
   * @throws JobException INVALID for an unknown connection or a URL off its origin
   * @throws Unreachable when the call fails (status, timeout, TLS) after the connection's retries
   */
  Fetched fetch(String connection, String url, Uploads uploads) {
    if (connection == null || connection.isBlank()) {
      throw new JobException(
          JobException.Reason.INVALID, "an import from a URL needs 'connection' as well as 'url'");
    }
    ConnectionConfig cc =
        config
            .connection(connection)
            .orElseThrow(
                () ->
                    new JobException(
                        JobException.Reason.INVALID,
                        "connection '"
                            + connection
                            + "' is not configured (configured: "
                            + String.join(
                                ", ",
                                config.connections().stream().map(ConnectionConfig::name).toList())
                            + ")"));
    Connector connector =
        connectors.computeIfAbsent(
            connection,
            n -> Connector.builder(cc).secrets(secrets).observer(observer).clock(clock).build());
    URI uri;
    try {
      uri = url.contains("://") ? URI.create(url) : connector.resolve(url);
    } catch (IllegalArgumentException e) {
      throw new JobException(
          JobException.Reason.INVALID,
          "url '" + url + "' is not a valid URL on connection '" + connection + "'");
    }
    if (!sameOrigin(connector.baseUrl(), uri)) {
      throw new JobException(
          JobException.Reason.INVALID,
          "url '"
              + url
              + "' is not on connection '"
              + connection
              + "' ("
              + connector.baseUrl()
              + "); give a path or a URL on that origin");
    }
    byte[] body;
    try {
      body = connector.send(Call.get(uri).withLabel("import file " + uri.getRawPath())).body();
    } catch (ConnectorException e) {
      throw new Unreachable(e.getMessage());
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String name = path.substring(path.lastIndexOf('/') + 1);
    return new Fetched(uploads.store(new ByteArrayInputStream(body)), name);
  }

  private static boolean sameOrigin(URI base, URI uri) {
    return base.getScheme().equalsIgnoreCase(String.valueOf(uri.getScheme()))
        && base.getHost().equalsIgnoreCase(String.valueOf(uri.getHost()))
        && port(base) == port(uri);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) return u.getPort();
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /** The file could not be fetched; answered 502 with the connector's reason. */
  static final class Unreachable extends RuntimeException {
    Unreachable(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public void close() {
    connectors.values().forEach(Connector::close);
    connectors.clear();
  }
}
