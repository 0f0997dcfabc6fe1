-- Consequence areas per risk and a control's own secrecy marking: as migrations/sqlite/0016_consequence_areas_and_control_secrecy.sql.
ALTER TABLE risks ADD COLUMN consequences TEXT COLLATE "C";

ALTER TABLE controls ADD COLUMN secrecy_ground TEXT COLLATE "C";
ALTER TABLE controls ADD COLUMN secrecy_note TEXT COLLATE "C";
ALTER TABLE controls ADD COLUMN secrecy_marked_at TEXT COLLATE "C";
ALTER TABLE controls ADD COLUMN secrecy_marked_by TEXT COLLATE "C";
