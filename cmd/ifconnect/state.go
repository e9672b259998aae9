package main

import (
	"github.com/ifconnect/ifconnect/internal/config"
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
