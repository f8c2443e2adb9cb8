package dev.junction.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
   * @param definition export definition run on {@code interval} into the outbound queue, or null
   * @param interval how often to export, or null for no scheduled export
   * @param ackTimeout how long a dequeued message waits for its ack before redelivery, or null for
   *     the default
   */
  Activity define(String activityId, String definition, Duration interval, Duration ackTimeout);

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

  /** A recurring activity. */
  record Activity(String id, String definition, Duration interval, Duration ackTimeout) {}

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
