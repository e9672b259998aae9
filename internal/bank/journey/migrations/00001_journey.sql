-- +goose Up
-- Server-side sessions of the customer's web journey. The cookie carries a random token; only its
-- SHA-256 is stored, so a copy of this table cannot be replayed as cookies. Any replica reads them.
CREATE TABLE journey_sessions (
    token_hash TEXT PRIMARY KEY,
    data       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX journey_sessions_expires ON journey_sessions (expires_at);

-- Failed logins per user and per client address, in a fixed window, with a lock-out deadline.
CREATE TABLE journey_throttle (
    throttle_key TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start BIGINT  NOT NULL,
    locked_until BIGINT  NOT NULL
);

-- Consents of business customers that need a second representative's approval.
CREATE TABLE journey_approvals (
    consent_id        TEXT PRIMARY KEY,
    interaction_id    TEXT   NOT NULL,
    company_id        TEXT   NOT NULL,
    initiator_user_id TEXT   NOT NULL,
    data              TEXT   NOT NULL,
    status            TEXT   NOT NULL,
    deadline          BIGINT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX journey_approvals_company ON journey_approvals (company_id, status);

-- Receipts of revocations made in the "Open Banking" area.
CREATE TABLE journey_revocations (
    receipt    TEXT PRIMARY KEY,
    consent_id TEXT   NOT NULL,
    user_id    TEXT   NOT NULL,
    data       TEXT   NOT NULL,
    revoked_at BIGINT NOT NULL
);
CREATE INDEX journey_revocations_user ON journey_revocations (user_id, revoked_at);

-- +goose Down
DROP TABLE journey_revocations;
DROP TABLE journey_approvals;
DROP TABLE journey_throttle;
DROP TABLE journey_sessions;
