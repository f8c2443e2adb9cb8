-- Every job of a recurring activity has the activity's row: claiming a job locks that row, so
-- two nodes never run jobs of one activity at once. Rows for jobs queued before this version.
INSERT INTO junction_recurring_activity (activity_id, ack_timeout_seconds)
SELECT DISTINCT j.activity_id, 1800
FROM junction_job j
WHERE j.activity_id IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM junction_recurring_activity a WHERE a.activity_id = j.activity_id);
