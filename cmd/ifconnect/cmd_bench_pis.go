package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/ifconnect/ifconnect/internal/bench"
	"github.com/ifconnect/ifconnect/internal/config"
)

const benchPISDoc = `Benchmarks the bank's Bank Connect PIS server: POST /payments, each under a new consent and
idempotency key, over mutual TLS with keep-alive on loopback. The bank (Bank Connect server, payment
service, settlement worker) runs in this process in front of --db, whose data is replaced by --debtors
customers with a funded checking account each; the platform's consent manager is stood in for by an
in-process server over mutual TLS that answers every consent as authorised, which the bank's client
calls for every payment as it would the platform's.

Target: 1,500 payments/s with p99 <= 25 ms, no failed request, and afterwards every acknowledged payment
in the ledger exactly once, every payment settled and the ledger balanced. Prints one JSON object and
exits 1 when a target is missed.`

func runBenchPIS(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("bench pis", "ifconnect bench pis [options]", benchPISDoc)
	openState := stateFlag(fs)
	configFlag(fs)
	db := fs.String("db", "", "benchmark database, whose data is replaced: sqlite:PATH or postgres://… (default sqlite:STATE/bench-pis.db)")
	debtors := fs.Int("debtors", 64, "debtor accounts the payments rotate over")
	duration := fs.Duration("duration", 10*time.Second, "length of the measured run")
	warmup := fs.Duration("warmup", 2*time.Second, "unmeasured warm-up before the run")
	connections := fs.Int("connections", 8, "concurrent keep-alive connections (a few per core: more only lengthen the queue)")
	delay := fs.Duration("settlement-delay", 0, "settlement worker delay")
	cpuProfile := fs.String("cpuprofile", "", "write a pprof CPU profile of the run to this file")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return config.Usagef("bench pis: unexpected argument %q", fs.Arg(0))
	case *duration <= 0 || *duration > time.Hour:
		return config.Usagef("bench pis: --duration must be between 1ns and 1h, not %s", *duration)
	case *connections < 1 || *connections > 4096:
		return config.Usagef("bench pis: --connections must be between 1 and 4096, not %d", *connections)
	case *debtors < 1 || *debtors > 100_000:
		return config.Usagef("bench pis: --debtors must be between 1 and 100000, not %d", *debtors)
	case *warmup < 0 || *delay < 0:
		return config.Usagef("bench pis: --warmup and --settlement-delay must not be negative")
	}
	st, err := openState()
	if err != nil {
		return err
	}
	url := *db
	if url == "" {
		url = bench.DefaultPISDB(st.Root)
	}
	opts := bench.PISOptions{DBURL: url, Debtors: *debtors, Duration: *duration, Warmup: *warmup, Connections: *connections,
		SettlementDelay: *delay, Progress: e.stderr}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("bench pis: %w", err)
		}
		defer f.Close()
		opts.CPUProfile = f
	}
	rep, err := bench.PIS(ctx, opts)
	if err != nil {
		return err
	}
	b, err := bench.MarshalReport(rep)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, string(b))
	if !rep.Met {
		return fmt.Errorf("bench pis: a target was missed (see the figures above)")
	}
	return nil
}
