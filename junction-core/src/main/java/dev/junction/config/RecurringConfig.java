package dev.junction.config;

import java.time.Duration;

/**
 * A recurring integration defined in config (the same as {@code PUT /api/recurring/{activityId}}):
 * its queues, and optionally an export definition run on a schedule into its outbound queue.
 *
 * @param activityId the activity id clients enqueue to and dequeue from
 * @param exportDefinition an {@code exportDefinitions} entry run incrementally on {@code schedule},
 *     or null for an activity that only imports what is enqueued
 * @param schedule when to export (cron or interval); needs {@code exportDefinition}
 * @param ackTimeout how long a dequeued package waits for its ack before it is delivered again
 */
public record RecurringConfig(
    @Required String activityId,
    String exportDefinition,
    ScheduleConfig schedule,
    @Default("30m") @Positive Duration ackTimeout) {
  public RecurringConfig {
    ackTimeout = ackTimeout == null ? Duration.ofMinutes(30) : ackTimeout;
  }
}
