package dev.junction.config;

import java.time.Duration;

/**
 * When an integration runs by itself: a cron expression or a fixed interval (exactly one).
 *
 * @param cron a cron expression (5 fields: minute hour day-of-month month day-of-week, or 6 with
 *     seconds first), or null
 * @param interval time between the starts of two runs, or null
 * @param timeZone zone of the cron expression (default {@code UTC})
 */
public record ScheduleConfig(
    String cron, @Positive Duration interval, @Default("UTC") String timeZone) {
  public ScheduleConfig {
    timeZone = timeZone == null ? "UTC" : timeZone;
  }
}
