-- Sync API (issue 6): cheaper Database staging. A window's repeated keys with their latest sequence
-- (what junction_sync_window_latest holds one row per key) are kept as text chunks of
-- "key<TAB>sequence in base 36<LF>" lines, written once when the window is staged and read once per
-- server (then cached): far fewer rows to insert and delete than one per key. A window with chunk
-- rows (at least one, possibly empty) uses them; a window without uses junction_sync_window_latest
-- (staged before this version, or with too many repeated keys to hold in memory).
-- Portable H2 2.x / PostgreSQL SQL.
CREATE TABLE junction_sync_window_keys (
  window_id BIGINT          NOT NULL,
  chunk     INTEGER         NOT NULL,
  data      VARCHAR(1000000) NOT NULL,
  PRIMARY KEY (window_id, chunk)
);
