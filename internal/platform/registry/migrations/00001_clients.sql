-- +goose Up
CREATE TABLE tpp_clients (
    client_id  TEXT PRIMARY KEY,
    record     TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    updated_ms BIGINT NOT NULL
);

-- +goose Down
DROP TABLE tpp_clients;
