-- sqlite: foreign keys off
-- Units at every level, and the plans' own texts (issue 23; api.md "Units at every level", "Plans at every level").
-- The marker above makes the runner turn foreign keys off for this script and check them (PRAGMA foreign_key_check)
-- before it commits: SQLite cannot change a CHECK constraint in place, so units is rebuilt (the documented procedure:
-- create the new table, copy, drop the old, rename), with its ids, which plans, clients and history refer to.
-- kind gains 'department' (verksamhetsområde, område, enhet); external_id (e.g. an HSA id) is unique when given;
-- version moves on every change of the unit (its ETag).
CREATE TABLE units_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT    NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('board', 'administration', 'department')),
    parent_id    INTEGER REFERENCES units (id),
    created_at   TEXT    NOT NULL,
    external_id  TEXT,
    version      INTEGER NOT NULL DEFAULT 1
);
INSERT INTO units_new (id, name, kind, parent_id, created_at) SELECT id, name, kind, parent_id, created_at FROM units;
DROP TABLE units;
ALTER TABLE units_new RENAME TO units;
CREATE INDEX ix_units_parent ON units (parent_id);
CREATE UNIQUE INDEX uq_units_external_id ON units (external_id);

-- The plan's own texts: what the printed document is called (given at creation, else Plans:DocumentTitle then), its
-- introduction (inledning, syfte), how the analysis was made, and the decision on follow-up.
ALTER TABLE plans ADD COLUMN document_title TEXT;
ALTER TABLE plans ADD COLUMN introduction TEXT;
ALTER TABLE plans ADD COLUMN process TEXT;
ALTER TABLE plans ADD COLUMN follow_up_decision TEXT;

-- Plans made before this step were all called so (the document's title was fixed).
UPDATE plans SET document_title = 'Riskanalys och riskhanteringsplan';

-- An activity a copy brought over from last year's plan (an unfinished activity, or an improvement area of
-- uppföljning 2), for the förvaltning to keep or remove: 1, else 0.
ALTER TABLE activities ADD COLUMN carried_over INTEGER NOT NULL DEFAULT 0;
