-- Junction's own store tables (portable H2 2.x / PostgreSQL SQL).

-- The schema last applied for each entity, as JSON (see dev.junction.store.SchemaEvolution).
CREATE TABLE junction_entity_schema (
  entity      VARCHAR(128)     NOT NULL PRIMARY KEY,
  definition  VARCHAR(1000000) NOT NULL,
  applied_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The change log: one row per committed change, sequence order == commit order.
CREATE TABLE junction_change (
  sequence     BIGINT        NOT NULL PRIMARY KEY,
  entity       VARCHAR(128)  NOT NULL,
  record_key   VARCHAR(4000) NOT NULL,
  operation    VARCHAR(6)    NOT NULL,
  version      BIGINT        NOT NULL,
  committed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
-- No index on entity: readers page by sequence; each extra index costs every write.

-- The single counter row from which every transaction allocates its change sequences at its end,
-- under the row lock, so sequences are handed out in commit order (docs/store-and-change-log.md).
CREATE TABLE junction_change_counter (
  id    INTEGER NOT NULL PRIMARY KEY,
  last_sequence BIGINT NOT NULL
);
INSERT INTO junction_change_counter (id, last_sequence) VALUES (1, 0);

-- The last version of each deleted record, so a re-created record continues its version sequence.
CREATE TABLE junction_tombstone (
  entity     VARCHAR(128)  NOT NULL,
  record_key VARCHAR(4000) NOT NULL,
  version    BIGINT        NOT NULL,
  PRIMARY KEY (entity, record_key)
);
