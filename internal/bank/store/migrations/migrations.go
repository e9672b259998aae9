// Package migrations holds the bank's SQL schema as goose migrations, one set for SQLite and
// PostgreSQL alike: the DDL uses only portable types (TEXT, BIGINT, BOOLEAN, INTEGER), times are
// BIGINT unix microseconds in UTC (0 for an unset time) and money is BIGINT centavos, the value of
// core.Money. Every index the readers and the payment path need is created here, so a loaded database
// is fast without a manual step.
package migrations

import "embed"

// FS holds the migration files, NNNNN_name.sql at its root.
//
//go:embed *.sql
var FS embed.FS

// Component names the goose version table of these migrations ("goose_bank").
const Component = "bank"
