package dev.junction.server.security;

import dev.junction.JunctionException;
import dev.junction.config.SecretRef;
import dev.junction.config.ServerConfig.ApiKeyConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The configured API keys, resolved once at start. Only SHA-256 digests are kept; a presented key
 * is hashed and compared with every digest using {@link MessageDigest#isEqual} (constant time, no
 * early exit), so neither the match nor its position leaks through timing.
 */
public final class ApiKeys {
  /** Roles granted to a key configured without any. */
  public static final Set<String> ALL_ROLES = Set.of("read", "write", "admin");

  /** Shortest key accepted: shorter ones are guessable. */
  public static final int MIN_KEY_LENGTH = 16;

  private final List<Key> keys;

  /** One principal: its name, roles, and the digest of its key. */
  public record Principal(String name, Set<String> roles) {
    public Principal {
      roles = Set.copyOf(roles);
    }
  }

  private record Key(Principal principal, byte[] digest) {}

  private ApiKeys(List<Key> keys) {
    this.keys = List.copyOf(keys);
  }

  /**
   * Resolves every key's secret reference.
   *
   * @throws JunctionException naming every key (by name, path and reference) that cannot be
   *     resolved or is shorter than {@value #MIN_KEY_LENGTH} characters; never a value
   */
  public static ApiKeys resolve(List<ApiKeyConfig> configs, Function<SecretRef, String> secrets) {
    List<Key> keys = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      ApiKeyConfig c = configs.get(i);
      String which = "API key '" + c.name() + "' (server.apiKeys[" + i + "].key, " + c.key() + ")";
      String value;
      try {
        value = secrets.apply(c.key());
      } catch (JunctionException e) {
        errors.add(which + ": " + e.getMessage());
        continue;
      }
      if (value.length() < MIN_KEY_LENGTH) {
        errors.add(
            which + ": shorter than " + MIN_KEY_LENGTH + " characters; use a longer random key");
        continue;
      }
      Set<String> roles = c.roles().isEmpty() ? ALL_ROLES : Set.copyOf(c.roles());
      keys.add(new Key(new Principal(c.name(), roles), sha256(value)));
    }
    if (!errors.isEmpty()) {
      throw new JunctionException(String.join("; ", errors) + "; the server does not start");
    }
    return new ApiKeys(keys);
  }

  /** The principal whose key is {@code presented}, if any. Takes the same time for every key. */
  public Optional<Principal> match(String presented) {
    byte[] digest = sha256(presented);
    Principal found = null;
    for (Key key : keys) {
      if (MessageDigest.isEqual(digest, key.digest()) && found == null) found = key.principal();
    }
    return Optional.ofNullable(found);
  }

  public int size() {
    return keys.size();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
