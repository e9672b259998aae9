package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/password"
	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bench"
	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/state"
	"github.com/ifconnect/ifconnect/internal/tpp"
)

const benchFlowDoc = `Benchmarks complete data-sharing flows end to end. The demo's servers (platform and bank, SQLite)
start in this process on free loopback ports over a state directory of their own, STATE/bench-flow
(created and seeded on first use, the demo users' passwords hashed with argon2id at the production
setting), are stopped and started again to time the demo's start on a warm state directory, and then
--concurrency workers run --flows flows with the TPP client, no browser: client-credentials token,
consent, PAR, the bank's /auth, login (one password verification) and consent pages, redirect, code
exchange, accounts, balances and transactions of every consented account.

It prints one JSON object: flows per second against the target of 50, the whole flow's and every
step's latency percentiles, the cost of one password verification measured here and the share of
the process's CPU the logins spent hashing, and the warm start-up time. It exits 1 when the target is
missed or a flow failed.`

func runBenchFlow(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("bench flow", "ifconnect bench flow [options]", benchFlowDoc)
	openState := stateFlag(fs)
	configFlag(fs)
	flows := fs.Int("flows", 1000, "measured flows")
	concurrency := fs.Int("concurrency", 16, "flows run at once")
	warmup := fs.Int("warmup", 20, "unmeasured flows first")
	cpuProfile := fs.String("cpuprofile", "", "write a pprof CPU profile of the measured flows to this file")
	client := fs.String("client", "tpp1", "the development TPP: tpp1 (private_key_jwt) or tpp2 (tls_client_auth)")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return config.Usagef("bench flow: unexpected argument %q", fs.Arg(0))
	case *flows < 1 || *flows > 1_000_000:
		return config.Usagef("bench flow: --flows must be between 1 and 1000000, not %d", *flows)
	case *concurrency < 1 || *concurrency > 1024:
		return config.Usagef("bench flow: --concurrency must be between 1 and 1024, not %d", *concurrency)
	case *warmup < 0:
		return config.Usagef("bench flow: --warmup must not be negative")
	}
	parent, err := openState()
	if err != nil {
		return err
	}
	st, err := state.Open(filepath.Join(parent.Root, "bench-flow"))
	if err != nil {
		return err
	}
	release, err := st.Lock("demo")
	if err != nil {
		return fmt.Errorf("bench flow: %w", err)
	}
	defer release()
	logFile, err := os.OpenFile(st.Path("demo.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("bench flow: log file: %w", err)
	}
	defer logFile.Close()
	if err := demoFirstRun(ctx, st, e.stderr); err != nil {
		return err
	}

	// Free ports for every listener; the TPP's redirect URI is never requested (the client stops
	// there), so any registered URL serves.
	// One TPP makes every flow's requests (11 to the platform per flow): the platform's per-client rate
	// limit, meant for a shared sandbox, would cap the benchmark at about 45 flows/s.
	a := stackAddrs{platTPP: "127.0.0.1:0", platBank: "127.0.0.1:0", bankConnect: "127.0.0.1:0", bankWeb: "127.0.0.1:0",
		platformArgs: []string{"--rate-limit=0"}}
	wait := []demoAddr{{"--platform-tpp-listen", "the platform's TPP side", &a.platTPP, "platform-tpp"},
		{"--platform-bank-listen", "the platform's bank side", &a.platBank, "platform-bank"},
		{"--bank-connect-listen", "Bank Connect", &a.bankConnect, "bank-connect"}, {"--bank-web-listen", "the bank's customer pages", &a.bankWeb, "bank-web"}}
	for _, w := range wait {
		if err := freeAddr(w); err != nil {
			return err
		}
	}
	const redirect = "https://127.0.0.1:8446/callback"
	start := func() (*stack, *tpp.Client, time.Duration, error) {
		t0 := time.Now()
		s, err := startStack(ctx, st, a, redirect, 10*time.Second, logFile, wait)
		if err != nil {
			return nil, nil, 0, err
		}
		cfg, err := tpp.DevConfig(st, *client, "https://"+a.platTPP, redirect)
		if err != nil {
			s.stop()
			return nil, nil, 0, err
		}
		c, err := tpp.New(cfg)
		if err != nil {
			s.stop()
			return nil, nil, 0, err
		}
		if _, err := c.Discover(ctx); err != nil {
			s.stop()
			return nil, nil, 0, err
		}
		return s, c, time.Since(t0), nil
	}
	s, c, _, err := start()
	if err != nil {
		return err
	}
	c.Close()
	if err := s.stop(); err != nil {
		return err
	}
	s, c, warm, err := start()
	if err != nil {
		return err
	}
	defer s.stop()
	defer c.Close()
	fmt.Fprintf(e.stderr, "bench flow: demo servers ready in %s on a warm state directory\n", warm.Round(time.Millisecond))

	users, err := seed.ReadDemoUsers(st.DemoUsers())
	if err != nil {
		return fmt.Errorf("bench flow: %w", err)
	}
	var psus []tpp.PSU
	for _, u := range users {
		// Users with a second factor are left out: a TOTP code is single use within its window.
		if u.TOTPSecret == "" {
			psus = append(psus, tpp.PSU{CPF: u.CPF, Password: u.Password})
		}
	}
	btls, err := tpp.DevBrowserTLS(st)
	if err != nil {
		return err
	}
	tr := tpp.NewBrowserTransport(btls)
	defer tr.CloseIdleConnections()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("bench flow: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("bench flow: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	rep, err := bench.Flow(ctx, bench.FlowOptions{Client: c, Browser: tr, Users: psus, Flows: *flows, Concurrency: *concurrency, Warmup: *warmup,
		Hashing: password.Default, Progress: e.stderr})
	if err != nil {
		return err
	}
	rep.WarmStartupMs = float64(warm.Microseconds()) / 1000
	b, err := bench.MarshalReport(rep)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, string(b))
	if !rep.Met {
		return fmt.Errorf("bench flow: %.1f flows/s with %d errors, target %d flows/s without errors", rep.FlowsPerSec, rep.Errors, bench.FlowTarget)
	}
	return nil
}
