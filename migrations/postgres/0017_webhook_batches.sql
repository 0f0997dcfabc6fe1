-- Opt-in batched delivery: as migrations/sqlite/0017_webhook_batches.sql.
ALTER TABLE webhooks ADD COLUMN max_events_per_delivery BIGINT NOT NULL DEFAULT 1;
