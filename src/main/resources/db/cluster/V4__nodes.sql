-- The catalog's version 7 (catalog/V7Nodes, ADR 0034): the node that did the work.
--   runs.node              the node that ran the run (the firing node; for a recovered fire the recovering node)
--   runs.recovered         1 when the run is a recovered fire
--   database_results.node  the node that did that database's part of a fanned-out nightly
--   database_results.recovered  1 when the part was run again because the node that ran it first died
-- Rows of V3 keep everything and get NULL and 0. A node whose code reads and writes catalog version 6 is refused by
-- Flyway's check (this V4 is newer than it knows) and by catalog_version, both versions named.
ALTER TABLE runs ADD COLUMN node TEXT COLLATE "C";
ALTER TABLE runs ADD COLUMN recovered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE database_results ADD COLUMN node TEXT COLLATE "C";
ALTER TABLE database_results ADD COLUMN recovered INTEGER NOT NULL DEFAULT 0;
CREATE INDEX database_results_by_object ON database_results (object_key) WHERE node IS NOT NULL;
UPDATE catalog_version SET sqlite_version = 7;
