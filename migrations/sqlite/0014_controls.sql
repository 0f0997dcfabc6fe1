-- Kontrollmoment: what an internkontrollplan checks (attest, jäv, delegation, logging), by which method, how often,
-- how much, by whom and reported to whom. A control belongs to a plan and may belong to one of its risks; a control
-- whose risk is removed stands alone. Each follow-up round records its result (checked, deviations, actions).
CREATE TABLE controls (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id      INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    risk_id      INTEGER REFERENCES risks (id) ON DELETE SET NULL,
    title        TEXT    NOT NULL,
    description  TEXT,
    method       TEXT    NOT NULL,
    frequency    TEXT    NOT NULL,
    scope        TEXT,
    responsible  TEXT,
    reported_to  TEXT,
    due          TEXT,
    copied_from_control_id INTEGER,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX ix_controls_plan ON controls (plan_id);
CREATE INDEX ix_controls_risk ON controls (risk_id);

CREATE TABLE control_results (
    control_id   INTEGER NOT NULL REFERENCES controls (id) ON DELETE CASCADE,
    round        INTEGER NOT NULL CHECK (round IN (1, 2)),
    result       TEXT    NOT NULL,
    checked      INTEGER,
    deviations   INTEGER,
    actions      TEXT,
    recorded_at  TEXT    NOT NULL,
    PRIMARY KEY (control_id, round)
);
