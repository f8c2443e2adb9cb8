package dev.junction.config;

import java.util.Collection;
import java.util.Locale;

/** Suggests the known name closest to a misspelt one. */
final class Closest {
  private Closest() {}

  /** {@code " (did you mean 'x'?)"} when a name is close, else {@code " (known: a, b)"}. */
  static String hint(String wrong, Collection<String> known) {
    String s = suggestionOnly(wrong, known);
    if (!s.isEmpty()) return s;
    return known.isEmpty() ? " (none defined)" : " (known: " + String.join(", ", known) + ")";
  }

  /** {@code " (did you mean 'x'?)"} when a name is close, else empty. */
  static String suggestionOnly(String wrong, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    String w = wrong.toLowerCase(Locale.ROOT);
    for (String k : known) {
      int d = distance(w, k.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    int allowed = Math.max(1, Math.min(3, wrong.length() / 3));
    return best != null && bestDistance <= allowed ? " (did you mean '" + best + "'?)" : "";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) prev[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
