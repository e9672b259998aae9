-- +goose Up
-- One row per consent or payment state change: who made it, when, from where and under which
-- interaction. Rows are only ever inserted (audit.Migrate adds a trigger refusing UPDATE and DELETE).
CREATE TABLE audit_events (
    id             TEXT PRIMARY KEY,
    at             BIGINT NOT NULL,
    kind           TEXT NOT NULL,
    subject        TEXT NOT NULL,
    consent_id     TEXT NOT NULL,
    psu            TEXT NOT NULL,
    from_status    TEXT NOT NULL,
    to_status      TEXT NOT NULL,
    actor          TEXT NOT NULL,
    source         TEXT NOT NULL,
    interaction_id TEXT NOT NULL,
    detail         TEXT NOT NULL
);
CREATE INDEX audit_events_subject ON audit_events (subject, at);
CREATE INDEX audit_events_consent ON audit_events (consent_id, at);
CREATE INDEX audit_events_psu ON audit_events (psu, at);

-- +goose Down
DROP TABLE audit_events;
