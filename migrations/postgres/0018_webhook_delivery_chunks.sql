-- The outbox by chunks: as migrations/sqlite/0018_webhook_delivery_chunks.sql.
CREATE TABLE webhook_delivery_chunks (
    webhook_id        BIGINT  NOT NULL REFERENCES webhooks (id),
    first_event_id    BIGINT  NOT NULL,
    last_event_id     BIGINT  NOT NULL,
    event_ids         TEXT COLLATE "C"    NOT NULL,
    status            TEXT COLLATE "C"    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts          BIGINT  NOT NULL DEFAULT 0,
    last_status_code  BIGINT,
    last_error        TEXT COLLATE "C",
    next_attempt_at   TEXT COLLATE "C",
    delivered_at      TEXT COLLATE "C",
    PRIMARY KEY (webhook_id, first_event_id)
);
CREATE INDEX ix_webhook_delivery_chunks_pending ON webhook_delivery_chunks (webhook_id, status, first_event_id);
CREATE INDEX ix_webhook_delivery_chunks_delivered ON webhook_delivery_chunks (delivered_at) WHERE status = 'delivered';

INSERT INTO webhook_delivery_chunks (webhook_id, first_event_id, last_event_id, event_ids, status, attempts, last_status_code, last_error,
                                     next_attempt_at, delivered_at)
SELECT webhook_id, event_id, event_id, CAST(event_id AS TEXT), status, attempts, last_status_code, last_error, next_attempt_at, delivered_at
FROM webhook_deliveries;
DROP TABLE webhook_deliveries;
