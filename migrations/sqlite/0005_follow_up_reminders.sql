-- The follow-up reminders sent: one row per plan, round and kind, so each is sent once, by whichever instance first
-- finds it due. The reminder itself is a history row (entity followUp) in the same transaction: the feed carries it.
CREATE TABLE follow_up_reminders (
    plan_id  INTEGER NOT NULL REFERENCES plans (id),
    round    INTEGER NOT NULL CHECK (round IN (1, 2)),
    kind     TEXT    NOT NULL CHECK (kind IN ('dueSoon', 'overdue')),
    sent_at  TEXT    NOT NULL,
    PRIMARY KEY (plan_id, round, kind)
);
