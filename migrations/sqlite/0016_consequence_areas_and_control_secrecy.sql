-- Consequence areas (Scale:ConsequenceAreas): a risk may be assessed per area (patientsäkerhet, ekonomi, …), its
-- consequence then the worst of them. The JSON object {area: value}, in the plan's order of areas; NULL when the risk is
-- assessed as one value. The plan keeps its areas in its scale's JSON (plans.scale), as it keeps the scale.
ALTER TABLE risks ADD COLUMN consequences TEXT;

-- A kontrollmoment marked as holding information that may be secret (a control standing alone has no risk to be
-- marked with): the legal ground, a note for the menprövning, when and by whom. NULL ground = not marked.
ALTER TABLE controls ADD COLUMN secrecy_ground TEXT;
ALTER TABLE controls ADD COLUMN secrecy_note TEXT;
ALTER TABLE controls ADD COLUMN secrecy_marked_at TEXT;
ALTER TABLE controls ADD COLUMN secrecy_marked_by TEXT;
