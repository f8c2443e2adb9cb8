package dev.junction.config;

import java.nio.file.Path;

/**
 * Extra trust for a connection whose server certificate is signed by a private CA. TLS 1.2 is the
 * minimum protocol whatever is configured here; host names are always verified.
 *
 * @param trustStore trust store file (relative to the working directory), or null for the JDK's
 *     default trust
 * @param trustStorePassword the trust store's password, or null
 * @param trustStoreType {@code PKCS12} (default) or {@code JKS}
 */
public record TlsConfig(
    Path trustStore, SecretRef trustStorePassword, @Default("PKCS12") String trustStoreType) {
  public TlsConfig {
    trustStoreType = trustStoreType == null ? "PKCS12" : trustStoreType;
  }

  public static TlsConfig defaults() {
    return new TlsConfig(null, null, null);
  }
}
