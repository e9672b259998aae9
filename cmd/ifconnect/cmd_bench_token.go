package main

import (
	"context"
	"fmt"
	"time"

	"github.com/ifconnect/ifconnect/internal/bench"
	"github.com/ifconnect/ifconnect/internal/config"
)

// runBenchToken is `ifconnect bench token`: the platform's token endpoint under load.
func runBenchToken(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("bench token", "ifconnect bench token [options]",
		`Starts the platform sandbox on loopback with a fresh CA and a TPP client registered for
tls_client_auth, then requests client_credentials tokens over mutual TLS as fast as --concurrency
keep-alive connections allow for --duration, and prints throughput and latency percentiles. The
issue's target is at least 3,000 tokens/s with p99 at most 20 ms.`)
	configFlag(fs)
	duration := fs.Duration("duration", 10*time.Second, "measured duration")
	warmup := fs.Duration("warmup", 2*time.Second, "unmeasured warm-up (opens the connections)")
	conc := fs.Int("concurrency", 8, "concurrent keep-alive connections")
	dbURL := fs.String("db", "", "platform database (default a fresh SQLite file; a PostgreSQL URL should name an empty schema)")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if *conc <= 0 || *duration <= 0 {
		return config.Usagef("bench token: --concurrency and --duration must be positive")
	}
	rep, db, err := bench.Token(ctx, bench.TokenOptions{
		Load:        bench.TokenLoadOptions{Duration: *duration, Warmup: *warmup, Concurrency: *conc, Scope: "consents"},
		DatabaseURL: *dbURL,
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "bench token (client_credentials, tls_client_auth, mutual TLS keep-alive, %d connections, %s): %s\n", *conc, db, rep)
	return nil
}
