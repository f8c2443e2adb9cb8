-- Sync API (issue 6): cheaper Database staging. A staged window no longer copies its items; it keeps
-- its bounds in junction_sync_window and, in junction_sync_window_latest, the latest sequence of
-- only those keys that can have more than one change in the window. Pages are read from the change
-- log itself (immutable below the head), dropping each change that a later one in the window
-- supersedes. Portable H2 2.x / PostgreSQL SQL.

-- Windows staged by the old layout cannot be served by the new one: their tokens answer 410 Gone.
DELETE FROM junction_sync_window_item;
DELETE FROM junction_sync_window;
DROP TABLE junction_sync_window_item;

-- The last page served (its end position and the sequence of its last item), so a consumer paging
-- NAV-X style by skip continues by keyset instead of counting from the window's start. item_count
-- is no longer computed when a window is staged (-1) and set once its last page was served.
ALTER TABLE junction_sync_window ADD COLUMN page_position BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE junction_sync_window ADD COLUMN page_sequence BIGINT DEFAULT 0 NOT NULL;

-- Per window, each key that has a change of version > 1 in it and more than one change in it (or
-- may have: its earliest such change is version 2), with the sequence of its latest change there.
CREATE TABLE junction_sync_window_latest (
  window_id       BIGINT        NOT NULL,
  record_key      VARCHAR(4000) NOT NULL,
  latest_sequence BIGINT        NOT NULL,
  PRIMARY KEY (window_id, record_key)
);
