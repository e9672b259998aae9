package main

import (
	"context"
	"fmt"

	"github.com/ifconnect/ifconnect/internal/config"
)

// pending is the honest behaviour of a command whose implementation has not landed yet: --help says
// so, and running it fails with a clear message instead of pretending to work.
func pending(name, what string) func(context.Context, env, []string) error {
	return func(_ context.Context, e env, args []string) error {
		fs := config.NewFlagSet(name, "ifconnect "+name, what+"\n\nNot available in this build yet.")
		if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
			return err
		}
		return fmt.Errorf("%s: not available in this build yet", name)
	}
}
