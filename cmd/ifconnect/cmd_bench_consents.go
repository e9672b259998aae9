package main

import (
	"context"
	"fmt"
	"time"

	"github.com/ifconnect/ifconnect/internal/bench"
	"github.com/ifconnect/ifconnect/internal/config"
)

const benchConsentsDoc = `Benchmarks the platform's consent manager: GET /consents/{consentId}, what the bank calls at step
3005 of every journey. The consent manager's handler runs in this process behind a mutual-TLS listener
on loopback (fresh CA, client certificate required and allow-listed) in front of --db holding
--consents authorised consents (a fresh SQLite file by default), and vegeta reads them round-robin,
alternating the uuid id and the URN ConsentId, over --connections keep-alive connections for
--duration after an unmeasured --warmup. It prints one JSON object with rps, p50, p90, p99 and max
(milliseconds) and errors, and exits 1 when the target of 10,000 req/s without errors is missed.`

// runBenchConsents is `ifconnect bench consents`: the consent manager under load.
func runBenchConsents(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("bench consents", "ifconnect bench consents [options]", benchConsentsDoc)
	configFlag(fs)
	duration := fs.Duration("duration", 10*time.Second, "measured duration")
	warmup := fs.Duration("warmup", time.Second, "unmeasured warm-up (opens the connections)")
	connections := fs.Int("connections", 4, "concurrent keep-alive connections")
	count := fs.Int("consents", 1000, "authorised consents to store and read round-robin")
	dbURL := fs.String("db", "", "consent manager database (default a fresh SQLite file; a PostgreSQL URL should name an empty schema)")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return config.Usagef("bench consents: unexpected argument %q", fs.Arg(0))
	case *duration <= 0 || *duration > time.Hour:
		return config.Usagef("bench consents: --duration must be between 1ns and 1h, not %s", *duration)
	case *warmup < 0:
		return config.Usagef("bench consents: --warmup must not be negative")
	case *connections < 1 || *connections > 4096:
		return config.Usagef("bench consents: --connections must be between 1 and 4096, not %d", *connections)
	case *count < 1 || *count > 1_000_000:
		return config.Usagef("bench consents: --consents must be between 1 and 1000000, not %d", *count)
	}
	rep, err := bench.Consents(ctx, bench.ConsentsOptions{
		Duration: *duration, Warmup: *warmup, Workers: *connections, Consents: *count, DatabaseURL: *dbURL,
	}, e.stdout)
	if err != nil {
		return err
	}
	if !rep.Met {
		return fmt.Errorf("bench consents: %.0f req/s with %d errors misses the target of %d req/s without errors", rep.RPS, rep.Errors, bench.ConsentsTargetRPS)
	}
	return nil
}
