-- +goose Up
CREATE TABLE authz_pushed_requests (
    uri_hash   TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL,
    record     TEXT NOT NULL,
    expires_ms BIGINT NOT NULL,
    used_ms    BIGINT
);

CREATE TABLE authz_interactions (
    id         TEXT PRIMARY KEY,
    client_id  TEXT NOT NULL,
    record     TEXT NOT NULL,
    expires_ms BIGINT NOT NULL,
    used_ms    BIGINT
);

CREATE TABLE authz_codes (
    code_hash  TEXT PRIMARY KEY,
    grant_id   TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    record     TEXT NOT NULL,
    expires_ms BIGINT NOT NULL,
    used_ms    BIGINT
);

CREATE TABLE authz_tokens (
    token_hash   TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    grant_id     TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    subject      TEXT NOT NULL,
    scope        TEXT NOT NULL,
    consent_id   TEXT NOT NULL,
    thumbprint   TEXT NOT NULL,
    issued_ms    BIGINT NOT NULL,
    expires_ms   BIGINT NOT NULL,
    revoked_ms   BIGINT,
    access_ttl_s BIGINT NOT NULL
);
CREATE INDEX authz_tokens_grant ON authz_tokens (grant_id) WHERE grant_id <> '';
CREATE INDEX authz_tokens_consent ON authz_tokens (consent_id) WHERE consent_id <> '';

CREATE TABLE authz_assertions (
    client_id  TEXT NOT NULL,
    jti        TEXT NOT NULL,
    expires_ms BIGINT NOT NULL,
    PRIMARY KEY (client_id, jti)
);

-- +goose Down
DROP TABLE authz_assertions;
DROP TABLE authz_tokens;
DROP TABLE authz_codes;
DROP TABLE authz_interactions;
DROP TABLE authz_pushed_requests;
