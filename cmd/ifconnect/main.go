// Command ifconnect is the bank's side of Brazil's Open Banking on the TecBan platform — the Bank Connect
// AIS and PIS servers and the customer's consent journey — together with a local sandbox of the
// platform, a TPP client and a conformance harness. Run `ifconnect help` for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/ifconnect/ifconnect/internal/config"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// exitCode prints err as one line and chooses the exit status: 0 for success and --help, 2 for a
// usage mistake, 1 for any other failure.
func exitCode(err error, stderr io.Writer) int {
	var usage *config.UsageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &usage):
		fmt.Fprintf(stderr, "ifconnect: %s\n", usage.Msg)
		return 2
	default:
		fmt.Fprintf(stderr, "ifconnect: %v\n", err)
		return 1
	}
}
