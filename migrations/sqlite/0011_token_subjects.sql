-- People sign in with bearer tokens (issue 26): a write made with a token keeps, beside the person's name in
-- client_name, who they are at their identity provider (the token's subject and its issuer). Null for API keys.
ALTER TABLE history ADD COLUMN subject TEXT;
ALTER TABLE history ADD COLUMN issuer TEXT;

-- A token names its units by their external id (an HSA id). Issue 23 (branch i23-levels, migration 0009) adds this
-- same column and index with units at every level: when that is merged, these two statements go (they would fail).
ALTER TABLE units ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX uq_units_external_id ON units (external_id);
