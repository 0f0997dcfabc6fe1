-- Units at every level, and the plans' own texts: as migrations/sqlite/0009_levels_and_plan_texts.sql (which rebuilds
-- units to change its CHECK; here the constraint is replaced in place).
ALTER TABLE units DROP CONSTRAINT units_kind_check;
ALTER TABLE units ADD CONSTRAINT units_kind_check CHECK (kind IN ('board', 'administration', 'department'));
ALTER TABLE units ADD COLUMN external_id TEXT COLLATE "C";
ALTER TABLE units ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX uq_units_external_id ON units (external_id);

ALTER TABLE plans ADD COLUMN document_title TEXT COLLATE "C";
ALTER TABLE plans ADD COLUMN introduction TEXT COLLATE "C";
ALTER TABLE plans ADD COLUMN process TEXT COLLATE "C";
ALTER TABLE plans ADD COLUMN follow_up_decision TEXT COLLATE "C";

UPDATE plans SET document_title = 'Riskanalys och riskhanteringsplan';

ALTER TABLE activities ADD COLUMN carried_over BIGINT NOT NULL DEFAULT 0;
