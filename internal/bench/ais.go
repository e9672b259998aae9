package bench

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/ifconnect/ifconnect/internal/bank/connect"
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/password"
	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/pki"
)

// AISOptions configure the Bank Connect AIS benchmark.
type AISOptions struct {
	// DBURL is the bank database; it is migrated and, when it holds no customer, seeded with Customers
	// customers (seed 1, history ending SeedNow).
	DBURL     string
	Customers int
	SeedNow   time.Time
	// Duration of each scenario, after a Warmup run that is not measured.
	Duration, Warmup time.Duration
	Connections      int
	// Users is how many different PSUs the requests rotate over.
	Users int
	// Progress receives a line per step; nil discards.
	Progress io.Writer
	// CPUProfile, when set, receives a pprof CPU profile of the scenarios.
	CPUProfile io.Writer
}

// Scenario is one operation measured twice: Throughput as fast as the connections allow (its rps is
// the server's capacity), and AtTarget at the target rate (its percentiles are the latency the target
// asks for: with 64 connections in a closed loop, latency is only connections ÷ throughput).
type Scenario struct {
	Name        string  `json:"name"`
	TargetRPS   float64 `json:"targetRps"`
	TargetP99MS float64 `json:"targetP99"`
	Throughput  Result  `json:"throughput"`
	AtTarget    Result  `json:"atTarget"`
	Met         bool    `json:"met"`
}

// AISReport is the benchmark's outcome.
type AISReport struct {
	Customers   int        `json:"customers"`
	Connections int        `json:"connections"`
	Scenarios   []Scenario `json:"scenarios"`
	// PeakRSSMB is the peak resident memory of the whole process — server and load generator
	// together, so an upper bound for the bank — during the scenarios.
	PeakRSSMB   float64 `json:"peakRssMB"`
	TargetRSSMB float64 `json:"targetRssMB"`
	Met         bool    `json:"met"`
}

// Targets of the issue: GET /accounts?accountIds=<3 ids> at 10,000 req/s, one page of
// GET /accounts/{id}/transactions at 3,000 req/s, p99 within 10 ms, at most 150 MB resident.
const (
	accountsTargetRPS     = 10_000
	transactionsTargetRPS = 3_000
	targetP99MS           = 10
	targetRSSMB           = 150
	benchASPSP            = "ifconnect-bench"
)

