package consents

import (
	"context"
	"embed"
	"io/fs"

	"github.com/ifconnect/ifconnect/internal/database"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Component names the consent manager's migrations in a shared database (goose table goose_consents).
const Component = "consents"

// Migrations returns the consent manager's goose migrations, for `ifconnect migrate`.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		// fs.Sub fails only for an invalid path; "migrations" is a constant.
		return migrationFiles
	}
	return sub
}

// Migrate applies the consent manager's pending migrations to db.
func Migrate(ctx context.Context, db *database.DB) error {
	_, err := db.Migrate(ctx, Component, Migrations())
	return err
}
