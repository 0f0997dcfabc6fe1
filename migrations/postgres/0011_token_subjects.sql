-- People sign in with bearer tokens (issue 26): a write made with a token keeps, beside the person's name in
-- client_name, who they are at their identity provider (the token's subject and its issuer). Null for API keys.
ALTER TABLE history ADD COLUMN subject TEXT;
ALTER TABLE history ADD COLUMN issuer TEXT;

-- The write budget (RateLimit:WritesPerDay) counts a token caller's history rows of the last 24 hours by who they are.
CREATE INDEX ix_history_subject_at ON history (issuer, subject, at);
