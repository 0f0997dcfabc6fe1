-- Safe retries (api.md: Idempotency-Key). A write that carries a key records it here in the same transaction as the
-- write, so a repeat finds it whichever instance answers, also after a restart; the answer (status, the headers that
-- matter, a body up to 64 KiB) is filled in once it is sent. status NULL: committed, answer not (yet) kept.
-- request_hash is the SHA-256 of method, path and body: the same key with another request is refused (422).
-- Rows older than 24 hours are swept (IdempotencySweeper); lookups ignore them before that.
CREATE TABLE idempotency_keys (
    client_id        INTEGER NOT NULL,
    idempotency_key  TEXT    NOT NULL,
    request_hash     TEXT    NOT NULL,
    created_at       TEXT    NOT NULL,
    status           INTEGER,
    location         TEXT,
    etag             TEXT,
    content_type     TEXT,
    body             BLOB,
    PRIMARY KEY (client_id, idempotency_key)
);
CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);

-- Long texts of history, each kept once: a history row's before/after holds {"$text": "<sha256>"} in place of a text
-- over 1 KiB (HistoryTexts), so a change that moves a long text back and forth costs references, not copies.
CREATE TABLE history_texts (
    hash  TEXT NOT NULL PRIMARY KEY,
    text  TEXT NOT NULL
);

-- The write budget (RateLimit:WritesPerDay) counts a client's history rows of the last 24 hours.
CREATE INDEX ix_history_client_at ON history (client_id, at);
