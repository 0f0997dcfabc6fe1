-- The adoption rule a plan was adopted under: the handling methods that required an activity with a measure and a
-- due date (configuration Adoption:ActivitiesRequiredFor, comma-separated). Kept with the plan, like its scale, so a
-- later change of the rule never makes an adopted plan's document contradict its adoption. NULL for drafts (they
-- follow the configuration) and for plans adopted before this column existed, whose rule was 'granskning,atgard'.
ALTER TABLE plans ADD COLUMN activities_required_for TEXT COLLATE "C";
UPDATE plans SET activities_required_for = 'granskning,atgard' WHERE status <> 'draft';
