package dev.junction.jobs;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** {@link RecurringIntegrations} on the activity and message tables. */
final class JdbcRecurringIntegrations implements RecurringIntegrations {
  private final JdbcBatchJobs jobs;
  private final Jdbc jdbc;
  private final InstantSource clock;
  private final Duration defaultAckTimeout;

  JdbcRecurringIntegrations(
      JdbcBatchJobs jobs,
      DataSource dataSource,
      InstantSource clock,
      Path directory,
      Duration defaultAckTimeout) {
    this.jobs = jobs;
    this.jdbc = new Jdbc(dataSource);
    this.clock = clock;
    this.defaultAckTimeout = defaultAckTimeout;
  }

  @Override
  public Activity define(
      String activityId, String definition, Schedule schedule, Duration ackTimeout) {
    checkId(activityId);
    if (definition != null && jobs.definition(definition).isEmpty()) {
      throw JobException.notFound("Export definition", definition);
    }
    if (schedule != null && definition == null) {
      throw new JobException(
          JobException.Reason.INVALID, "a scheduled activity needs an export definition");
    }
    Duration timeout = ackTimeout == null ? defaultAckTimeout : ackTimeout;
    Long seconds =
        schedule == null || schedule.interval() == null ? null : schedule.interval().toSeconds();
    String cron = schedule == null || schedule.cron() == null ? null : schedule.cron().expression();
    String zone = cron == null ? null : schedule.zone().getId();
    Long next =
        schedule == null
            ? null
            : schedule.interval() != null
                ? clock.millis()
                : schedule.next(clock.instant()).toEpochMilli();
    jdbc.tx(
        c -> {
          int n =
              Jdbc.update(
                  c,
                  "UPDATE junction_recurring_activity SET definition_name = ?, interval_seconds ="
                      + " ?, cron = ?, cron_zone = ?, next_run_ms = ?, ack_timeout_seconds = ?"
                      + " WHERE activity_id = ?",
                  definition,
                  seconds,
                  cron,
                  zone,
                  next,
                  timeout.toSeconds(),
                  activityId);
          if (n == 0) {
            Jdbc.update(
                c,
                "INSERT INTO junction_recurring_activity (activity_id, definition_name,"
                    + " interval_seconds, cron, cron_zone, next_run_ms, ack_timeout_seconds)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                activityId,
                definition,
                seconds,
                cron,
                zone,
                next,
                timeout.toSeconds());
          }
          return null;
        });
    return activity(activityId).orElseThrow();
  }

  /**
   * Creates the row of {@code activityId} (no schedule, default ack timeout) when it has none:
   * every job of an activity needs the row, whose lock serialises the activity's jobs across nodes.
   */
  void ensure(String activityId) {
    if (activity(activityId).isPresent()) return;
    try {
      jdbc.update(
          "INSERT INTO junction_recurring_activity (activity_id, ack_timeout_seconds) VALUES (?,"
              + " ?)",
          activityId,
          defaultAckTimeout.toSeconds());
    } catch (RuntimeException e) {
      if (activity(activityId).isEmpty()) throw e;
      // created by a concurrent caller
    }
  }

  private static void checkId(String activityId) {
    if (activityId == null || !activityId.matches("[A-Za-z0-9][A-Za-z0-9._{}-]{0,199}")) {
      throw new JobException(
          JobException.Reason.INVALID,
          "activity id '"
              + activityId
              + "' is not valid: use letters, digits, '.', '_', '-', braces");
    }
  }

  @Override
  public Optional<Activity> activity(String activityId) {
    return jdbc
        .query(
            "SELECT activity_id, definition_name, interval_seconds, cron, cron_zone,"
                + " ack_timeout_seconds FROM junction_recurring_activity WHERE activity_id = ?",
            rs ->
                new Activity(
                    rs.getString(1),
                    rs.getString(2),
                    schedule(rs),
                    Duration.ofSeconds(rs.getLong("ack_timeout_seconds"))),
            activityId)
        .stream()
        .findFirst();
  }

  /** The schedule of the activity row at {@code rs}, or null when it has none. */
  private static Schedule schedule(ResultSet rs) throws SQLException {
    Long intervalSeconds = Jdbc.nullableLong(rs, "interval_seconds");
    if (intervalSeconds != null) return Schedule.every(Duration.ofSeconds(intervalSeconds));
    String cron = rs.getString("cron");
    String zone = rs.getString("cron_zone");
    if (cron != null) return Schedule.cron(cron, zone == null ? null : ZoneId.of(zone));
    return null;
  }

  @Override
  public Message enqueue(String activityId, Path upload, String fileName, String entity) {
    checkId(activityId);
    ensure(activityId);
    Job job =
        jobs.submitImport(upload, new ImportRequest(fileName, entity, false), null, activityId);
    jdbc.update(
        "INSERT INTO junction_recurring_message (id, activity_id, direction, job_id, status,"
            + " created_ms) VALUES (?, ?, 'IN', ?, 'Enqueued', ?)",
        job.id(),
        activityId,
        job.id(),
        clock.millis());
    return message(job.id());
  }

  /** Puts a finished export's package on the activity's outbound queue. */
  void offer(String activityId, String jobId) {
    jdbc.update(
        "INSERT INTO junction_recurring_message (id, activity_id, direction, job_id, status,"
            + " created_ms) VALUES (?, ?, 'OUT', ?, 'Enqueued', ?)",
        UUID.randomUUID().toString(),
        activityId,
        jobId,
        clock.millis());
  }

