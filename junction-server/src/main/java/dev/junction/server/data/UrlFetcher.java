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
import dev.junction.jobs.RemoteFiles;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
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
final class UrlFetcher implements RemoteFiles, AutoCloseable {
  private final JunctionConfig config;
  private final SecretResolver secrets;
  private final CallObserver observer;
  private final InstantSource clock;
  private final long maxBytes;
  private final Map<String, Connector> connectors = new ConcurrentHashMap<>();

  UrlFetcher(
      JunctionConfig config,
      SecretResolver secrets,
      AuditLog audit,
      InstantSource clock,
      long maxBytes) {
    this.config = config;
    this.maxBytes = maxBytes;
    this.secrets = secrets;
    this.observer = CallObserver.auditTo(audit);
    this.clock = clock;
  }

  /**
   * The absolute URL of {@code url} on {@code connection}: a path is resolved against its base URL,
   * an absolute URL must be on its origin.
   *
   * @throws JobException INVALID for an unknown connection or a URL off its origin
   */
  URI resolve(String connection, String url) {
    if (connection == null || connection.isBlank()) {
      throw new JobException(
          JobException.Reason.INVALID, "an import from a URL needs 'connection' as well as 'url'");
    }
    Connector connector = connector(connection);
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
    return uri;
  }

  /** GETs {@code url} over {@code connection} and writes the body to {@code target}. */
  @Override
  public void fetch(String connection, URI url, Path target) throws IOException {
    byte[] body;
    try {
      body =
          connector(connection)
              .send(Call.get(url).withLabel("import file " + url.getRawPath()))
              .body();
    } catch (ConnectorException | JobException e) {
      throw new IOException(e.getMessage());
    }
    if (body.length > maxBytes) {
      throw new IOException(
          "the file has "
              + body.length
              + " bytes, more than junction.batch.max-package-bytes ("
              + maxBytes
              + ")");
    }
    if (body.length == 0) throw new IOException("the file is empty");
    Files.write(target, body);
  }

  private Connector connector(String connection) {
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
    return connectors.computeIfAbsent(
        connection,
        n -> Connector.builder(cc).secrets(secrets).observer(observer).clock(clock).build());
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

  @Override
  public void close() {
    connectors.values().forEach(Connector::close);
    connectors.clear();
  }
}
