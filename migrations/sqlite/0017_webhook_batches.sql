-- Opt-in batched delivery (issue 28): how many of a webhook's pending events one POST may carry. 1 (every webhook made
-- before, and the default) is one event per POST as the Standard Webhooks specification has it; more sends
-- {"events": [...]}, the events already queued, up to this many, in cursor order.
ALTER TABLE webhooks ADD COLUMN max_events_per_delivery INTEGER NOT NULL DEFAULT 1;
