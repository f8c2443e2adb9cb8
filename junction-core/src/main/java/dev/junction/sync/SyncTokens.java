package dev.junction.sync;

import dev.junction.StoreException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issues and verifies opaque tokens: {@code base64url(payload).base64url(HMAC-SHA256(payload))}.
 * The signing key and the store epoch live in the store's database ({@code
 * junction_sync_instance}), created by the first server that opens it, so tokens survive restarts
 * and work on every node sharing the database. Thread-safe.
 *
 * <p>{@link #read} checks, in this order: the signature (else 400: not a token this server issued),
 * the consumer (else 400: issued to another consumer — without naming it), the scope and kind (else
 * 400), then the epoch (else 410: the store was replaced). Retention, reset and head checks belong
 * to the caller, which knows the consumer's state.
 */
public final class SyncTokens {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final String epoch;
  private final InstantSource clock;

  private SyncTokens(byte[] key, String epoch, InstantSource clock) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.epoch = epoch;
    this.clock = clock;
  }

  /**
   * Loads the epoch and signing key from {@code dataSource} (Junction's tables migrated), creating
   * them on first use.
   *
   * @throws StoreException when the database cannot be read or written
   */
  public static SyncTokens open(DataSource dataSource, InstantSource clock) {
    Objects.requireNonNull(clock, "clock");
    for (int attempt = 0; attempt < 3; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        try {
          String[] found = select(c);
          if (found == null) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            try (PreparedStatement insert =
                c.prepareStatement(
                    "INSERT INTO junction_sync_instance (id, epoch, signing_key, created_at)"
                        + " VALUES (1, ?, ?, ?)")) {
              insert.setString(1, UUID.randomUUID().toString());
              insert.setString(2, HexFormat.of().formatHex(secret));
              insert.setObject(3, clock.instant().atOffset(ZoneOffset.UTC));
              insert.executeUpdate();
            }
            c.commit();
            found = select(c);
          }
          c.commit();
          return new SyncTokens(HexFormat.of().parseHex(found[1]), found[0], clock);
        } catch (SQLException e) {
          c.rollback();
          if (attempt == 2) throw e; // a concurrent first start inserted the row: read it again
        }
      } catch (SQLException e) {
        if (attempt == 2) {
          throw new StoreException(
              "Sync tokens: cannot read or create the signing key in junction_sync_instance; the"
                  + " Sync API cannot start",
              e);
        }
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private static String[] select(Connection c) throws SQLException {
    try (PreparedStatement s =
            c.prepareStatement(
                "SELECT epoch, signing_key FROM junction_sync_instance WHERE id = 1");
        ResultSet rs = s.executeQuery()) {
      return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
    }
  }

  /** This store's epoch. */
  public String epoch() {
    return epoch;
  }

  /** The clock tokens are stamped with. */
  InstantSource clock() {
    return clock;
  }

  /** A sync token for {@code consumer} in {@code scope} at {@code sequence}, stamped now. */
  public String issueSync(String consumer, String scope, long generation, long sequence) {
    return issue(SyncToken.sync(consumer, scope, epoch, generation, sequence, clock.instant()));
  }

  /** The signed text of {@code token}. */
  public String issue(SyncToken token) {
    List<Object> fields =
        List.of(
            token.kind().name(),
            token.consumer(),
            token.scope(),
            token.epoch(),
            token.generation(),
            token.sequence(),
            token.window(),
            token.position(),
            token.after(),
            token.issued().getEpochSecond());
    byte[] payload = JSON.writeValueAsBytes(fields);
    return B64.encodeToString(payload) + "." + B64.encodeToString(sign(payload));
  }

  /**
   * Verifies {@code text} and returns its content.
   *
   * @param expected the kinds the caller accepts here
   * @throws SyncException {@code BAD_REQUEST} when it is malformed, not signed by this store, of
   *     another consumer or scope, or of an unexpected kind; {@code GONE} when it belongs to
   *     another store epoch
   */
  public SyncToken read(String text, String consumer, String scope, SyncToken.Kind... expected) {
    String what =
        expected.length == 1 && expected[0] == SyncToken.Kind.SYNC ? "syncToken" : "token";
    SyncToken token = decode(text, what);
    if (!token.consumer().equals(consumer)) {
      throw new SyncException(
          SyncException.Reason.BAD_REQUEST,
          "The "
              + what
              + " was issued to another consumer; a token only works for the consumer it was"
              + " issued to. Send your own token, or none to start a fresh baseline");
    }
    if (!token.scope().equals(scope)) {
      throw new SyncException(
          SyncException.Reason.BAD_REQUEST,
          "The " + what + " belongs to '" + token.scope() + "', not to '" + scope + "'");
    }
    if (!List.of(expected).contains(token.kind())) {
      throw new SyncException(
          SyncException.Reason.BAD_REQUEST,
          "The "
              + what
              + " is a "
              + token.kind().name().toLowerCase(java.util.Locale.ROOT)
              + " token, which cannot be used here; expected "
              + List.of(expected));
    }
    if (!token.epoch().equals(epoch)) {
      throw new SyncException(
          SyncException.Reason.GONE,
          "The "
              + what
              + " was issued by a store that has since been replaced or restored (epoch differs);"
              + " start a fresh baseline without a token");
    }
    return token;
  }

  private SyncToken decode(String text, String what) {
    SyncException malformed =
        new SyncException(
            SyncException.Reason.BAD_REQUEST,
            "The "
                + what
                + " is malformed or was not issued by this server; send a token exactly as"
                + " received, or none to start a fresh baseline");
    if (text == null || text.length() > 4096) throw malformed;
    int dot = text.indexOf('.');
    if (dot <= 0 || dot != text.lastIndexOf('.')) throw malformed;
    try {
      byte[] payload = B64D.decode(text.substring(0, dot));
      byte[] signature = B64D.decode(text.substring(dot + 1));
      if (!MessageDigest.isEqual(signature, sign(payload))) throw malformed;
      JsonNode a = JSON.readTree(payload);
      if (!a.isArray() || a.size() != 10) throw malformed;
      return new SyncToken(
          SyncToken.Kind.valueOf(a.get(0).asString()),
          a.get(1).asString(),
          a.get(2).asString(),
          a.get(3).asString(),
          a.get(4).asLong(),
          a.get(5).asLong(),
          a.get(6).asLong(),
          a.get(7).asLong(),
          a.get(8).asString(),
          Instant.ofEpochSecond(a.get(9).asLong()));
    } catch (SyncException e) {
      throw e;
    } catch (RuntimeException e) {
      throw malformed;
    }
  }

  private byte[] sign(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
    }
  }
}
