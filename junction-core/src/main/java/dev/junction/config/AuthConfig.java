package dev.junction.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How a connection authenticates, chosen by {@code type}. Every secret is a {@link SecretRef}; a
 * literal value is refused when the config is loaded.
 */
public sealed interface AuthConfig
    permits AuthConfig.None,
        AuthConfig.Basic,
        AuthConfig.Bearer,
        AuthConfig.ApiKey,
        AuthConfig.OAuth2ClientCredentials {

  /** No authentication. */
  @TypeName("none")
  record None() implements AuthConfig {}

  /** HTTP Basic: {@code Authorization: Basic base64(username:password)}. */
  @TypeName("basic")
  record Basic(@Required String username, @Required SecretRef password) implements AuthConfig {
    public Basic {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }
  }

  /** A static bearer token: {@code Authorization: Bearer <token>}. */
  @TypeName("bearer")
  record Bearer(@Required SecretRef token) implements AuthConfig {
    public Bearer {
      Objects.requireNonNull(token, "token");
    }
  }

  /**
   * An API key sent in a header or a query parameter.
   *
   * @param name header or query parameter name (e.g. {@code X-Api-Key}, {@code api_key})
   * @param in where it goes (default {@code header})
   * @param value the key
   */
  @TypeName("apiKey")
  record ApiKey(@Required String name, @Default("header") Location in, @Required SecretRef value)
      implements AuthConfig {
    public ApiKey {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      in = in == null ? Location.HEADER : in;
    }

    /** Where an API key is sent. */
    public enum Location {
      HEADER,
      QUERY
    }
  }

  /**
   * OAuth 2.0 client credentials grant. The token is cached and refreshed {@code refreshBefore} its
   * expiry.
   *
   * @param tokenUrl absolute token endpoint URL
   * @param clientId client id (not a secret)
   * @param clientSecret client secret
   * @param scope space-separated scopes, or null
   * @param refreshBefore how long before expiry a cached token is renewed (default 60s)
   */
  @TypeName("oauth2")
  record OAuth2ClientCredentials(
      @Required URI tokenUrl,
      @Required String clientId,
      @Required SecretRef clientSecret,
      String scope,
      @Default("60s") @Positive Duration refreshBefore)
      implements AuthConfig {
    public OAuth2ClientCredentials {
      Objects.requireNonNull(tokenUrl, "tokenUrl");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
      refreshBefore = refreshBefore == null ? Duration.ofSeconds(60) : refreshBefore;
    }
  }
}
