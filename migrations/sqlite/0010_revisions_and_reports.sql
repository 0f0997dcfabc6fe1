-- Revisions of an adopted plan, the nämnd's handling of each follow-up round, and the closure decision (issue 23;
-- api.md "Revising an adopted plan", "Each follow-up reported to the nämnd, and lateness that stays").

-- A plan's status gains 'revising' (an adopted plan with an open revision). SQLite cannot change a CHECK in place; a
-- widened CHECK is one of the changes its documentation allows by editing the stored CREATE statement (ALTER TABLE,
-- "making other kinds of table schema changes"): no row can break it, and the table keeps whatever columns other
-- migrations gave it. PostgreSQL replaces the constraint.
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, 'CHECK (status IN (''draft'', ''adopted'', ''closed''))', 'CHECK (status IN (''draft'', ''adopted'', ''revising'', ''closed''))')
WHERE type = 'table' AND name = 'plans';
PRAGMA writable_schema = OFF;

-- One row per revision of a plan, numbered from 1 per plan: open until adopted (with the nämnd's decision) or
-- discarded. The plan's own decision columns keep the first adoption.
CREATE TABLE plan_revisions (
    plan_id               INTEGER NOT NULL REFERENCES plans (id),
    number                INTEGER NOT NULL,
    reason                TEXT    NOT NULL,
    state                 TEXT    NOT NULL CHECK (state IN ('open', 'adopted', 'discarded')),
    opened_at             TEXT    NOT NULL,
    ended_at              TEXT,
    decision_date         TEXT,
    decision_paragraph    TEXT,
    decision_case_number  TEXT,
    PRIMARY KEY (plan_id, number)
);

-- The risks a revision added or changed. For a changed risk, before is the JSON of the risk and its activities as
-- adopted, taken when the revision first touched it: discarding the revision restores it from there.
CREATE TABLE plan_revision_changes (
    plan_id   INTEGER NOT NULL REFERENCES plans (id),
    number    INTEGER NOT NULL,
    risk_id   INTEGER NOT NULL,
    change    TEXT    NOT NULL CHECK (change IN ('added', 'changed')),
    before    TEXT,
    PRIMARY KEY (plan_id, number, risk_id)
);

-- The revision that added a risk (NULL: in the plan as first adopted).
ALTER TABLE risks ADD COLUMN added_in_revision INTEGER;

-- Each adoption of a risk's value: revision 0 is the plan's first adoption, n the revision n that added or changed it.
-- adopted_at orders them against the follow-ups' recorded_at: a round's trend compares with the value adopted latest
-- before it.
CREATE TABLE risk_adoptions (
    risk_id      INTEGER NOT NULL REFERENCES risks (id) ON DELETE CASCADE,
    revision     INTEGER NOT NULL,
    adopted_at   TEXT    NOT NULL,
    probability  INTEGER NOT NULL CHECK (probability BETWEEN 1 AND 5),
    consequence  INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 5),
    PRIMARY KEY (risk_id, revision)
);
-- The plans adopted before this migration: their risks' values as adopted, at the decision's date (which orders
-- before any follow-up recorded that day or later).
INSERT INTO risk_adoptions (risk_id, revision, adopted_at, probability, consequence)
SELECT r.id, 0, p.decision_date, r.probability, r.consequence
FROM risks r JOIN plans p ON p.id = r.plan_id
WHERE p.status IN ('adopted', 'closed') AND p.decision_date IS NOT NULL;

-- Per plan and round: when the round was first complete (its last risk recorded; kept, so lateness stays), and the
-- nämnd's handling of it (date, paragraph, case number, whether the round was complete when reported).
CREATE TABLE follow_up_rounds (
    plan_id               INTEGER NOT NULL REFERENCES plans (id),
    round                 INTEGER NOT NULL CHECK (round IN (1, 2)),
    completed_at          TEXT,
    report_date           TEXT,
    report_paragraph      TEXT,
    report_case_number    TEXT,
    report_complete       INTEGER,
    reported_at           TEXT,
    PRIMARY KEY (plan_id, round)
);

-- The nämnd's decision on closure (optional).
ALTER TABLE plans ADD COLUMN closure_date TEXT;
ALTER TABLE plans ADD COLUMN closure_paragraph TEXT;
ALTER TABLE plans ADD COLUMN closure_case_number TEXT;
