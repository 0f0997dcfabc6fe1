-- The readiness check's write probe (GET /health/ready): one row, updated on every check, so a check proves that a
-- write reaches the file.
CREATE TABLE health_probe (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    checked_at  TEXT COLLATE "C" NOT NULL,
    filler      BYTEA
);
INSERT INTO health_probe (id, checked_at) VALUES (1, '1970-01-01T00:00:00.000Z');
