-- RiskRegister: the yearly internal-control cycle.
-- Ids are INTEGER, dates ISO-8601 TEXT (YYYY-MM-DD), timestamps ISO-8601 UTC TEXT.
-- Enum columns hold the API's lower-camelCase values.
-- Ids are AUTOINCREMENT so that an id is never given twice: history refers to deleted risks by id, and a plain
-- rowid would hand a deleted risk's id (and so its history) to the next risk created.

CREATE TABLE units (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('board', 'administration')),
    parent_id   INTEGER REFERENCES units (id),
    created_at  TEXT    NOT NULL
);
CREATE INDEX ix_units_parent ON units (parent_id);

-- One riskanalys och riskhanteringsplan per förvaltning and year.
-- scale is the JSON of the scale the plan was created under; it never follows later configuration.
CREATE TABLE plans (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id                INTEGER NOT NULL REFERENCES units (id),
    year                   INTEGER NOT NULL,
    title                  TEXT,
    status                 TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'adopted', 'closed')),
    scale                  TEXT    NOT NULL,
    decision_date          TEXT,
    decision_paragraph     TEXT,
    decision_case_number   TEXT,
    closed_at              TEXT,
    copied_from_plan_id    INTEGER REFERENCES plans (id),
    version                INTEGER NOT NULL DEFAULT 1,
    created_at             TEXT    NOT NULL,
    updated_at             TEXT    NOT NULL,
    CONSTRAINT uq_plans_unit_year UNIQUE (unit_id, year)
);
CREATE INDEX ix_plans_year ON plans (year);
CREATE INDEX ix_plans_copied_from ON plans (copied_from_plan_id);

CREATE TABLE risks (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id              INTEGER NOT NULL REFERENCES plans (id),
    title                TEXT    NOT NULL,
    description          TEXT    NOT NULL,
    probability          INTEGER NOT NULL CHECK (probability BETWEEN 1 AND 5),
    consequence          INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 5),
    handling_method      TEXT    NOT NULL CHECK (handling_method IN ('none', 'bevakning', 'granskning', 'atgard')),
    motivation           TEXT,
    category             TEXT,
    owner                TEXT,
    goal                 TEXT,
    copied_from_risk_id  INTEGER REFERENCES risks (id),
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           TEXT    NOT NULL,
    updated_at           TEXT    NOT NULL
);
CREATE INDEX ix_risks_plan ON risks (plan_id);
CREATE INDEX ix_risks_copied_from ON risks (copied_from_risk_id);

-- Aktiviteter: what is done under a handling method, with mätvärde (measure) and tidplan (due).
CREATE TABLE activities (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    risk_id      INTEGER NOT NULL REFERENCES risks (id) ON DELETE CASCADE,
    description  TEXT    NOT NULL,
    measure      TEXT    NOT NULL,
    due          TEXT    NOT NULL,
    responsible  TEXT,
    status       TEXT    NOT NULL DEFAULT 'notStarted' CHECK (status IN ('notStarted', 'inProgress', 'done')),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX ix_activities_risk ON activities (risk_id);

-- Uppföljning 1, one per risk.
CREATE TABLE follow_ups_1 (
    risk_id          INTEGER PRIMARY KEY REFERENCES risks (id) ON DELETE CASCADE,
    handling_status  TEXT    NOT NULL CHECK (handling_status IN ('notStarted', 'inProgress', 'done')),
    observations     TEXT    NOT NULL,
    events           TEXT    NOT NULL,
    probability      INTEGER NOT NULL CHECK (probability BETWEEN 1 AND 5),
    consequence      INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 5),
    recorded_at      TEXT    NOT NULL
);

-- Uppföljning 2, one per risk: ends in the slutligt riskvärde.
CREATE TABLE follow_ups_2 (
    risk_id            INTEGER PRIMARY KEY REFERENCES risks (id) ON DELETE CASCADE,
    result             TEXT    NOT NULL,
    improvement_areas  TEXT    NOT NULL,
    final_motivation   TEXT    NOT NULL,
    probability        INTEGER NOT NULL CHECK (probability BETWEEN 1 AND 5),
    consequence        INTEGER NOT NULL CHECK (consequence BETWEEN 1 AND 5),
    recorded_at        TEXT    NOT NULL
);

-- API clients. Only the SHA-256 of a key is stored; the key itself is shown once.
CREATE TABLE clients (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    role        TEXT    NOT NULL CHECK (role IN ('admin', 'registrator', 'auditor', 'system')),
    key_hash    TEXT    NOT NULL UNIQUE,
    created_at  TEXT    NOT NULL,
    revoked_at  TEXT
);

CREATE TABLE client_units (
    client_id  INTEGER NOT NULL REFERENCES clients (id),
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    PRIMARY KEY (client_id, unit_id)
);

-- Every write, recorded in the same transaction as the write itself.
-- plan_id and risk_id are plain numbers, not foreign keys: history outlives deleted risks.
CREATE TABLE history (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT    NOT NULL,
    client_id    INTEGER,
    client_name  TEXT    NOT NULL,
    entity       TEXT    NOT NULL,
    entity_id    INTEGER NOT NULL,
    action       TEXT    NOT NULL,
    plan_id      INTEGER,
    risk_id      INTEGER,
    before_json  TEXT,
    after_json   TEXT
);
CREATE INDEX ix_history_plan ON history (plan_id, id);
CREATE INDEX ix_history_risk ON history (risk_id, id);
