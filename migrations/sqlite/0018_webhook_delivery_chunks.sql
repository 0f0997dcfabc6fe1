-- The outbox by chunks (issue 28): a row per run of a webhook's events that share their delivery's state, not a row per
-- (webhook, event). A round queues one chunk per webhook, its events after the cursor that the webhook wants; delivering
-- splits a chunk where its events' outcomes differ (the delivered prefix, the failed POST's events, the rest still
-- pending), so every event of a chunk has the chunk's status, attempts, last answer and next attempt, as its own row had.
-- event_ids: the chunk's event ids ascending, comma-separated (a round reads at most 500 history rows, so at most 500).
-- A webhook's chunks never overlap: first_event_id orders them, and its events, as event_id did.
CREATE TABLE webhook_delivery_chunks (
    webhook_id        INTEGER NOT NULL REFERENCES webhooks (id),
    first_event_id    INTEGER NOT NULL,
    last_event_id     INTEGER NOT NULL,
    event_ids         TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts          INTEGER NOT NULL DEFAULT 0,
    last_status_code  INTEGER,
    last_error        TEXT,
    next_attempt_at   TEXT,
    delivered_at      TEXT,
    PRIMARY KEY (webhook_id, first_event_id)
);
CREATE INDEX ix_webhook_delivery_chunks_pending ON webhook_delivery_chunks (webhook_id, status, first_event_id);
CREATE INDEX ix_webhook_delivery_chunks_delivered ON webhook_delivery_chunks (delivered_at) WHERE status = 'delivered';

-- Each delivery made before becomes a chunk of its one event, with its state as it was.
INSERT INTO webhook_delivery_chunks (webhook_id, first_event_id, last_event_id, event_ids, status, attempts, last_status_code, last_error,
                                     next_attempt_at, delivered_at)
SELECT webhook_id, event_id, event_id, CAST(event_id AS TEXT), status, attempts, last_status_code, last_error, next_attempt_at, delivered_at
FROM webhook_deliveries;
DROP TABLE webhook_deliveries;
