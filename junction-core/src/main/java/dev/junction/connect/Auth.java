package dev.junction.connect;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a connection authenticates. Secret values are {@link Supplier}s resolved on use (from the
 * environment or a secret file), never kept in config text; {@code toString()} never shows them.
 */
public sealed interface Auth {

  /** No authentication. */
  record None() implements Auth {}

  /** HTTP Basic. */
  record Basic(String user, Supplier<String> password) implements Auth {
    public Basic {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Basic[user=" + user + "]";
    }
  }

  /** {@code Authorization: Bearer <token>}. */
  record Bearer(Supplier<String> token) implements Auth {
    public Bearer {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
      return "Bearer[]";
    }
  }

  /** An API key in a header or a query parameter (its value is redacted in audit URLs). */
  record ApiKey(String name, Supplier<String> value, boolean inQuery) implements Auth {
    public ApiKey {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isBlank()) throw new IllegalArgumentException("API key name must not be blank");
    }

    @Override
    public String toString() {
      return "ApiKey[name=" + name + ", in=" + (inQuery ? "query" : "header") + "]";
    }
  }

  /**
   * OAuth2 client credentials (RFC 6749 §4.4): the client authenticates to {@code tokenUrl} with
   * HTTP Basic; the access token is cached and refreshed {@code refreshBefore} ahead of its expiry,
   * and once more when a call answers 401.
   */
  record OAuth2ClientCredentials(
      URI tokenUrl,
      String clientId,
      Supplier<String> clientSecret,
      String scope,
      Duration refreshBefore)
      implements Auth {
    public OAuth2ClientCredentials {
      Objects.requireNonNull(tokenUrl, "tokenUrl");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
      refreshBefore = refreshBefore == null ? Duration.ofSeconds(30) : refreshBefore;
      if (refreshBefore.isNegative())
        throw new IllegalArgumentException("refreshBefore must not be negative: " + refreshBefore);
    }

    @Override
    public String toString() {
      return "OAuth2ClientCredentials[tokenUrl=" + tokenUrl + ", clientId=" + clientId + "]";
    }
  }

  static Auth none() {
    return new None();
  }
}
