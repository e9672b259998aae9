package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/ifconnect/ifconnect/internal/config"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3"; a plain build reports the
// module version or "devel".
var version = ""

func runVersion(_ context.Context, e env, args []string) error {
	fs := config.NewFlagSet("version", "ifconnect version", "Prints the ifconnect version and the Go version it was built with.")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	v := version
	if v == "" {
		v = "devel"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
	}
	fmt.Fprintf(e.stdout, "ifconnect %s (%s %s/%s)\n", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
