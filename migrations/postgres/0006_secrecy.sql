-- The secrecy marking of a risk: as migrations/sqlite/0006_secrecy.sql.
ALTER TABLE risks ADD COLUMN secrecy_ground TEXT COLLATE "C";
ALTER TABLE risks ADD COLUMN secrecy_note TEXT COLLATE "C";
ALTER TABLE risks ADD COLUMN secrecy_marked_at TEXT COLLATE "C";
ALTER TABLE risks ADD COLUMN secrecy_marked_by TEXT COLLATE "C";
