package dev.junction.config;

import java.net.URI;
import java.util.Objects;

/**
 * How to reach one external system. First cut: the config loader's owner extends it with auth, TLS,
 * timeouts, retry, rate limit and concurrency (issue 4).
 *
 * @param name unique connection name
 * @param baseUrl base URL every endpoint path is resolved against
 */
public record ConnectionConfig(String name, URI baseUrl) {
  public ConnectionConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseUrl, "baseUrl");
  }
}
