-- +goose Up
-- The idempotency keys of the payments API (x-idempotency-key): one row per client, operation and
-- key, holding a hash of the request and, once the first request finished, its answer. status 0
-- means the first request is still being processed. Times are Unix milliseconds.
CREATE TABLE gateway_idempotency (
    client_id    TEXT NOT NULL,
    operation    TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (client_id, operation, idem_key)
);

-- The payments the gateway initiated at the bank: which consent and client each belongs to, so a
-- status query is answered only to its TPP and carries the consent's context to the bank.
CREATE TABLE gateway_payments (
    payment_id TEXT PRIMARY KEY,
    consent_id TEXT NOT NULL,
    client_id  TEXT NOT NULL,
    request    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE gateway_payments;
DROP TABLE gateway_idempotency;
