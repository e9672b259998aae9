package bench

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime/pprof"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/observe"
	"github.com/ifconnect/ifconnect/internal/platform"
	"github.com/ifconnect/ifconnect/internal/platform/bankclient"
	"github.com/ifconnect/ifconnect/internal/roundrobin"
)

// GatewayReplicasOptions configure the replicated gateway benchmark.
type GatewayReplicasOptions struct {
	// BankDBURL and PlatformDBURL are the two halves' PostgreSQL databases, shared by their replicas;
	// the bank's is seeded with Customers customers when empty.
	BankDBURL     string
	PlatformDBURL string
	Customers     int
	SeedNow       time.Time
	Duration      time.Duration
	Warmup        time.Duration
	Connections   int
	Users         int
	// CPUProfile, when set, receives the CPU profile of the two-replica attack.
	CPUProfile string
	Progress   func(format string, args ...any)
}

// GatewayReplicasReport compares one replica of each half with two, measured in the same run behind
// the same balancers, alternating (one, two, one, two) so drift of the shared machine falls on both:
// the ratio is the mean of the two-replica figures over the mean of the one-replica figures.
type GatewayReplicasReport struct {
	Customers   int      `json:"customers"`
	Users       int      `json:"users"`
	Connections int      `json:"connections"`
	Single      []Result `json:"single"`
	Replicated  []Result `json:"replicated"`
	SingleRPS   float64  `json:"singleRps"`
	ReplicasRPS float64  `json:"replicatedRps"`
	Ratio       float64  `json:"ratio"`
	TargetRatio float64  `json:"targetRatio"`
	Met         bool     `json:"met"`
}

// ReplicaTargetRatio is the goal: two replicas on one machine reach at least 0.9× one — the
// cost of coordinating through PostgreSQL, since two processes on two cores add no CPU.
const ReplicaTargetRatio = 0.9

// GatewayReplicas runs GET /open-banking/accounts/v1/accounts through a round-robin balancer in front
// of the platform's TPP-facing listener and another in front of Bank Connect, everything in this
// process: first with one platform and one bank behind them, then two of each (separate connection
// pools, caches and signing-key sets on the same two PostgreSQL databases), then one again.
func GatewayReplicas(ctx context.Context, o GatewayReplicasOptions) (GatewayReplicasReport, error) {
	say := o.Progress
	if say == nil {
		say = func(string, ...any) {}
	}
	rep := GatewayReplicasReport{Customers: o.Customers, Connections: o.Connections, TargetRatio: ReplicaTargetRatio}
	st0, err := seededStore(ctx, AISOptions{DBURL: o.BankDBURL, Customers: o.Customers, SeedNow: o.SeedNow}, say)
	if err != nil {
		return rep, err
	}
	defer st0.Close()
	dir, err := os.MkdirTemp("", "ifconnect-bench-replicas-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(dir)
	tlsc, err := gatewayPKI(dir)
	if err != nil {
		return rep, err
	}
	tppLB, err := roundrobin.Listen("127.0.0.1:0")
	if err != nil {
		return rep, err
	}
	defer tppLB.Close()
	bankLB, err := roundrobin.Listen("127.0.0.1:0")
	if err != nil {
		return rep, err
	}
	defer bankLB.Close()
	issuer := "https://" + tppLB.Addr()

	var bankAddrs, platAddrs []string
	var clients []*bankclient.Client
	var platforms []*platform.Platform
	var pdbs []*database.DB
	for i := range 2 {
		st := st0
		if i > 0 {
			if st, err = store.Open(ctx, o.BankDBURL); err != nil {
				return rep, err
			}
			defer st.Close()
		}
		u, stop, err := serveTLS(gatewayBank(st), tlsc.bankServer)
		if err != nil {
			return rep, err
		}
		defer stop(context.WithoutCancel(ctx))
		bankAddrs = append(bankAddrs, u[len("https://"):])

		bc, err := bankclient.New(bankclient.Options{BaseURL: "https://" + bankLB.Addr(), TLS: tlsc.platformClient, ASPSPID: gatewayASPSP})
		if err != nil {
			return rep, err
		}
		defer bc.Close()
		clients = append(clients, bc)
		pdb, err := database.Open(ctx, o.PlatformDBURL)
		if err != nil {
			return rep, err
		}
		defer pdb.Close()
		pdbs = append(pdbs, pdb)
		p, err := platform.New(ctx, pdb, platform.Options{Issuer: issuer, BankAuthURL: "https://127.0.0.1:8444/auth", Bank: bc, Metrics: observe.NewMetrics(),
			Log: observe.NewLogger(os.Stderr, slog.LevelError)})
		if err != nil {
			return rep, err
		}
		platforms = append(platforms, p)
		pu, stopPlatform, err := serveTLS(p.TPPHandler(), tlsc.platformServer)
		if err != nil {
			return rep, err
		}
		defer stopPlatform(context.WithoutCancel(ctx))
		platAddrs = append(platAddrs, pu[len("https://"):])
	}

	say("authorising consents and issuing tokens for %d users", o.Users)
	targets, err := gatewayTargets(ctx, st0, pdbs[0], platforms[0], tlsc.tppCert, issuer, o.Users)
	if err != nil {
		return rep, err
	}
	rep.Users = len(targets)

	attack := func(name string, n int, profile string) (Result, error) {
		tppLB.SetBackends(platAddrs[:n]...)
		bankLB.SetBackends(bankAddrs[:n]...)
		// The platforms' pools re-dial so their connections spread over the banks now behind the
		// balancer; the TPP's attack makes new connections of its own.
		for _, c := range clients {
			c.Close()
		}
		if o.Warmup > 0 {
			say("%s: warming up for %s", name, o.Warmup)
			Attack(ctx, AttackOptions{Name: "warmup", Targets: targets, Duration: o.Warmup, Connections: o.Connections, TLS: tlsc.tppClient})
		}
		if profile != "" {
			f, err := os.Create(profile)
			if err != nil {
				return Result{}, err
			}
			defer f.Close()
			if err := pprof.StartCPUProfile(f); err != nil {
				return Result{}, err
			}
			defer pprof.StopCPUProfile()
		}
		say("%s: attacking for %s over %d connections", name, o.Duration, o.Connections)
		return Attack(ctx, AttackOptions{Name: name, Targets: targets, Duration: o.Duration, Connections: o.Connections, TLS: tlsc.tppClient}), nil
	}
	var errs uint64
	for round := range 2 {
		profile := ""
		if round == 1 {
			profile = o.CPUProfile
		}
		one, err := attack(fmt.Sprintf("one platform, one bank (PostgreSQL), round %d", round+1), 1, "")
		if err != nil {
			return rep, err
		}
		two, err := attack(fmt.Sprintf("two platforms, two banks (PostgreSQL), round %d", round+1), 2, profile)
		if err != nil {
			return rep, err
		}
		rep.Single, rep.Replicated = append(rep.Single, one), append(rep.Replicated, two)
		rep.SingleRPS += one.RPS / 2
		rep.ReplicasRPS += two.RPS / 2
		errs += one.Errors + two.Errors
	}
	if rep.SingleRPS > 0 {
		rep.Ratio = rep.ReplicasRPS / rep.SingleRPS
	}
	rep.Met = rep.Ratio >= ReplicaTargetRatio && errs == 0
	if errs > 0 {
		return rep, fmt.Errorf("bench: %d failed requests (see the status codes above)", errs)
	}
	return rep, ctx.Err()
}
