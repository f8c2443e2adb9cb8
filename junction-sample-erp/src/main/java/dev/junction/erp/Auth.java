package dev.junction.erp;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@code /api/**} requests must authenticate. The token endpoint ({@code POST /oauth/token})
 * and the admin API ({@code /admin/**}) are never protected. {@code toString()} never shows a
 * secret.
 */
public sealed interface Auth {

  /** No authentication. */
  static Auth none() {
    return new None();
  }

  /** HTTP Basic with one user. */
  static Auth basic(String user, String password) {
    return new Basic(user, password);
  }

  /** A fixed bearer token in {@code Authorization: Bearer <token>}. */
  static Auth bearer(String token) {
    return new Bearer(token);
  }

  /** A key in a request header, e.g. {@code X-API-Key}. */
  static Auth apiKey(String header, String key) {
    return new ApiKey(header, key);
  }

  /**
   * OAuth2 client credentials: clients fetch a bearer token from {@code POST /oauth/token}, which
   * expires {@code tokenTtl} after issue (measured on the ERP's clock).
   */
  static Auth oauth2(String clientId, String clientSecret, Duration tokenTtl) {
    return new OAuth2(clientId, clientSecret, tokenTtl);
  }

  /** No authentication. */
  record None() implements Auth {
    @Override
    public String toString() {
      return "None";
    }
  }

  /** HTTP Basic. */
  record Basic(String user, String password) implements Auth {
    public Basic {
      requireText(user, "Basic auth user");
      requireText(password, "Basic auth password");
      if (user.contains(":")) {
        throw new IllegalArgumentException("Basic auth user must not contain ':'");
      }
    }

    @Override
    public String toString() {
      return "Basic[user=" + user + ", password=***]";
    }
  }

  /** A fixed bearer token. */
  record Bearer(String token) implements Auth {
    public Bearer {
      requireText(token, "Bearer token");
    }

    @Override
    public String toString() {
      return "Bearer[token=***]";
    }
  }

  /** An API key header. */
  record ApiKey(String header, String key) implements Auth {
    public ApiKey {
      requireText(header, "API key header name");
      requireText(key, "API key");
    }

    @Override
    public String toString() {
      return "ApiKey[header=" + header + ", key=***]";
    }
  }

  /** OAuth2 client credentials with expiring tokens. */
  record OAuth2(String clientId, String clientSecret, Duration tokenTtl) implements Auth {
    public OAuth2 {
      requireText(clientId, "OAuth2 client id");
      requireText(clientSecret, "OAuth2 client secret");
      Objects.requireNonNull(tokenTtl, "OAuth2 token TTL must not be null");
      if (tokenTtl.isNegative() || tokenTtl.isZero()) {
        throw new IllegalArgumentException("OAuth2 token TTL must be positive, was " + tokenTtl);
      }
    }

    @Override
    public String toString() {
      return "OAuth2[clientId=" + clientId + ", clientSecret=***, tokenTtl=" + tokenTtl + "]";
    }
  }

  private static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}
