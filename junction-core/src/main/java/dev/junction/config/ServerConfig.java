package dev.junction.config;

import java.util.List;

/**
 * The HTTP server.
 *
 * @param port TCP port (default 8080; 0 picks a free one)
 * @param bindAddress address to bind (default {@code 127.0.0.1})
 * @param apiKeys API keys allowed to call every non-health route
 */
public record ServerConfig(
    @Default("8080") @Min(0) @Max(65535) int port, String bindAddress, List<ApiKeyConfig> apiKeys) {
  public ServerConfig {
    if (port < 0) throw new IllegalArgumentException("port must be >= 0, was " + port);
    bindAddress = bindAddress == null || bindAddress.isBlank() ? "127.0.0.1" : bindAddress;
    apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
  }

  public static ServerConfig defaults() {
    return new ServerConfig(8080, null, List.of());
  }

  /**
   * One API key: the principal's name and a reference to the key.
   *
   * @param name principal name (appears in audit entries; the key never does)
   * @param key secret reference to the key value
   * @param roles roles granted (e.g. {@code read}, {@code write}, {@code admin}); empty means all
   */
  public record ApiKeyConfig(@Required String name, @Required SecretRef key, List<String> roles) {
    public ApiKeyConfig {
      java.util.Objects.requireNonNull(name, "name");
      java.util.Objects.requireNonNull(key, "key");
      roles = roles == null ? List.of() : List.copyOf(roles);
    }
  }
}
