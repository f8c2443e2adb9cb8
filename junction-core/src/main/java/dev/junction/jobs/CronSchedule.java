package dev.junction.jobs;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A cron schedule in the standard syntax: five fields ({@code minute hour day-of-month month
 * day-of-week}) or six with seconds first. Each field is {@code *}, a value, a range {@code a-b}, a
 * step {@code *}{@code /n}, {@code a/n} or {@code a-b/n}, or a comma list of these; months may be
 * named {@code JAN}–{@code DEC} and days {@code SUN}–{@code SAT} (0 and 7 are Sunday); {@code ?}
 * equals {@code *} in the day fields. The macros {@code @yearly}, {@code @monthly}, {@code
 * &#64;weekly}, {@code @daily}, {@code @midnight} and {@code @hourly} stand for their usual
 * expressions. As in Vixie cron, when both day-of-month and day-of-week are restricted a day
 * matching either fires. Immutable and thread-safe.
 */
public final class CronSchedule {
  private static final Map<String, String> MACROS =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");
  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
  private static final int SEARCH_YEARS = 8;

  private final String expression;
  private final BitSet seconds;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean domRestricted;
  private final boolean dowRestricted;

  private CronSchedule(String expression, String[] f) {
    this.expression = expression;
    int o = f.length == 6 ? 1 : 0;
    this.seconds = o == 1 ? field("second", f[0], 0, 59, null) : single(0);
    this.minutes = field("minute", f[o], 0, 59, null);
    this.hours = field("hour", f[o + 1], 0, 23, null);
    this.daysOfMonth = field("day-of-month", f[o + 2], 1, 31, null);
    this.months = field("month", f[o + 3], 1, 12, MONTHS);
    BitSet dow = field("day-of-week", f[o + 4], 0, 7, DAYS);
    if (dow.get(7)) dow.set(0);
    dow.clear(7);
    this.daysOfWeek = dow;
    this.domRestricted = !isAll(f[o + 2]);
    this.dowRestricted = !isAll(f[o + 4]);
  }

  /**
   * Parses {@code expression}.
   *
   * @throws IllegalArgumentException naming the field, the bad part and the allowed range, or a
   *     schedule that can never fire (such as the 30th of February)
   */
  public static CronSchedule parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("a cron expression is empty");
    }
    String text = expression.trim();
    String expanded = MACROS.getOrDefault(text.toLowerCase(Locale.ROOT), text);
    if (expanded.startsWith("@")) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a known macro (use @yearly, @monthly, @weekly, @daily, @hourly)");
    }
    String[] fields = expanded.split("\\s+");
    if (fields.length != 5 && fields.length != 6) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' has "
              + fields.length
              + " fields; use 5 (minute hour day-of-month month day-of-week) or 6 (seconds first)");
    }
    CronSchedule s = new CronSchedule(text, fields);
    if (s.next(Instant.EPOCH.plusSeconds(86_400L * 365 * 30), ZoneId.of("UTC")).isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' never fires (no such date exists)");
    }
    return s;
  }

  /** The expression as given. */
  public String expression() {
    return expression;
  }

  /**
   * The first time strictly after {@code after} that matches, in {@code zone} (a local time skipped
   * by a daylight-saving gap fires at the first instant after the gap); empty when none within
   * eight years.
   */
  public Optional<Instant> next(Instant after, ZoneId zone) {
    Objects.requireNonNull(zone, "zone");
    LocalDateTime t = LocalDateTime.ofInstant(after, zone).withNano(0).plusSeconds(1);
    int lastYear = t.getYear() + SEARCH_YEARS;
    while (t.getYear() <= lastYear) {
      if (!months.get(t.getMonthValue())) {
        t = LocalDate.of(t.getYear(), t.getMonthValue(), 1).plusMonths(1).atStartOfDay();
        continue;
      }
      if (!dayMatches(t.toLocalDate())) {
        t = t.toLocalDate().plusDays(1).atStartOfDay();
        continue;
      }
      if (!hours.get(t.getHour())) {
        t = t.toLocalDate().atTime(t.getHour(), 0).plusHours(1);
        continue;
      }
      if (!minutes.get(t.getMinute())) {
        t = t.toLocalDate().atTime(t.getHour(), t.getMinute()).plusMinutes(1);
        continue;
      }
      if (!seconds.get(t.getSecond())) {
        t = t.plusSeconds(1);
        continue;
      }
      Instant at = ZonedDateTime.of(t, zone).toInstant();
      if (at.isAfter(after)) return Optional.of(at);
      t = t.plusSeconds(1);
    }
    return Optional.empty();
  }

  private boolean dayMatches(LocalDate d) {
    boolean dom = daysOfMonth.get(d.getDayOfMonth());
    boolean dow =
        daysOfWeek.get(d.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : d.getDayOfWeek().getValue());
    if (domRestricted && dowRestricted) return dom || dow;
    return dom && dow;
  }

  private static boolean isAll(String f) {
    return f.equals("*") || f.equals("?");
  }

  private static BitSet single(int v) {
    BitSet b = new BitSet();
    b.set(v);
    return b;
  }

  private static BitSet field(String name, String text, int min, int max, List<String> names) {
    BitSet bits = new BitSet(max + 1);
    if (text.equals("?") && (name.startsWith("day"))) text = "*";
    for (String part : text.split(",", -1)) {
      if (part.isEmpty()) throw bad(name, text, "an item of the list is empty", min, max);
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(name, part.substring(slash + 1), 1, max, null, text);
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = min;
        to = max;
      } else {
        int dash = range.indexOf('-');
        if (dash > 0) {
          from = number(name, range.substring(0, dash), min, max, names, text);
          to = number(name, range.substring(dash + 1), min, max, names, text);
          if (to < from) {
            throw bad(name, text, "the range " + range + " runs backwards", min, max);
          }
        } else {
          from = number(name, range, min, max, names, text);
          to = slash >= 0 ? max : from;
        }
      }
      for (int v = from; v <= to; v += step) bits.set(v);
    }
    return bits;
  }

  private static int number(
      String name, String s, int min, int max, List<String> names, String text) {
    if (names != null) {
      int i = names.indexOf(s.toUpperCase(Locale.ROOT));
      if (i >= 0) return names == MONTHS ? i + 1 : i;
    }
    int v;
    try {
      v = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw bad(
          name, text, "'" + s + "' is not a number" + (names == null ? "" : " or name"), min, max);
    }
    if (v < min || v > max) throw bad(name, text, s + " is out of range", min, max);
    return v;
  }

  private static IllegalArgumentException bad(
      String name, String text, String what, int min, int max) {
    return new IllegalArgumentException(
        "field "
            + name
            + " '"
            + text
            + "': "
            + what
            + " (allowed: "
            + min
            + ".."
            + max
            + ", *, a-b, */n, lists)");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronSchedule c && c.expression.equals(expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  @Override
  public String toString() {
    return expression;
  }
}
