package dev.junction.connect;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Renders URLs for logs, audit records and messages without credentials: the audit trail's rules
 * ({@link dev.junction.audit.Redaction}) plus the connection's own API key parameter.
 */
final class Redaction {
  /** Query parameter names whose values are always hidden. */
  static final Set<String> SENSITIVE =
      Set.of(
          "access_token",
          "token",
          "api_key",
          "apikey",
          "api-key",
          "key",
          "secret",
          "client_secret",
          "password",
          "pwd",
          "sig",
          "signature",
          "code");

  private Redaction() {}

  /**
   * {@code uri} without user info and with the values of sensitive query parameters (and of {@code
   * extra} ones, e.g. the connection's API key parameter) replaced by {@code ***}.
   */
  static String url(URI uri, Set<String> extra) {
    StringBuilder sb = new StringBuilder();
    if (uri.getScheme() != null) sb.append(uri.getScheme()).append("://");
    if (uri.getHost() != null) sb.append(uri.getHost());
    if (uri.getPort() >= 0) sb.append(':').append(uri.getPort());
    if (uri.getRawPath() != null) sb.append(uri.getRawPath());
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      sb.append('?');
      String[] parts = query.split("&", -1);
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) sb.append('&');
        String p = parts[i];
        int eq = p.indexOf('=');
        String name = eq < 0 ? p : p.substring(0, eq);
        String lower = name.toLowerCase(Locale.ROOT);
        if (eq >= 0 && (SENSITIVE.contains(lower) || containsIgnoreCase(extra, name))) {
          sb.append(name).append("=***");
        } else {
          sb.append(p);
        }
      }
    }
    return dev.junction.audit.Redaction.url(sb.toString());
  }

  private static boolean containsIgnoreCase(Set<String> names, String name) {
    for (String n : names) if (n.equalsIgnoreCase(name)) return true;
    return false;
  }
}
