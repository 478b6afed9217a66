-- One row each time a node starts executing a scheduled run that Quartz fired (or recovered after a node died):
-- which kind, which fire time, which node, whether it was a recovery, and how it ended. No unique key on purpose:
-- a fire executed twice would show as two rows (the cluster suite counts them). Phase 2 (ADR 0017) moves the
-- catalog itself here; this table stays as the cluster's own record of who ran what.
CREATE TABLE patina_fires
(
  id          BIGSERIAL    PRIMARY KEY,
  kind        VARCHAR(20)  NOT NULL,
  fire_time   TIMESTAMPTZ  NOT NULL,
  node        VARCHAR(200) NOT NULL,
  recovering  BOOL         NOT NULL,
  started_at  TIMESTAMPTZ  NOT NULL,
  ended_at    TIMESTAMPTZ  NULL,
  outcome     VARCHAR(40)  NULL
);
CREATE INDEX idx_patina_fires_kind_time ON patina_fires (kind, fire_time);
