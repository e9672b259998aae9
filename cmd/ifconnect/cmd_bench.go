package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/ifconnect/ifconnect/internal/bench"
	"github.com/ifconnect/ifconnect/internal/config"
)

// runBench dispatches `ifconnect bench <name>`; each benchmark adds one line here.
func runBench(ctx context.Context, e env, args []string) error {
	return subcommand(ctx, e, "bench", args, map[string]func(context.Context, env, []string) error{
		"ais":      runBenchAIS,
		"consents": runBenchConsents,
		"flow":     runBenchFlow,
		"gateway":  runBenchGateway,
		"pis":      runBenchPIS,
		"token":    runBenchToken,
	}, "Load benchmarks: each starts its server on loopback over mutual TLS, drives it with vegeta and prints JSON figures.")
}

const benchAISDoc = `Benchmarks the bank's Bank Connect AIS server: the server runs in this process over mutual TLS on
loopback in front of a SQLite database seeded with --customers customers (seeded once into --db, by
default STATE/bench-ais.db, and reused), and vegeta drives it over --connections keep-alive
connections with the platform's client certificate:

  GET /accounts?accountIds=<3 ids>               target 10,000 req/s, p99 <= 10 ms
  GET /accounts/{accountId}/transactions (1 page) target  3,000 req/s, p99 <= 10 ms

and the process's peak resident memory during the attacks must stay within 150 MB. Each scenario runs
twice: as fast as the connections go (its rps is the capacity) and at the target rate (its p99 is the
latency the target means). It prints one JSON object with rps, p50, p90, p99 and max (milliseconds),
errors and CPU time per request for each, and exits 1 when a target is missed.`

func runBenchAIS(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("bench ais", "ifconnect bench ais [options]", benchAISDoc)
	openState := stateFlag(fs)
	configFlag(fs)
	db := fs.String("db", "", "benchmark database (default sqlite:STATE/bench-ais.db)")
	customers := fs.Int("customers", 10_000, "customers to seed when the database is empty")
	duration := fs.Duration("duration", 10*time.Second, "length of each scenario")
	warmup := fs.Duration("warmup", 3*time.Second, "unmeasured warm-up before the scenarios")
	connections := fs.Int("connections", 64, "concurrent keep-alive connections")
	users := fs.Int("users", 1000, "distinct PSUs the requests rotate over")
	cpuProfile := fs.String("cpuprofile", "", "write a pprof CPU profile of the scenarios to this file")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return config.Usagef("bench ais: unexpected argument %q", fs.Arg(0))
	case *duration <= 0 || *duration > time.Hour:
		return config.Usagef("bench ais: --duration must be between 1ns and 1h, not %s", *duration)
	case *connections < 1 || *connections > 4096:
		return config.Usagef("bench ais: --connections must be between 1 and 4096, not %d", *connections)
	case *customers < 10 || *customers > 1_000_000:
		return config.Usagef("bench ais: --customers must be between 10 and 1000000, not %d", *customers)
	case *users < 1:
		return config.Usagef("bench ais: --users must be positive, not %d", *users)
	case *warmup < 0:
		return config.Usagef("bench ais: --warmup must not be negative")
	}
	st, err := openState()
	if err != nil {
		return err
	}
	url := *db
	if url == "" {
		url = bench.DefaultAISDB(st.Root)
	}
	opts := bench.AISOptions{
		DBURL: url, Customers: *customers, SeedNow: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC),
		Duration: *duration, Warmup: *warmup, Connections: *connections, Users: *users, Progress: e.stderr,
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("bench ais: %w", err)
		}
		defer f.Close()
		opts.CPUProfile = f
	}
	rep, err := bench.AIS(ctx, opts)
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, string(b))
	if !rep.Met {
		return fmt.Errorf("bench ais: a target was missed (see the figures above)")
	}
	return nil
}
