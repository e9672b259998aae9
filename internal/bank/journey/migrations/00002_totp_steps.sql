-- +goose Up
-- The last TOTP time step each user logged in with: a code is accepted once, never replayed within
-- its validity window (RFC 6238 §5.2).
CREATE TABLE journey_totp_steps (
    user_id   TEXT PRIMARY KEY,
    last_step BIGINT NOT NULL
);

-- +goose Down
DROP TABLE journey_totp_steps;
