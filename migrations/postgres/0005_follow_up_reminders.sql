-- The follow-up reminders sent: as migrations/sqlite/0005_follow_up_reminders.sql.
CREATE TABLE follow_up_reminders (
    plan_id  BIGINT  NOT NULL REFERENCES plans (id),
    round    BIGINT  NOT NULL CHECK (round IN (1, 2)),
    kind     TEXT COLLATE "C"    NOT NULL CHECK (kind IN ('dueSoon', 'overdue')),
    sent_at  TEXT COLLATE "C"    NOT NULL,
    PRIMARY KEY (plan_id, round, kind)
);
