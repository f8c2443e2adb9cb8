package dev.junction.audit;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Removes secrets from a path or URL before it is kept: user info ({@code user:pass@}) and the
 * values of query parameters whose names denote a credential ({@code token}, {@code api_key},
 * {@code password}, {@code signature}, …) become {@code ***}. Names and other values stay, so an
 * entry still shows what was called.
 */
public final class Redaction {
  static final String MASK = "***";

  private static final Set<String> SECRET_WORDS =
      Set.of(
          "token",
          "key",
          "apikey",
          "secret",
          "password",
          "passwd",
          "pwd",
          "signature",
          "sig",
          "auth",
          "authorization",
          "credential",
          "credentials",
          "session",
          "code");

  private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");
  private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]");
  private static final Pattern WORD_SEPARATORS = Pattern.compile("[^a-z0-9]+");

  /** Names already judged: every outbound call redacts its query names, which are few. */
  private static final Map<String, Boolean> JUDGED = new ConcurrentHashMap<>();

  private Redaction() {}

  /**
   * Returns {@code url} with user info and secret query values replaced by {@code ***}; {@code
   * null} stays {@code null}. Never throws: a string that is not a URL is treated as a path.
   */
  public static String url(String url) {
    if (url == null) return null;
    String s = url;
    int fragment = s.indexOf('#');
    if (fragment >= 0) s = s.substring(0, fragment);
    int query = s.indexOf('?');
    String head = query >= 0 ? s.substring(0, query) : s;
    String tail = query >= 0 ? s.substring(query + 1) : null;
    head = withoutUserInfo(head);
    if (tail == null) return head;
    StringBuilder out = new StringBuilder(head).append('?');
    String[] pairs = tail.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) out.append('&');
      String pair = pairs[i];
      int eq = pair.indexOf('=');
      if (eq < 0) {
        out.append(pair);
      } else {
        String name = pair.substring(0, eq);
        out.append(name).append('=').append(isSecretName(name) ? MASK : pair.substring(eq + 1));
      }
    }
    return out.toString();
  }

  /**
   * Whether a parameter or header name denotes a credential: one of its words (split at {@code _ -
   * .} and camel case) is a secret word such as {@code token}, {@code key} or {@code password}.
   */
  public static boolean isSecretName(String name) {
    Boolean known = JUDGED.get(name);
    if (known != null) return known;
    boolean secret = judge(name);
    if (JUDGED.size() < 4096) JUDGED.put(name, secret);
    return secret;
  }

  private static boolean judge(String name) {
    String words = CAMEL_HUMP.matcher(name).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
    if (SECRET_WORDS.contains(NOT_WORD.matcher(words).replaceAll(""))) return true;
    for (String word : WORD_SEPARATORS.split(words)) {
      if (SECRET_WORDS.contains(word)) return true;
    }
    return false;
  }

  private static String withoutUserInfo(String head) {
    int scheme = head.indexOf("://");
    if (scheme < 0) return head;
    int authorityStart = scheme + 3;
    int pathStart = head.indexOf('/', authorityStart);
    int authorityEnd = pathStart < 0 ? head.length() : pathStart;
    int at = head.lastIndexOf('@', authorityEnd - 1);
    if (at < authorityStart) return head;
    return head.substring(0, authorityStart) + MASK + head.substring(at);
  }
}
