-- +goose Up
-- rendered is the consent as GET /consents/{consentId} answers it, written with every change, so the
-- bank's most frequent call (step 3005) costs one indexed read and no JSON work. Rows written before
-- this migration have it empty and are rendered on read until their next change.
ALTER TABLE consents ADD COLUMN rendered TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE consents DROP COLUMN rendered;
