-- As migrations/sqlite/0008_idempotency_and_history_texts.sql.
CREATE TABLE idempotency_keys (
    client_id        BIGINT  NOT NULL,
    idempotency_key  TEXT COLLATE "C"  NOT NULL,
    request_hash     TEXT COLLATE "C"  NOT NULL,
    created_at       TEXT COLLATE "C"  NOT NULL,
    status           BIGINT,
    location         TEXT COLLATE "C",
    etag             TEXT COLLATE "C",
    content_type     TEXT COLLATE "C",
    body             BYTEA,
    PRIMARY KEY (client_id, idempotency_key)
);
CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE history_texts (
    hash  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
    text  TEXT COLLATE "C" NOT NULL
);

-- The write budget (RateLimit:WritesPerDay) counts a client's history rows of the last 24 hours.
CREATE INDEX ix_history_client_at ON history (client_id, at);
