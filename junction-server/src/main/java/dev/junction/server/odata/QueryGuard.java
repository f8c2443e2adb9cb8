package dev.junction.server.odata;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Rejects hostile query strings before Olingo parses them: Olingo's expression parser recurses once
 * per parenthesis, so 10,000 nested parentheses would overflow the stack. Runs in time linear in
 * the URL length and allocates nothing per token.
 */
final class QueryGuard {
  private final ODataLimits limits;

  QueryGuard(ODataLimits limits) {
    this.limits = limits;
  }

  /**
   * Checks one request.
   *
   * @return {@code null} when the request may be handed to Olingo, else why not
   */
  Rejection check(String path, String rawQuery) {
    int length = (path == null ? 0 : path.length()) + (rawQuery == null ? 0 : rawQuery.length());
    if (length > limits.maxUrlLength()) {
      return new Rejection(
          400,
          "The request URL is "
              + length
              + " characters long; the limit is "
              + limits.maxUrlLength()
              + ". Send fewer or shorter query options.");
    }
    if (rawQuery == null || rawQuery.isEmpty()) return null;
    String query;
    try {
      query = URLDecoder.decode(rawQuery.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return new Rejection(
          400, "The query string is not valid percent-encoding: " + e.getMessage());
    }
    for (String option : query.split("&")) {
      String lower = option.toLowerCase(Locale.ROOT);
      int eq = lower.indexOf('=');
      String name = (eq < 0 ? lower : lower.substring(0, eq)).trim();
      if (Options.NOT_IMPLEMENTED.contains(name)) {
        return new Rejection(
            400,
            "The query option '"
                + name
                + "' is not supported by this service; it was not applied.");
      }
      Rejection rejection = checkOption(option);
      if (rejection != null) return rejection;
    }
    return null;
  }

  /** Why a request was refused before parsing: HTTP status and message. */
  record Rejection(int status, String message) {}

  private Rejection checkOption(String option) {
    String error = checkOptionText(option);
    return error == null ? null : new Rejection(400, error);
  }

  private String checkOptionText(String option) {
    int eq = option.indexOf('=');
    String name = eq < 0 ? option : option.substring(0, eq);
    String value = eq < 0 ? "" : option.substring(eq + 1);
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("$") && !Options.SUPPORTED.contains(lower)) {
      return "The query option '"
          + name
          + "' is not supported by this service (supported: "
          + String.join(", ", Options.SUPPORTED)
          + ").";
    }
    int depth = 0;
    int maxDepth = 0;
    int tokens = 0;
    boolean inToken = false;
    boolean inString = false;
    int literalStart = -1;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (inString) {
        if (c == '\'') {
          if (i + 1 < value.length() && value.charAt(i + 1) == '\'') {
            i++;
          } else {
            inString = false;
            if (i - literalStart > limits.maxLiteralLength()) {
              return "A string literal in "
                  + name
                  + " is "
                  + (i - literalStart)
                  + " characters long; the limit is "
                  + limits.maxLiteralLength()
                  + ".";
            }
          }
        }
        continue;
      }
      switch (c) {
        case '\'' -> {
          inString = true;
          literalStart = i;
          tokens++;
          inToken = false;
        }
        case '(' -> {
          depth++;
          inToken = false;
          if (depth > maxDepth) maxDepth = depth;
          if (maxDepth > limits.maxNesting()) {
            return name
                + " nests parentheses deeper than "
                + limits.maxNesting()
                + " levels; simplify the expression.";
          }
        }
        case ')' -> {
          depth--;
          inToken = false;
        }
        case ' ', ',', '\t', ';' -> inToken = false;
        default -> {
          if (!inToken) {
            tokens++;
            inToken = true;
            if (tokens > limits.maxFilterNodes()) {
              return name
                  + " has more than "
                  + limits.maxFilterNodes()
                  + " terms; the limit is "
                  + limits.maxFilterNodes()
                  + " expression nodes. Split the query.";
            }
          }
        }
      }
    }
    if (inString && value.length() - literalStart > limits.maxLiteralLength()) {
      return "A string literal in " + name + " exceeds " + limits.maxLiteralLength() + " chars.";
    }
    return null;
  }

  /** System query options this service implements; any other {@code $option} is refused. */
  static final class Options {
    static final java.util.Set<String> SUPPORTED =
        new java.util.TreeSet<>(
            java.util.List.of(
                "$filter",
                "$select",
                "$orderby",
                "$top",
                "$skip",
                "$count",
                "$expand",
                "$skiptoken",
                "$deltatoken",
                "$format"));

    /** Standard options this service does not implement: refused with 400, never ignored. */
    static final java.util.Set<String> NOT_IMPLEMENTED =
        java.util.Set.of("$apply", "$search", "$compute", "$levels", "$index", "$schemaversion");

    private Options() {}
  }
}
