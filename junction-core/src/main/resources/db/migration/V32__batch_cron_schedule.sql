-- Recurring exports on a cron schedule (issue 7): the expression and the time zone it is read in.
-- An activity has an interval, a cron expression, or neither.
ALTER TABLE junction_recurring_activity ADD COLUMN cron VARCHAR(200);
ALTER TABLE junction_recurring_activity ADD COLUMN cron_zone VARCHAR(64);
