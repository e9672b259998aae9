// Package migrations holds the journey's own tables in the bank database (sessions, login throttling,
// pending dual approvals, revocation receipts) as goose SQL files, applied under the component name
// "journey" so they live beside the bank store's tables without touching them.
package migrations

import "embed"

// FS is the journey's migrations, goose SQL files at its root.
//
//go:embed *.sql
var FS embed.FS

// Component is the name the migrations are applied under (the goose_journey version table).
const Component = "journey"
