package main

import (
	"context"
	"encoding/json"
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
keep-alive connections allow for --duration, and prints one JSON object with the throughput and the
latency percentiles (milliseconds). The target is at least 3,000 tokens/s with p99 at most 20 ms and
no error; it exits 1 when a target is missed.`)
	configFlag(fs)
	duration := fs.Duration("duration", 10*time.Second, "measured duration")
	warmup := fs.Duration("warmup", 2*time.Second, "unmeasured warm-up (opens the connections)")
	conc := fs.Int("concurrency", 4, "concurrent keep-alive connections")
	dbURL := fs.String("db", "", "platform database (default a fresh SQLite file; a PostgreSQL URL should name an empty schema)")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if *conc <= 0 || *duration <= 0 {
		return config.Usagef("bench token: --concurrency and --duration must be positive")
	}
	rep, err := bench.Token(ctx, bench.TokenOptions{
		Load:        bench.TokenLoadOptions{Duration: *duration, Warmup: *warmup, Concurrency: *conc, Scope: "consents"},
		DatabaseURL: *dbURL,
	})
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, string(b))
	fmt.Fprintf(e.stderr, "bench token: %s\n", rep)
	if !rep.Met() {
		return fmt.Errorf("bench token: a target was missed (%d tokens/s and p99 %s wanted)", bench.TokenTargetPerSecond, bench.TokenTargetP99)
	}
	return nil
}
