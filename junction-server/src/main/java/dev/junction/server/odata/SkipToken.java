package dev.junction.server.odata;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The opaque {@code $skiptoken} of server-driven paging: the sort-key values of the last row served
 * (a keyset continuation, so rows inserted while a client pages are neither repeated nor make it
 * skip rows), bound to a fingerprint of the query so a token cannot be replayed on another query.
 */
final class SkipToken {
  private SkipToken() {}

  static String encode(String fingerprint, List<Object> values) {
    StringBuilder sb = new StringBuilder(fingerprint).append('|');
    for (Object v : values) {
      String text;
      char tag;
      switch (v) {
        case null -> {
          tag = 'n';
          text = "";
        }
        case String s -> {
          tag = 's';
          text = s;
        }
        case Integer i -> {
          tag = 'i';
          text = i.toString();
        }
        case Long l -> {
          tag = 'l';
          text = l.toString();
        }
        case BigDecimal d -> {
          tag = 'd';
          text = d.toPlainString();
        }
        case Boolean b -> {
          tag = 'b';
          text = b.toString();
        }
        case LocalDate d -> {
          tag = 'D';
          text = d.toString();
        }
        case OffsetDateTime t -> {
          tag = 'T';
          text = t.toString();
        }
        default -> {
          tag = 's';
          text = v.toString();
        }
      }
      sb.append(tag).append(text.length()).append(':').append(text);
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The continuation values of {@code token}.
   *
   * @throws IllegalArgumentException when the token is malformed or was issued for another query
   */
  static List<Object> decode(String fingerprint, String token) {
    String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    int bar = text.indexOf('|');
    if (bar < 0 || !text.substring(0, bar).equals(fingerprint)) {
      throw new IllegalArgumentException("the token belongs to another query");
    }
    List<Object> values = new ArrayList<>();
    int i = bar + 1;
    while (i < text.length()) {
      char tag = text.charAt(i++);
      int colon = text.indexOf(':', i);
      if (colon < 0) throw new IllegalArgumentException("truncated token");
      int length = Integer.parseInt(text.substring(i, colon));
      if (length < 0 || colon + 1 + length > text.length()) {
        throw new IllegalArgumentException("truncated token");
      }
      String v = text.substring(colon + 1, colon + 1 + length);
      i = colon + 1 + length;
      values.add(
          switch (tag) {
            case 'n' -> null;
            case 's' -> v;
            case 'i' -> Integer.valueOf(v);
            case 'l' -> Long.valueOf(v);
            case 'd' -> new BigDecimal(v);
            case 'b' -> Boolean.valueOf(v);
            case 'D' -> LocalDate.parse(v);
            case 'T' -> OffsetDateTime.parse(v);
            default -> throw new IllegalArgumentException("unknown value tag " + tag);
          });
    }
    return values;
  }

  /** A short fingerprint of the query a token continues. */
  static String fingerprint(String entity, String filter, String orderBy) {
    int h = (entity + '\u0000' + filter + '\u0000' + orderBy).hashCode();
    return Integer.toHexString(h);
  }
}
