-- Batch data API (issue 7): asynchronous import/export jobs, export definitions with their
-- incremental position, recurring activities and their messages. Times are epoch milliseconds.
CREATE TABLE junction_job (
  id               VARCHAR(100)    NOT NULL PRIMARY KEY,
  kind             VARCHAR(10)     NOT NULL,
  status           VARCHAR(24)     NOT NULL,
  request          VARCHAR(100000) NOT NULL,
  definition_name  VARCHAR(200),
  activity_id      VARCHAR(200),
  created_ms       BIGINT          NOT NULL,
  started_ms       BIGINT,
  finished_ms      BIGINT,
  owner            VARCHAR(200),
  lease_until_ms   BIGINT,
  attempts         INTEGER         NOT NULL DEFAULT 0,
  cancel_requested BOOLEAN         NOT NULL DEFAULT FALSE,
  phase            VARCHAR(20)     NOT NULL DEFAULT 'queued',
  done             BIGINT          NOT NULL DEFAULT 0,
  total            BIGINT          NOT NULL DEFAULT 0,
  rows_read        BIGINT          NOT NULL DEFAULT 0,
  inserted         BIGINT          NOT NULL DEFAULT 0,
  updated          BIGINT          NOT NULL DEFAULT 0,
  unchanged        BIGINT          NOT NULL DEFAULT 0,
  rejected         BIGINT          NOT NULL DEFAULT 0,
  deleted          BIGINT          NOT NULL DEFAULT 0,
  exported         BIGINT          NOT NULL DEFAULT 0,
  checkpoint       VARCHAR(4000),
  message          VARCHAR(4000)
);

CREATE INDEX junction_job_status ON junction_job (status, created_ms);
CREATE INDEX junction_job_activity ON junction_job (activity_id, created_ms);

CREATE TABLE junction_data_definition (
  name          VARCHAR(200)    NOT NULL PRIMARY KEY,
  request       VARCHAR(100000) NOT NULL,
  last_sequence BIGINT,
  updated_ms    BIGINT          NOT NULL
);

CREATE TABLE junction_recurring_activity (
  activity_id         VARCHAR(200) NOT NULL PRIMARY KEY,
  definition_name     VARCHAR(200),
  interval_seconds    BIGINT,
  next_run_ms         BIGINT,
  ack_timeout_seconds BIGINT       NOT NULL
);

CREATE TABLE junction_recurring_message (
  id            VARCHAR(100) NOT NULL PRIMARY KEY,
  activity_id   VARCHAR(200) NOT NULL,
  direction     VARCHAR(3)   NOT NULL,
  job_id        VARCHAR(100) NOT NULL,
  status        VARCHAR(30)  NOT NULL,
  created_ms    BIGINT       NOT NULL,
  dequeued_ms   BIGINT,
  dequeue_count INTEGER      NOT NULL DEFAULT 0,
  pop_receipt   VARCHAR(100),
  acked_ms      BIGINT
);

CREATE INDEX junction_recurring_message_queue
  ON junction_recurring_message (activity_id, direction, status, created_ms);
