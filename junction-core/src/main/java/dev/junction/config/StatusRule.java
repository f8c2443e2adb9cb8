package dev.junction.config;

import java.util.Locale;
import java.util.Objects;

/**
 * What to do with a response status, for APIs that misuse status codes: e.g. treat 404 as an empty
 * result ({@code ignore}) or 409 as transient ({@code retry}).
 *
 * @param status a status ({@code 404}), a range ({@code 500-599}) or a class ({@code 5xx})
 * @param action {@code retry}, {@code fail} or {@code ignore}
 */
public record StatusRule(@Required Range status, @Required Action action) {
  public StatusRule {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(action, "action");
  }

  /** What a matching response leads to. */
  public enum Action {
    /** Retry under the connection's retry policy. */
    RETRY,
    /** Fail the call without retrying. */
    FAIL,
    /** Treat the call as successful with an empty body. */
    IGNORE
  }

  /** An inclusive range of HTTP statuses. */
  public record Range(int from, int to) {
    public Range {
      if (from < 100 || to > 599 || from > to) {
        throw new IllegalArgumentException(
            "status range " + from + "-" + to + " is not within 100-599");
      }
    }

    /** Parses {@code 404}, {@code 500-599} or {@code 5xx}. */
    public static Range parse(String text) {
      String t = text.strip().toLowerCase(Locale.ROOT);
      try {
        if (t.matches("[1-5]xx")) {
          int c = (t.charAt(0) - '0') * 100;
          return new Range(c, c + 99);
        }
        int dash = t.indexOf('-');
        if (dash > 0) {
          return new Range(
              Integer.parseInt(t.substring(0, dash).strip()),
              Integer.parseInt(t.substring(dash + 1).strip()));
        }
        int s = Integer.parseInt(t);
        return new Range(s, s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "expected a status such as 404, 500-599 or 5xx, got '" + text + "'");
      }
    }

    public boolean contains(int status) {
      return status >= from && status <= to;
    }

    public boolean overlaps(Range o) {
      return from <= o.to && o.from <= to;
    }

    @Override
    public String toString() {
      return from == to ? Integer.toString(from) : from + "-" + to;
    }
  }
}
