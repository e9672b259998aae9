-- +goose Up
-- One row per consent. The columns the consent manager searches or compares on are columns; the rest
-- of the consent (the TPP's request and headers, the open parts of the body, the TPP, the PSU's
-- identifiers, the accounts, the supplementary information) is one JSON document, and the history a
-- JSON array, so a read is a single indexed row. Times are RFC 3339 UTC text with microseconds, which
-- sorts like the instant and reads the same on SQLite and PostgreSQL.
CREATE TABLE consents (
    id                TEXT PRIMARY KEY,
    consent_id        TEXT NOT NULL UNIQUE,
    consent_type      TEXT NOT NULL,
    status            TEXT NOT NULL,
    psu_user_id       TEXT,
    created_at        TEXT NOT NULL,
    status_updated_at TEXT NOT NULL,
    expires_at        TEXT,
    version           BIGINT NOT NULL,
    document          TEXT NOT NULL,
    history           TEXT NOT NULL
);

-- GET /psu/{userId}/consents?consentType=…
CREATE INDEX consents_by_psu ON consents (psu_user_id, consent_type, created_at);

-- ExpireDue: the consents that may still expire.
CREATE INDEX consents_by_expiry ON consents (expires_at, status);

-- +goose Down
DROP TABLE consents;
