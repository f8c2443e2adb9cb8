package dev.junction.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {
  private static final ZoneId UTC = ZoneOffset.UTC;

  private static Instant next(String cron, String after) {
    return CronSchedule.parse(cron).next(Instant.parse(after), UTC).orElseThrow();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "* * * * *          | 2026-03-10T10:15:30Z | 2026-03-10T10:16:00Z",
        "*/15 * * * *       | 2026-03-10T10:15:00Z | 2026-03-10T10:30:00Z",
        "0 2 * * *          | 2026-03-10T02:00:00Z | 2026-03-11T02:00:00Z",
        "0 2 * * *          | 2026-03-10T01:59:59Z | 2026-03-10T02:00:00Z",
        "30 9 * * MON-FRI   | 2026-03-13T10:00:00Z | 2026-03-16T09:30:00Z",
        "0 0 1 */3 *        | 2026-02-15T00:00:00Z | 2026-04-01T00:00:00Z",
        "0 0 29 2 *         | 2026-03-01T00:00:00Z | 2028-02-29T00:00:00Z",
        "0 12 1 * 0         | 2026-03-02T00:00:00Z | 2026-03-08T12:00:00Z",
        "0 12 * * 7         | 2026-03-02T00:00:00Z | 2026-03-08T12:00:00Z",
      })
  void findsTheNextMatchingTime(String cron, String after, String expected) {
    assertThat(next(cron.trim(), after.trim())).isEqualTo(Instant.parse(expected.trim()));
  }

  @Test
  void sixFieldsStartWithSeconds() {
    assertThat(next("*/10 * * * * *", "2026-03-10T10:15:31Z"))
        .isEqualTo(Instant.parse("2026-03-10T10:15:40Z"));
    assertThat(next("0 0 6 * * *", "2026-03-10T10:15:31Z"))
        .isEqualTo(Instant.parse("2026-03-11T06:00:00Z"));
  }

  @Test
  void namesListsAndMacros() {
    assertThat(next("0 8 * jan,JUL sun", "2026-01-01T00:00:00Z"))
        .isEqualTo(Instant.parse("2026-01-04T08:00:00Z"));
    assertThat(next("@hourly", "2026-01-01T00:00:00Z"))
        .isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
    assertThat(next("@daily", "2026-01-01T00:00:00Z"))
        .isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    assertThat(next("0 0 ? * *", "2026-01-01T00:00:00Z"))
        .isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
  }

  @Test
  void restrictedDayOfMonthAndDayOfWeekFireOnEither() {
    // the 13th or any Monday (2026-03-13 is a Friday, 2026-03-16 a Monday)
    assertThat(next("0 0 13 * MON", "2026-03-10T00:00:00Z"))
        .isEqualTo(Instant.parse("2026-03-13T00:00:00Z"));
    assertThat(next("0 0 13 * MON", "2026-03-13T00:00:00Z"))
        .isEqualTo(Instant.parse("2026-03-16T00:00:00Z"));
  }

  @Test
  void followsTheZoneAcrossDaylightSaving() {
    ZoneId zurich = ZoneId.of("Europe/Zurich");
    CronSchedule s = CronSchedule.parse("30 2 * * *");
    // 2026-03-29 02:30 does not exist in Zurich (clocks jump 02:00 → 03:00): fires after the gap
    assertThat(s.next(Instant.parse("2026-03-28T12:00:00Z"), zurich).orElseThrow())
        .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    assertThat(s.next(Instant.parse("2026-03-29T12:00:00Z"), zurich).orElseThrow())
        .isEqualTo(Instant.parse("2026-03-30T00:30:00Z"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''                 | empty",
        "* * * *            | has 4 fields",
        "60 * * * *         | field minute '60': 60 is out of range (allowed: 0..59",
        "* 24 * * *         | field hour '24': 24 is out of range (allowed: 0..23",
        "* * 0 * *          | field day-of-month '0'",
        "* * * 13 *         | field month '13'",
        "* * * FOO *        | field month 'FOO': 'FOO' is not a number or name",
        "* * * * 8          | field day-of-week '8'",
        "5-1 * * * *        | the range 5-1 runs backwards",
        "*/0 * * * *        | field minute '*/0'",
        "1,,2 * * * *       | an item of the list is empty",
        "0 0 30 2 *         | never fires",
        "@fortnightly       | not a known macro",
      })
  void rejectsBadExpressionsNamingTheField(String cron, String message) {
    assertThatThrownBy(() -> CronSchedule.parse(cron))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message.trim());
  }
}
