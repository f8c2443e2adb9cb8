package dev.junction.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A resolved secret value. {@link #toString()} never shows it; {@link #reveal()} is the one way to
 * read it, for the code that must send it (an auth header, a JDBC password). Compare candidates
 * with {@link #matches(String)}, which takes the same time wherever they differ.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** Wraps a value; for tests and for {@link SecretResolver}. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret value. Never log it, never put it into an error or a response. */
  public String reveal() {
    return value;
  }

  /** Constant-time comparison with a candidate (e.g. an API key presented by a client). */
  public boolean matches(String candidate) {
    if (candidate == null) return false;
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && s.matches(value);
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return "Secret[******]";
  }
}