  @Override
  public Optional<Delivery> dequeue(String activityId) {
    Optional<Activity> activity = activity(activityId);
    if (activity.isEmpty()) return Optional.empty();
    long now = clock.millis();
    long expired = now - activity.get().ackTimeout().toMillis();
    return jdbc.tx(
        c -> {
          List<String[]> candidates =
              Jdbc.query(
                  c,
                  "SELECT id, job_id FROM junction_recurring_message WHERE activity_id = ? AND"
                      + " direction = 'OUT' AND (status = 'Enqueued' OR (status = 'Dequeued' AND"
                      + " dequeued_ms < ?)) ORDER BY seq",
                  rs -> new String[] {rs.getString(1), rs.getString(2)},
                  activityId,
                  expired);
          for (String[] m : candidates) {
            String receipt = UUID.randomUUID().toString();
            int n =
                Jdbc.update(
                    c,
                    "UPDATE junction_recurring_message SET status = 'Dequeued', dequeued_ms = ?,"
                        + " pop_receipt = ?, dequeue_count = dequeue_count + 1 WHERE id = ? AND"
                        + " (status = 'Enqueued' OR (status = 'Dequeued' AND dequeued_ms < ?))",
                    now,
                    receipt,
                    m[0],
                    expired);
            if (n == 1) {
              return Optional.of(
                  new Delivery(m[0], activityId, receipt, m[1], Instant.ofEpochMilli(now)));
            }
          }
          return Optional.<Delivery>empty();
        });
  }

  @Override
  public Message ack(String activityId, String messageId, String popReceipt) {
    Message m = message(messageId);
    if (!m.activityId().equals(activityId)) throw JobException.notFound("Message", messageId);
    if (m.direction() != Direction.OUT) {
      throw new JobException(
          JobException.Reason.CONFLICT,
          "message '" + messageId + "' was enqueued for import; only dequeued messages are acked");
    }
    int n =
        jdbc.update(
            "UPDATE junction_recurring_message SET status = 'Acked', acked_ms = ? WHERE id = ? AND"
                + " status = 'Dequeued' AND pop_receipt = ?",
            clock.millis(),
            messageId,
            popReceipt);
    if (n == 0) {
      Message now = message(messageId);
      throw new JobException(
          JobException.Reason.CONFLICT,
          "message '"
              + messageId
              + "' is "
              + now.status().wireName()
              + (now.status() == MessageStatus.DEQUEUED
                  ? " under another pop receipt (it was delivered again after its ack timeout);"
                      + " ack the latest delivery"
                  : "; nothing to acknowledge"));
    }
    return message(messageId);
  }

  @Override
  public Message message(String messageId) {
    return jdbc
        .query(
            "SELECT id, activity_id, direction, job_id, status, created_ms, dequeue_count FROM"
                + " junction_recurring_message WHERE id = ?",
            this::map,
            messageId)
        .stream()
        .findFirst()
        .orElseThrow(() -> JobException.notFound("Message", messageId));
  }

  private Message map(ResultSet rs) throws SQLException {
    Direction direction = Direction.valueOf(rs.getString("direction"));
    String jobId = rs.getString("job_id");
    MessageStatus status;
    if (direction == Direction.OUT) {
      status =
          switch (rs.getString("status")) {
            case "Dequeued" -> MessageStatus.DEQUEUED;
            case "Acked" -> MessageStatus.ACKED;
            default -> MessageStatus.ENQUEUED;
          };
    } else {
      Job job = jobs.find(jobId).orElse(null);
      status = job == null ? MessageStatus.ENQUEUED : inbound(job);
    }
    return new Message(
        rs.getString("id"),
        rs.getString("activity_id"),
        direction,
        status,
        jobId,
        Instant.ofEpochMilli(rs.getLong("created_ms")),
        rs.getInt("dequeue_count"));
  }

  private static MessageStatus inbound(Job job) {
    return switch (job.status()) {
      case NOT_RUN -> MessageStatus.ENQUEUED;
      case EXECUTING ->
          job.phase().equals("loading") ? MessageStatus.PROCESSING : MessageStatus.PREPROCESSING;
      case SUCCEEDED -> MessageStatus.PROCESSED;
      case PARTIALLY_SUCCEEDED -> MessageStatus.PROCESSED_WITH_ERRORS;
      case FAILED ->
          job.counts().rejected() > 0
              ? MessageStatus.PROCESSED_WITH_ERRORS
              : MessageStatus.PREPROCESSING_ERROR;
      case CANCELED -> MessageStatus.POST_PROCESSING_FAILED;
    };
  }

  @Override
  public int runSchedules() {
    long now = clock.millis();
    List<Object[]> due =
        jdbc.query(
            "SELECT activity_id, definition_name, interval_seconds, cron, cron_zone, next_run_ms"
                + " FROM junction_recurring_activity WHERE (interval_seconds IS NOT NULL OR cron IS"
                + " NOT NULL) AND next_run_ms <= ?",
            rs ->
                new Object[] {
                  rs.getString(1), rs.getString(2), schedule(rs), rs.getLong("next_run_ms")
                },
            now);
    int queued = 0;
    for (Object[] a : due) {
      String activityId = (String) a[0];
      Schedule schedule = (Schedule) a[2];
      long previous = (Long) a[3];
      long next =
          schedule.interval() != null
              ? Math.max(previous + schedule.interval().toMillis(), now)
              : schedule.next(Instant.ofEpochMilli(now)).toEpochMilli();
      int claimed =
          jdbc.update(
              "UPDATE junction_recurring_activity SET next_run_ms = ? WHERE activity_id = ? AND"
                  + " next_run_ms = ?",
              next,
              activityId,
              previous);
      if (claimed == 1) {
        jobs.submitExport(
            new ExportRequest(List.of(), null, null, true, (String) a[1]), null, activityId);
        queued++;
      }
    }
    return queued;
  }
}
