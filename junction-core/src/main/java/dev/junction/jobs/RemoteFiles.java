package dev.junction.jobs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Fetches the file of an import from a URL. The server fetches through a configured connection, so
 * the connection's auth, TLS policy, timeouts, retries, rate limit and audit apply.
 */
@FunctionalInterface
public interface RemoteFiles {

  /**
   * Writes the file at {@code url}, reached through {@code connection}, to {@code target}.
   *
   * @throws IOException when it cannot be fetched (error status after the retries, timeout, refused
   *     TLS, too large); the message says why and never carries a secret
   */
  void fetch(String connection, URI url, Path target) throws IOException;
}
