-- Webhook subscriptions (admin) and their outbox. Events are the history's rows (GET /api/v1/events); a subscription's
-- cursor is the last event the dispatcher has put into its outbox, so an event committed with its change is queued
-- exactly once per subscription, whichever instance queues it. The secret is kept as given out: it signs deliveries.
CREATE TABLE webhooks (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    url          TEXT    NOT NULL,
    types        TEXT,
    unit_ids     TEXT,
    description  TEXT,
    secret       TEXT    NOT NULL,
    cursor       INTEGER NOT NULL,
    lease_until  TEXT,
    created_at   TEXT    NOT NULL,
    deleted_at   TEXT
);

CREATE TABLE webhook_deliveries (
    webhook_id        INTEGER NOT NULL REFERENCES webhooks (id),
    event_id          INTEGER NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_status_code  INTEGER,
    last_error        TEXT,
    next_attempt_at   TEXT,
    delivered_at      TEXT,
    PRIMARY KEY (webhook_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (webhook_id, status, event_id);
