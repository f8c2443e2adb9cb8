package dev.junction.jobs;

import dev.junction.config.ScheduleConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Recurring integrations, D365 style: an <em>activity</em> has an inbound queue of files to import
 * (processed one at a time, in arrival order) and an outbound queue of exported packages (filled on
 * a schedule) that a client dequeues and acknowledges; a dequeued message not acknowledged within
 * the activity's timeout is delivered again. Thread-safe; cluster-safe through the database.
 */
public interface RecurringIntegrations {

  /**
   * Creates or replaces an activity.
   *
   * @param definition export definition run on {@code schedule} into the outbound queue, or null
   * @param schedule when to export (an interval, or a cron expression in a time zone), or null for
   *     no scheduled export
   * @param ackTimeout how long a dequeued message waits for its ack before redelivery, or null for
   *     the default
   * @throws JobException INVALID for a bad id, an unknown definition or a schedule without one
   */
  Activity define(String activityId, String definition, Schedule schedule, Duration ackTimeout);

  /** {@link #define(String, String, Schedule, Duration)} with an interval schedule (or none). */
  default Activity define(
      String activityId, String definition, Duration interval, Duration ackTimeout) {
    return define(
        activityId, definition, interval == null ? null : Schedule.every(interval), ackTimeout);
  }

  Optional<Activity> activity(String activityId);

  /**
   * Queues a file or package for import under {@code activityId} (created with defaults when new);
   * returns the message, whose id is also its import job's id.
   */
  Message enqueue(String activityId, Path upload, String fileName, String entity);

  /**
   * The oldest outbound package not yet acknowledged and not currently leased, now leased to the
   * caller until the ack timeout; empty when there is none.
   */
  Optional<Delivery> dequeue(String activityId);

  /**
   * Acknowledges a delivery.
   *
   * @throws JobException NOT_FOUND for an unknown message; CONFLICT when the pop receipt is not the
   *     current one (the message was redelivered since) or it was acknowledged already
   */
  Message ack(String activityId, String messageId, String popReceipt);

  /**
   * @throws JobException NOT_FOUND
   */
  Message message(String messageId);

  /** Queues the scheduled exports that are due; returns how many. Called by the job poller. */
  int runSchedules();

  /** A recurring activity; {@code schedule} is null when it exports nothing by itself. */
  record Activity(String id, String definition, Schedule schedule, Duration ackTimeout) {
    /** The interval of an interval schedule, else null. */
    public Duration interval() {
      return schedule == null ? null : schedule.interval();
    }
  }

  /**
   * When a recurring export runs: every {@code interval} (the first run at once), or at the times
   * of a {@link CronSchedule} read in {@code zone}. Runs missed while no node was up are not caught
   * up one by one: the next poll runs once, then the schedule goes on from now.
   */
  record Schedule(Duration interval, CronSchedule cron, ZoneId zone) {
    public Schedule {
      if ((interval == null) == (cron == null)) {
        throw new JobException(
            JobException.Reason.INVALID, "a schedule has either an interval or a cron expression");
      }
      if (interval != null && interval.toSeconds() < 1) {
        throw new JobException(
            JobException.Reason.INVALID, "interval must be at least 1 second, was " + interval);
      }
      if (cron != null && zone == null) zone = ZoneOffset.UTC;
    }

    /** The schedule of a config section; null for none. */
    public static Schedule of(ScheduleConfig config) {
      if (config == null) return null;
      if (config.interval() != null) return every(config.interval());
      return cron(config.cron(), ZoneId.of(config.timeZone()));
    }

    public static Schedule every(Duration interval) {
      return new Schedule(interval, null, null);
    }

    /**
     * A cron schedule; {@code zone} null means UTC.
     *
     * @throws JobException INVALID naming {@code cron} and what is wrong with the expression
     */
    public static Schedule cron(String expression, ZoneId zone) {
      try {
        return new Schedule(null, CronSchedule.parse(expression), zone);
      } catch (IllegalArgumentException e) {
        throw new JobException(
            JobException.Reason.INVALID, "cron '" + expression + "': " + e.getMessage());
      }
    }

    /** The first run strictly after {@code now}. */
    Instant next(Instant now) {
      if (interval != null) return now.plus(interval);
      return cron.next(now, zone)
          .orElseThrow(() -> new IllegalStateException("cron '" + cron + "' never fires"));
    }
  }

  /** Which way a message travels. */
  enum Direction {
    /** Enqueued by a client for import. */
    IN,
    /** Exported by Junction for a client to dequeue. */
    OUT
  }

  /** D365 recurring message statuses. */
  enum MessageStatus {
    ENQUEUED("Enqueued"),
    DEQUEUED("Dequeued"),
    ACKED("Acked"),
    PREPROCESSING("Preprocessing"),
    PROCESSING("Processing"),
    PROCESSED("Processed"),
    PREPROCESSING_ERROR("PreProcessingError"),
    PROCESSED_WITH_ERRORS("ProcessedWithErrors"),
    POST_PROCESSING_FAILED("PostProcessingFailed");

    private final String wireName;

    MessageStatus(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** One message of an activity's queue. */
  record Message(
      String id,
      String activityId,
      Direction direction,
      MessageStatus status,
      String jobId,
      Instant created,
      int dequeueCount) {}

  /** A dequeued package: acknowledge it with its message id and pop receipt. */
  record Delivery(
      String messageId, String activityId, String popReceipt, String jobId, Instant dequeued) {}
}
