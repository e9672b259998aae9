package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bench"
	"github.com/ifconnect/ifconnect/internal/config"
)

const benchGatewayDoc = `Benchmarks the platform's Open Banking gateway end to end: GET /open-banking/accounts/v1/accounts
from a TPP client (vegeta, --connections keep-alive connections with the TPP's certificate) to the
platform's TPP-facing listener (TLS with client certificate; token, consent and permission checks on
the platform's SQLite database), then over a second mutual-TLS hop (pooled keep-alive) to the bank's
Bank Connect server in front of a SQLite bank seeded with --customers customers (--db, by default the
AIS benchmark's STATE/bench-ais.db, seeded once and reused). --users PSUs each get an authorised
consent and a certificate-bound access token. Everything runs in this process on loopback.

Target: 3,000 req/s with p99 <= 20 ms and no errors. It prints one JSON object with rps, p50, p90,
p99 and max (milliseconds) and exits 1 when the target is missed.`

// runBenchGateway is `ifconnect bench gateway`.
func runBenchGateway(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("bench gateway", "ifconnect bench gateway [options]", benchGatewayDoc)
	openState := stateFlag(fs)
	configFlag(fs)
	db := fs.String("db", "", "bank database (default sqlite:STATE/bench-ais.db)")
	customers := fs.Int("customers", 10_000, "customers to seed when the bank database is empty")
	duration := fs.Duration("duration", 10*time.Second, "measured duration")
	warmup := fs.Duration("warmup", 3*time.Second, "unmeasured warm-up")
	connections := fs.Int("connections", 64, "concurrent keep-alive connections of the TPP")
	users := fs.Int("users", 500, "PSUs with a consent and a token the requests rotate over")
	replicas := fs.Int("replicas", 1, "1, or 2: compare one platform and one bank with two of each behind round-robin balancers on PostgreSQL (--db and --platform-db), one-two-one in the same run; exits 1 below 0.9×")
	platformDB := fs.String("platform-db", "", "the platform's PostgreSQL database for --replicas 2")
	cpuProfile := fs.String("cpuprofile", "", "with --replicas 2, write the CPU profile of the two-replica attack to this file")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if *replicas == 2 {
		return benchGatewayReplicas(ctx, e, bench.GatewayReplicasOptions{BankDBURL: *db, PlatformDBURL: *platformDB, Customers: *customers,
			SeedNow: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), Duration: *duration, Warmup: *warmup, Connections: *connections, Users: *users,
			CPUProfile: *cpuProfile, Progress: func(format string, args ...any) { fmt.Fprintf(e.stderr, format+"\n", args...) }})
	}
	if *replicas != 1 {
		return config.Usagef("bench gateway: --replicas must be 1 or 2, not %d", *replicas)
	}
	switch {
	case fs.NArg() > 0:
		return config.Usagef("bench gateway: unexpected argument %q", fs.Arg(0))
	case *duration <= 0 || *duration > time.Hour:
		return config.Usagef("bench gateway: --duration must be between 1ns and 1h, not %s", *duration)
	case *warmup < 0:
		return config.Usagef("bench gateway: --warmup must not be negative")
	case *connections < 1 || *connections > 4096:
		return config.Usagef("bench gateway: --connections must be between 1 and 4096, not %d", *connections)
	case *customers < 10 || *customers > 1_000_000:
		return config.Usagef("bench gateway: --customers must be between 10 and 1000000, not %d", *customers)
	case *users < 1 || *users > 100_000:
		return config.Usagef("bench gateway: --users must be between 1 and 100000, not %d", *users)
	}
	st, err := openState()
	if err != nil {
		return err
	}
	url := *db
	if url == "" {
		url = bench.DefaultGatewayBankDB(st.Root)
	}
	rep, err := bench.Gateway(ctx, bench.GatewayOptions{
		BankDBURL: url, Customers: *customers, SeedNow: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC),
		Duration: *duration, Warmup: *warmup, Connections: *connections, Users: *users,
		Progress: func(format string, args ...any) { fmt.Fprintf(e.stderr, format+"\n", args...) },
	})
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, string(b))
	if !rep.Met {
		return fmt.Errorf("bench gateway: the target of %d req/s with p99 <= %d ms was missed (see the figures above)", 3000, 20)
	}
	return nil
}

// benchGatewayReplicas is `ifconnect bench gateway --replicas 2`.
func benchGatewayReplicas(ctx context.Context, e env, o bench.GatewayReplicasOptions) error {
	if !strings.HasPrefix(o.BankDBURL, "postgres") || !strings.HasPrefix(o.PlatformDBURL, "postgres") {
		return config.Usagef("bench gateway: --replicas 2 needs PostgreSQL URLs in --db and --platform-db (replicas share one database)")
	}
	rep, err := bench.GatewayReplicas(ctx, o)
	if b, merr := json.MarshalIndent(rep, "", "  "); merr == nil {
		fmt.Fprintln(e.stdout, string(b))
	}
	if err != nil {
		return err
	}
	if !rep.Met {
		return fmt.Errorf("bench gateway: two replicas reached %.2f× one; the goal is %.1f×", rep.Ratio, bench.ReplicaTargetRatio)
	}
	return nil
}