// AIS runs the Bank Connect AIS benchmark: the Bank Connect server over mutual TLS on loopback in
// front of the store at o.DBURL, attacked by the platform's client certificate.
func AIS(ctx context.Context, o AISOptions) (AISReport, error) {
	say := func(format string, args ...any) {
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, format+"\n", args...)
		}
	}
	rep := AISReport{Customers: o.Customers, Connections: o.Connections, TargetRSSMB: targetRSSMB}
	st, err := seededStore(ctx, o, say)
	if err != nil {
		return rep, err
	}
	defer st.Close()

	dir, err := os.MkdirTemp("", "ifconnect-bench-pki-")
	if err != nil {
		return rep, err
	}
	defer os.RemoveAll(dir)
	serverTLS, clientTLS, err := benchPKI(dir)
	if err != nil {
		return rep, err
	}

	say("collecting the accounts of %d users", o.Users)
	accountTargets, txTargets, err := aisTargets(ctx, st, o.Users)
	if err != nil {
		return rep, err
	}

	h := connect.NewServer(connect.Deps{
		ASPSPID: benchASPSP, Institution: connect.Institution{BrandID: "banco-ipe", BrandName: seed.DefaultBank.Brand, CNPJ: seed.DefaultBank.CNPJ},
		Customers: st, Accounts: st, Transactions: st, Contracts: st, StandingData: st,
		Log: slog.New(slog.DiscardHandler), PageSize: 25,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return rep, err
	}
	srv := &http.Server{Handler: h, TLSConfig: serverTLS, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	go srv.ServeTLS(ln, "", "")
	defer srv.Shutdown(context.WithoutCancel(ctx))
	base := "https://" + ln.Addr().String()
	for i := range accountTargets {
		accountTargets[i].URL = base + accountTargets[i].URL
	}
	for i := range txTargets {
		txTargets[i].URL = base + txTargets[i].URL
	}

	scenarios := []struct {
		name    string
		targets []vegeta.Target
		rps     float64
	}{
		{"GET /accounts?accountIds=<3 ids>", accountTargets, accountsTargetRPS},
		{"GET /accounts/{accountId}/transactions (one page)", txTargets, transactionsTargetRPS},
	}
	tr := NewTransport(clientTLS, o.Connections)
	defer tr.CloseIdleConnections()
	if o.Warmup > 0 {
		say("warming up for %s", o.Warmup)
		Attack(ctx, AttackOptions{Name: "warmup", Targets: accountTargets, Duration: o.Warmup, Connections: o.Connections, Transport: tr})
	}
	ResetPeakRSS()
	if o.CPUProfile != nil {
		if err := pprof.StartCPUProfile(o.CPUProfile); err != nil {
			return rep, fmt.Errorf("bench: CPU profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	rep.Met = true
	for _, sc := range scenarios {
		out := Scenario{Name: sc.name, TargetRPS: sc.rps, TargetP99MS: targetP99MS}
		say("attacking %s for %s over %d connections as fast as they go", sc.name, o.Duration, o.Connections)
		out.Throughput = Attack(ctx, AttackOptions{Name: sc.name, Targets: sc.targets, Duration: o.Duration, Connections: o.Connections, Transport: tr})
		say("attacking %s for %s at %.0f req/s", sc.name, o.Duration, sc.rps)
		out.AtTarget = Attack(ctx, AttackOptions{Name: sc.name, Targets: sc.targets, Duration: o.Duration, Connections: o.Connections, Transport: tr, Rate: sc.rps})
		out.Met = out.Throughput.RPS >= sc.rps && out.AtTarget.RPS >= 0.99*sc.rps && out.AtTarget.P99 <= targetP99MS &&
			out.Throughput.Errors == 0 && out.AtTarget.Errors == 0
		rep.Met = rep.Met && out.Met
		rep.Scenarios = append(rep.Scenarios, out)
		if err := ctx.Err(); err != nil {
			return rep, err
		}
	}
	rep.PeakRSSMB = PeakRSSMB()
	rep.Met = rep.Met && rep.PeakRSSMB <= targetRSSMB
	return rep, nil
}

// seededStore opens the benchmark database, migrating and seeding it when it holds no customer.
func seededStore(ctx context.Context, o AISOptions, say func(string, ...any)) (*store.Store, error) {
	if _, err := store.Migrate(ctx, o.DBURL); err != nil {
		return nil, fmt.Errorf("bench: migrate %s: %w", o.DBURL, err)
	}
	st, err := store.Open(ctx, o.DBURL)
	if err != nil {
		return nil, err
	}
	_, err = st.Customer(ctx, "cus-1")
	switch core.ErrorCode(err) {
	case "":
		say("using the seeded database %s", o.DBURL)
		return st, nil
	case core.ENOTFOUND:
	default:
		st.Close()
		return nil, err
	}
	say("seeding %s with %d customers (once; later runs reuse it)", o.DBURL, o.Customers)
	start := time.Now()
	_, err = seed.Run(ctx, st, seed.Options{Seed: 1, Customers: o.Customers, Now: o.SeedNow, Hashing: password.Cheap}, nil)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("bench: seed: %w", err)
	}
	say("seeded in %s", time.Since(start).Round(time.Second))
	return st, nil
}

// benchPKI issues a throw-away CA, the bank's server certificate and the platform's client
// certificate, and returns the server's and the client's mutual-TLS configurations.
func benchPKI(dir string) (server, client *tls.Config, err error) {
	_, err = pki.InitDev(dir, pki.InitOptions{CABits: 2048, Specs: []pki.DevSpec{
		{Name: "bank-server", Request: pki.Request{Kind: pki.KindServer}},
		{Name: "platform-client", Request: pki.Request{Kind: pki.KindClient, CommonName: "platform-client"}},
	}})
	if err != nil {
		return nil, nil, fmt.Errorf("bench: PKI: %w", err)
	}
	platform := pki.DevIdentity(dir, "platform-client")
	cert, err := pki.LoadCertificate(platform.CertFile)
	if err != nil {
		return nil, nil, err
	}
	server, err = pki.ServerConfig(pki.ServerOptions{
		Identity: pki.DevIdentity(dir, "bank-server"), RequireClientCert: true,
		ClientCAFiles: []string{pki.DevCAFile(dir)}, AllowList: pki.AllowCertificates(cert),
	})
	if err != nil {
		return nil, nil, err
	}
	client, err = pki.ClientConfig(pki.ClientOptions{Identity: platform, RootCAFiles: []string{pki.DevCAFile(dir)}})
	return server, client, err
}

// aisTargets builds the requests of both scenarios for up to users PSUs (users u-1, u-2, …): three of
// the user's accounts, and one page of the statement of the user's first account.
func aisTargets(ctx context.Context, st *store.Store, users int) (accounts, txs []vegeta.Target, err error) {
	for i := 1; len(accounts) < users && i <= users*4; i++ {
		userID := fmt.Sprintf("u-%d", i)
		custs, err := st.CustomersOfUser(ctx, userID)
		if core.ErrorCode(err) == core.ENOTFOUND || (err == nil && len(custs) == 0) {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		ids := make([]string, 0, len(custs))
		for _, c := range custs {
			ids = append(ids, c.ID)
		}
		accs, err := st.AccountsOfCustomers(ctx, ids)
		if err != nil {
			return nil, nil, err
		}
		if len(accs) == 0 {
			continue
		}
		var three []string
		for j := 0; len(three) < 3; j++ {
			three = append(three, accs[j%len(accs)].ID)
		}
		h := http.Header{}
		h.Set(bankconnect.HeaderASPSPID, benchASPSP)
		h.Set(bankconnect.HeaderAPIURI, "/open-banking/accounts/v1/accounts")
		h.Set(bankconnect.HeaderAPIOperation, "GET")
		h.Set(bankconnect.HeaderOzoneInteractionID, fmt.Sprintf("bench-%d", i))
		h.Set(bankconnect.HeaderConsentID, fmt.Sprintf("urn:bench:consent:%d", i))
		h.Set(bankconnect.HeaderPSUIdentifier, bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: userID}))
		accounts = append(accounts, vegeta.Target{Method: http.MethodGet, URL: "/accounts?accountIds=" + strings.Join(three, ","), Header: h})
		txs = append(txs, vegeta.Target{Method: http.MethodGet, URL: "/accounts/" + accs[0].ID + "/transactions", Header: h})
	}
	if len(accounts) == 0 {
		return nil, nil, errors.New("bench: the database has no user with accounts (u-1 …); is it seeded?")
	}
	return accounts, txs, nil
}

// DefaultAISDB is where `ifconnect bench ais` keeps its database in the state directory.
func DefaultAISDB(stateRoot string) string {
	return "sqlite:" + filepath.Join(stateRoot, "bench-ais.db")
}
