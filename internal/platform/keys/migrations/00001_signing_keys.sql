-- +goose Up
CREATE TABLE signing_keys (
    kid         TEXT PRIMARY KEY,
    private_pem TEXT NOT NULL,
    created_ms  BIGINT NOT NULL,
    retired_ms  BIGINT
);

-- +goose Down
DROP TABLE signing_keys;
