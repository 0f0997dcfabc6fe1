-- Revisions, the nämnd's handling of each follow-up round, the closure decision: as
-- migrations/sqlite/0010_revisions_and_reports.sql.
ALTER TABLE plans DROP CONSTRAINT plans_status_check;
ALTER TABLE plans ADD CONSTRAINT plans_status_check CHECK (status IN ('draft', 'adopted', 'revising', 'closed'));

CREATE TABLE plan_revisions (
    plan_id               BIGINT  NOT NULL REFERENCES plans (id),
    number                BIGINT  NOT NULL,
    reason                TEXT COLLATE "C"    NOT NULL,
    state                 TEXT COLLATE "C"    NOT NULL CHECK (state IN ('open', 'adopted', 'discarded')),
    opened_at             TEXT COLLATE "C"    NOT NULL,
    ended_at              TEXT COLLATE "C",
    decision_date         DATE,
    decision_paragraph    TEXT COLLATE "C",
    decision_case_number  TEXT COLLATE "C",
    PRIMARY KEY (plan_id, number)
);

CREATE TABLE plan_revision_changes (
    plan_id   BIGINT  NOT NULL REFERENCES plans (id),
    number    BIGINT  NOT NULL,
    risk_id   BIGINT  NOT NULL,
    change    TEXT COLLATE "C"    NOT NULL CHECK (change IN ('added', 'changed')),
    before    TEXT COLLATE "C",
    PRIMARY KEY (plan_id, number, risk_id)
);

ALTER TABLE risks ADD COLUMN added_in_revision BIGINT;

CREATE TABLE risk_adoptions (
    risk_id      BIGINT  NOT NULL REFERENCES risks (id) ON DELETE CASCADE,
    revision     BIGINT  NOT NULL,
    adopted_at   TEXT COLLATE "C"    NOT NULL,
    probability  BIGINT  NOT NULL CHECK (probability BETWEEN 1 AND 5),
    consequence  BIGINT  NOT NULL CHECK (consequence BETWEEN 1 AND 5),
    PRIMARY KEY (risk_id, revision)
);
INSERT INTO risk_adoptions (risk_id, revision, adopted_at, probability, consequence)
SELECT r.id, 0, to_char(p.decision_date, 'YYYY-MM-DD'), r.probability, r.consequence
FROM risks r JOIN plans p ON p.id = r.plan_id
WHERE p.status IN ('adopted', 'closed') AND p.decision_date IS NOT NULL;

CREATE TABLE follow_up_rounds (
    plan_id               BIGINT  NOT NULL REFERENCES plans (id),
    round                 BIGINT  NOT NULL CHECK (round IN (1, 2)),
    completed_at          TEXT COLLATE "C",
    report_date           DATE,
    report_paragraph      TEXT COLLATE "C",
    report_case_number    TEXT COLLATE "C",
    report_complete       BIGINT,
    reported_at           TEXT COLLATE "C",
    PRIMARY KEY (plan_id, round)
);

ALTER TABLE plans ADD COLUMN closure_date DATE;
ALTER TABLE plans ADD COLUMN closure_paragraph TEXT COLLATE "C";
ALTER TABLE plans ADD COLUMN closure_case_number TEXT COLLATE "C";
