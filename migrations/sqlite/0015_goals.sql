-- Goals as data: the region's goals and uppdrag, per unit and in a hierarchy (region's goals → nämnd's goals), often
-- kept in Stratsys under codes of their own (external_ref). A goal's parent is a goal of its own unit or of a unit
-- above it. Risks and controls link to goals visible from their plan's unit; a goal in use is not deleted (the API
-- refuses, so the links here have no cascade from the goal's side).
CREATE TABLE goals (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    parent_id    INTEGER REFERENCES goals (id),
    title        TEXT    NOT NULL,
    description  TEXT,
    external_ref TEXT,
    version      INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX ix_goals_unit ON goals (unit_id);
CREATE INDEX ix_goals_parent ON goals (parent_id);

CREATE TABLE risk_goals (
    risk_id      INTEGER NOT NULL REFERENCES risks (id) ON DELETE CASCADE,
    goal_id      INTEGER NOT NULL REFERENCES goals (id),
    PRIMARY KEY (risk_id, goal_id)
);
CREATE INDEX ix_risk_goals_goal ON risk_goals (goal_id);

CREATE TABLE control_goals (
    control_id   INTEGER NOT NULL REFERENCES controls (id) ON DELETE CASCADE,
    goal_id      INTEGER NOT NULL REFERENCES goals (id),
    PRIMARY KEY (control_id, goal_id)
);
CREATE INDEX ix_control_goals_goal ON control_goals (goal_id);
