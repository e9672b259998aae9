package main

import (
	"context"

	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/state"
)

// stateFlag adds the --state option every command shares and returns a function that opens it.
func stateFlag(fs *config.FlagSet) func() (state.Dir, error) {
	root := fs.String("state", state.DefaultDir, "state directory: PKI, SQLite databases, endpoints.json, demo-users.json")
	return func() (state.Dir, error) { return state.Open(*root) }
}

// configFlag adds the --config option: a JSON file of option values shared by all commands.
func configFlag(fs *config.FlagSet) {
	fs.String("config", "", "JSON config file whose keys are option names (flags and IFCONNECT_* variables take precedence)")
}

// openSideDB opens the database of the bank or, with platform set, of the platform: dbURL when given,
// else the side's SQLite file in the state directory; it returns the URL it opened too. The read-only
// commands (audit, report) use it.
func openSideDB(ctx context.Context, openState func() (state.Dir, error), dbURL string, platform bool) (*database.DB, string, error) {
	if dbURL == "" {
		st, err := openState()
		if err != nil {
			return nil, "", err
		}
		dbURL = "sqlite:" + st.BankDB()
		if platform {
			dbURL = "sqlite:" + st.PlatformDB()
		}
	}
	db, err := database.Open(ctx, dbURL)
	return db, dbURL, err
}
