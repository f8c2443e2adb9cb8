package dev.junction.jobs;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The {@code junction_job} table. A node claims a job with a compare-and-set update (status NotRun,
 * or Executing with an expired lease) and keeps its lease alive while it runs, so each job runs on
 * one node at a time and a crashed node's jobs are taken over once their lease expires.
 */
final class JobTable {
  private static final String COLUMNS =
      "id, kind, status, request, definition_name, activity_id, created_ms, started_ms,"
          + " finished_ms, attempts, phase, done, total, rows_read, inserted, updated, unchanged,"
          + " rejected, deleted, exported, checkpoint, message";

  final Jdbc jdbc;

  JobTable(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** A job claimed for running, with what it needs to resume. */
  record Claimed(
      String id,
      JobKind kind,
      String request,
      String definition,
      String activityId,
      int attempts,
      JobCounts counts,
      String checkpoint) {}

  void insert(
      String id, JobKind kind, String request, String definition, String activityId, Instant now) {
    jdbc.update(
        "INSERT INTO junction_job (id, kind, status, request, definition_name, activity_id,"
            + " created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
        id,
        kind.name(),
        JobStatus.NOT_RUN.wireName(),
        request,
        definition,
        activityId,
        now.toEpochMilli());
  }

  boolean exists(String id) {
    return !jdbc.query("SELECT id FROM junction_job WHERE id = ?", rs -> 1, id).isEmpty();
  }

  Optional<Job> get(String id) {
    return jdbc
        .query("SELECT " + COLUMNS + " FROM junction_job WHERE id = ?", JobTable::job, id)
        .stream()
        .findFirst();
  }

  List<Job> recent(int limit) {
    return jdbc.query(
        "SELECT " + COLUMNS + " FROM junction_job ORDER BY seq DESC FETCH FIRST ? ROWS ONLY",
        JobTable::job,
        limit);
  }

  String request(String id) {
    return jdbc
        .query("SELECT request FROM junction_job WHERE id = ?", rs -> rs.getString(1), id)
        .stream()
        .findFirst()
        .orElseThrow(() -> JobException.notFound("Job", id));
  }

  /** After a restart: this node's unfinished jobs become claimable at once. */
  int releaseOwn(String node) {
    return jdbc.update(
        "UPDATE junction_job SET lease_until_ms = 0 WHERE status = 'Executing' AND owner = ?",
        node);
  }

  /**
   * Claims the oldest runnable job, keeping jobs of one recurring activity in arrival order and one
   * at a time. Callers serialise calls within a node.
   */
  Optional<Claimed> claim(String node, long now, long leaseUntil) {
    return jdbc.tx(
        c -> {
          Set<String> blocked = new HashSet<>();
          Jdbc.query(
                  c,
                  "SELECT DISTINCT activity_id FROM junction_job WHERE status = 'Executing' AND"
                      + " lease_until_ms >= ? AND activity_id IS NOT NULL",
                  rs -> rs.getString(1),
                  now)
              .forEach(blocked::add);
          List<String[]> candidates =
              Jdbc.query(
                  c,
                  "SELECT id, activity_id FROM junction_job WHERE (status = 'NotRun' AND"
                      + " cancel_requested = FALSE) OR (status = 'Executing' AND lease_until_ms <"
                      + " ?) ORDER BY seq",
                  rs -> new String[] {rs.getString(1), rs.getString(2)},
                  now);
          for (String[] candidate : candidates) {
            String activity = candidate[1];
            if (activity != null && !blocked.add(activity)) continue;
            if (activity != null && !lockActivity(c, activity, now)) continue;
            int claimed =
                Jdbc.update(
                    c,
                    "UPDATE junction_job SET status = 'Executing', owner = ?, lease_until_ms = ?,"
                        + " started_ms = COALESCE(started_ms, ?), attempts = attempts + 1 WHERE id"
                        + " = ? AND ((status = 'NotRun' AND cancel_requested = FALSE) OR (status ="
                        + " 'Executing' AND lease_until_ms < ?))",
                    node,
                    leaseUntil,
                    now,
                    candidate[0],
                    now);
            if (claimed == 1) {
              return Jdbc.query(
                      c,
                      "SELECT id, kind, request, definition_name, activity_id, attempts,"
                          + " rows_read, inserted, updated, unchanged, rejected, deleted,"
                          + " exported, checkpoint FROM junction_job WHERE id = ?",
                      rs ->
                          new Claimed(
                              rs.getString("id"),
                              JobKind.valueOf(rs.getString("kind")),
                              rs.getString("request"),
                              rs.getString("definition_name"),
                              rs.getString("activity_id"),
                              rs.getInt("attempts"),
                              counts(rs),
                              rs.getString("checkpoint")),
                      candidate[0])
                  .stream()
                  .findFirst();
            }
          }
          return Optional.<Claimed>empty();
        });
  }

  /**
   * Takes the row lock of {@code activity} for the rest of the claiming transaction and checks,
   * under it, that no job of the activity is executing: so two nodes claiming at once never both
   * start a job of one activity (one skips the locked row, or sees the other's committed claim).
   * False when another node holds the lock, a job of the activity runs, or the activity has no row.
   */
  private static boolean lockActivity(Connection c, String activity, long now) throws SQLException {
    if (Jdbc.query(
            c,
            "SELECT activity_id FROM junction_recurring_activity WHERE activity_id = ? FOR UPDATE"
                + " SKIP LOCKED",
            rs -> rs.getString(1),
            activity)
        .isEmpty()) {
      return false;
    }
    return Jdbc.query(
            c,
            "SELECT id FROM junction_job WHERE activity_id = ? AND status = 'Executing' AND"
                + " lease_until_ms >= ?",
            rs -> rs.getString(1),
            activity,
            now)
        .isEmpty();
  }

  void heartbeat(String node, Set<String> ids, long leaseUntil) {
    for (String id : ids) {
      jdbc.update(
          "UPDATE junction_job SET lease_until_ms = ? WHERE id = ? AND owner = ? AND status ="
              + " 'Executing'",
          leaseUntil,
          id,
          node);
    }
  }

  /**
   * Records progress; returns whether a cancel was requested.
   *
   * @throws LostLease when another node has taken the job over
   */
  boolean progress(
      String id,
      String node,
      String phase,
      long done,
      long total,
      JobCounts counts,
      String checkpoint) {
    return jdbc.tx(
        c -> {
          int n =
              Jdbc.update(
                  c,
                  "UPDATE junction_job SET phase = ?, done = ?, total = ?, rows_read = ?,"
                      + " inserted = ?, updated = ?, unchanged = ?, rejected = ?, deleted = ?,"
                      + " exported = ?, checkpoint = ? WHERE id = ? AND owner = ? AND status ="
                      + " 'Executing'",
                  phase,
                  done,
                  total,
                  counts.read(),
                  counts.inserted(),
                  counts.updated(),
                  counts.unchanged(),
                  counts.rejected(),
                  counts.deleted(),
                  counts.exported(),
                  checkpoint,
                  id,
                  node);
          if (n == 0) throw new LostLease(id);
          return Jdbc.query(
                  c,
                  "SELECT cancel_requested FROM junction_job WHERE id = ?",
                  rs -> rs.getBoolean(1),
                  id)
              .getFirst();
        });
  }

  /** Ends a job this node owns; false when it no longer owns it. */
  boolean finish(
      String id, String node, JobStatus status, JobCounts counts, String message, long now) {
    return jdbc.update(
            "UPDATE junction_job SET status = ?, phase = 'done', rows_read = ?, inserted = ?,"
                + " updated = ?, unchanged = ?, rejected = ?, deleted = ?, exported = ?, message"
                + " = ?, finished_ms = ?, lease_until_ms = NULL WHERE id = ? AND owner = ? AND"
                + " status = 'Executing'",
            status.wireName(),
            counts.read(),
            counts.inserted(),
            counts.updated(),
            counts.unchanged(),
            counts.rejected(),
            counts.deleted(),
            counts.exported(),
            truncate(message),
            now,
            id,
            node)
        == 1;
  }

  /** Fails a claimed job that was interrupted too often. */
  void giveUp(String id, String node, String message, long now) {
    finish(id, node, JobStatus.FAILED, currentCounts(id), message, now);
  }

  private JobCounts currentCounts(String id) {
    return get(id).map(Job::counts).orElse(JobCounts.NONE);
  }

  /** Requests a cancel; a job not started yet is canceled at once. */
  void requestCancel(String id, long now) {
    jdbc.tx(
        c -> {
          Jdbc.update(
              c,
              "UPDATE junction_job SET cancel_requested = TRUE WHERE id = ? AND status IN"
                  + " ('NotRun', 'Executing')",
              id);
          Jdbc.update(
              c,
              "UPDATE junction_job SET status = 'Canceled', phase = 'done', finished_ms = ?,"
                  + " message = 'canceled before it started' WHERE id = ? AND status = 'NotRun'",
              now,
              id);
          return null;
        });
  }

  static String truncate(String message) {
    if (message == null) return "";
    return message.length() <= 3900 ? message : message.substring(0, 3897) + "...";
  }

  private static JobCounts counts(ResultSet rs) throws SQLException {
    return new JobCounts(
        rs.getLong("rows_read"),
        rs.getLong("inserted"),
        rs.getLong("updated"),
        rs.getLong("unchanged"),
        rs.getLong("rejected"),
        rs.getLong("deleted"),
        rs.getLong("exported"));
  }

  private static Job job(ResultSet rs) throws SQLException {
    Long started = Jdbc.nullableLong(rs, "started_ms");
    Long finished = Jdbc.nullableLong(rs, "finished_ms");
    return new Job(
        rs.getString("id"),
        JobKind.valueOf(rs.getString("kind")),
        JobStatus.ofWireName(rs.getString("status")).orElseThrow(),
        rs.getString("phase"),
        rs.getLong("done"),
        rs.getLong("total"),
        counts(rs),
        rs.getString("message"),
        Instant.ofEpochMilli(rs.getLong("created_ms")),
        started == null ? null : Instant.ofEpochMilli(started),
        finished == null ? null : Instant.ofEpochMilli(finished),
        rs.getString("definition_name"),
        rs.getString("activity_id"),
        rs.getInt("attempts"));
  }

  /** Another node took the job over (this node's lease had expired). */
  static final class LostLease extends RuntimeException {
    LostLease(String id) {
      super("job " + id + " was taken over by another node after this node's lease expired");
    }
  }

  // Export definitions.

  record Definition(String name, String request, Long lastSequence) {}

  void putDefinition(String name, String request, long now) {
    jdbc.tx(
        c -> {
          int n =
              Jdbc.update(
                  c,
                  "UPDATE junction_data_definition SET request = ?, updated_ms = ? WHERE name = ?",
                  request,
                  now,
                  name);
          if (n == 0) {
            Jdbc.update(
                c,
                "INSERT INTO junction_data_definition (name, request, updated_ms) VALUES (?, ?,"
                    + " ?)",
                name,
                request,
                now);
          }
          return null;
        });
  }

  Optional<Definition> definition(String name) {
    return jdbc
        .query(
            "SELECT name, request, last_sequence FROM junction_data_definition WHERE name = ?",
            rs ->
                new Definition(
                    rs.getString(1), rs.getString(2), Jdbc.nullableLong(rs, "last_sequence")),
            name)
        .stream()
        .findFirst();
  }

  void advance(String name, long to, long now) {
    jdbc.update(
        "UPDATE junction_data_definition SET last_sequence = ?, updated_ms = ? WHERE name = ? AND"
            + " (last_sequence IS NULL OR last_sequence < ?)",
        to,
        now,
        name,
        to);
  }
}
