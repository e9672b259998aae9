// Package audit keeps the append-only trail of every consent and payment state change — who made it,
// when, from where (the peer address) and under which interaction id — that a bank answers the
// Central Bank and its own auditors with. The platform appends consent changes from the consent
// manager's status listener; the bank appends payment changes as its payment store makes them and
// consent changes as its customers authorise, refuse or revoke them. Rows are inserted and never
// updated or deleted: Migrate installs a trigger that refuses both, on SQLite and PostgreSQL alike.
package audit
