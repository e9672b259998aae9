-- +goose Up
-- Per-minute aggregates of the requests each replica served, for the usage report: one row per
-- minute, listener, operation and client per flush. latency_hist holds the counts of
-- usage.Buckets (milliseconds, comma-separated, the last one unbounded).
CREATE TABLE usage_minutes (
    minute        BIGINT NOT NULL,
    server        TEXT NOT NULL,
    operation     TEXT NOT NULL,
    family        TEXT NOT NULL,
    client        TEXT NOT NULL,
    calls         BIGINT NOT NULL,
    client_errors BIGINT NOT NULL,
    server_errors BIGINT NOT NULL,
    latency_hist  TEXT NOT NULL
);
CREATE INDEX usage_minutes_minute ON usage_minutes (minute);

-- +goose Down
DROP TABLE usage_minutes;
