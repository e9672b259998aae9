-- +goose Up
-- reused_ms records a second use of a code, so an exchange still in progress when the reuse happens
-- revokes the tokens it is about to issue (RFC 6749 §4.1.2).
ALTER TABLE authz_codes ADD COLUMN reused_ms BIGINT;

-- +goose Down
ALTER TABLE authz_codes DROP COLUMN reused_ms;
