package dev.junction.jobs;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * Signed, expiring, single-use write tokens for upload slots, like an Azure SAS: {@link #issue}
 * signs {@code slot} and an expiry time with HMAC-SHA256 under a server secret and records the
 * token; {@link #redeem} checks the signature and the expiry and marks the token used, atomically
 * in the database, so a token authorizes exactly one write on any node of the cluster. The secret
 * is the configured one, or else one generated once and kept in the database (shared by all nodes).
 * Thread-safe.
 */
public final class WriteTokens {
  private static final String KEY_NAME = "write-token";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Jdbc jdbc;
  private final InstantSource clock;
  private final byte[] secret;

  private WriteTokens(DataSource dataSource, byte[] configured, InstantSource clock) {
    this.jdbc = new Jdbc(dataSource);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.secret = configured != null && configured.length > 0 ? configured.clone() : storedKey();
  }

  /**
   * Tokens signed with {@code secret}, or with the database's generated key when it is null or
   * empty (every node sharing the database then shares the key).
   */
  public static WriteTokens create(DataSource dataSource, byte[] secret, InstantSource clock) {
    return new WriteTokens(dataSource, secret, clock);
  }

  /** A token: its expiry (epoch seconds, the {@code se} parameter) and signature ({@code sig}). */
  public record Token(long expires, String signature) {
    /** The query string that carries the token: {@code se=…&sig=…}. */
    public String query() {
      return "se=" + expires + "&sig=" + signature;
    }
  }

  /** A new token for one write of {@code slot}, valid for {@code ttl}. */
  public Token issue(String slot, Duration ttl) {
    long expires = clock.instant().plus(ttl).getEpochSecond();
    Token token = new Token(expires, sign(slot, expires));
    jdbc.update(
        "INSERT INTO junction_write_token (signature, slot, expires_ms) VALUES (?, ?, ?)",
        token.signature(),
        slot,
        expires * 1000);
    jdbc.update(
        "DELETE FROM junction_write_token WHERE expires_ms < ?", clock.millis() - 86_400_000L);
    return token;
  }

  /** Why a token was refused; the message says it without echoing the token. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Checks the token of a write to {@code slot} and uses it up.
   *
   * @throws Refused when the signature does not match (tampered slot, expiry or signature), the
   *     token has expired, or it was used already
   */
  public void redeem(String slot, String expires, String signature) {
    long se;
    try {
      se = Long.parseLong(expires);
    } catch (NumberFormatException | NullPointerException e) {
      throw new Refused("the write URL's token is malformed (se must be a number)");
    }
    byte[] expected = sign(slot, se).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature == null ? new byte[0] : signature.getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new Refused("the write URL's signature does not match; request a new URL");
    }
    if (Instant.ofEpochSecond(se).isBefore(clock.instant())) {
      throw new Refused(
          "the write URL expired at " + Instant.ofEpochSecond(se) + "; request a new URL");
    }
    int used =
        jdbc.update(
            "UPDATE junction_write_token SET used_ms = ? WHERE signature = ? AND slot = ? AND"
                + " used_ms IS NULL",
            clock.millis(),
            signature,
            slot);
    if (used != 1) {
      throw new Refused("the write URL was used already (it allows one write); request a new URL");
    }
  }

  private String sign(String slot, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return B64.encodeToString(
          mac.doFinal(("PUT\n" + slot + "\n" + expires).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private byte[] storedKey() {
    for (int attempt = 0; attempt < 2; attempt++) {
      var found =
          jdbc.query(
              "SELECT secret FROM junction_signing_key WHERE name = ?",
              rs -> rs.getString(1),
              KEY_NAME);
      if (!found.isEmpty()) return Base64.getDecoder().decode(found.getFirst());
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      try {
        jdbc.update(
            "INSERT INTO junction_signing_key (name, secret) VALUES (?, ?)",
            KEY_NAME,
            Base64.getEncoder().encodeToString(key));
        return key;
      } catch (RuntimeException e) {
        // another node created it at the same time: read theirs
      }
    }
    throw new IllegalStateException("cannot create or read the write-token signing key");
  }
}
