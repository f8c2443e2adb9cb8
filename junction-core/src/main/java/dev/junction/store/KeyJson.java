package dev.junction.store;

import java.math.BigDecimal;

/**
 * The canonical JSON of a record key, {@code {"id":42}} or {@code {"orderId":7,"lineNo":2}}: key
 * fields in key order, numbers and booleans bare (decimals without trailing zeros), anything else
 * as a JSON string. It is the change log's {@code record_key}, so every reader that matches keys
 * against the change log (the Sync API) must write it exactly as the store does: both use this
 * class.
 */
public final class KeyJson {
  private KeyJson() {}

  /** Appends {@code "name":value} to {@code sb} (a comma before it is the caller's). */
  public static void appendMember(StringBuilder sb, String name, Object value) {
    appendString(sb, name);
    sb.append(':');
    switch (value) {
      case Integer n -> sb.append(n);
      case Long n -> sb.append(n);
      case BigDecimal d -> sb.append(d.stripTrailingZeros().toPlainString());
      case Boolean b -> sb.append(b);
      case null -> sb.append("null");
      default -> appendString(sb, String.valueOf(value));
    }
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    sb.append('"');
  }
}
