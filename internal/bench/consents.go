package bench

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
)

// ConsentsOptions configure the consent-manager benchmark. The zero value runs the documented one.
type ConsentsOptions struct {
	// Duration of the measured attack; 0 means 10s.
	Duration time.Duration
	// Rate is the requests per second to send; 0 sends as fast as Workers allow.
	Rate int
	// Workers is the number of concurrent requests (and keep-alive connections); 0 means 4: on two
	// cores more connections only lengthen the queue (see docs/benchmarks.md).
	Workers int
	// Warmup is an unmeasured run before the measured one that opens the connections; 0 means 1s.
	Warmup time.Duration
	// Consents is how many authorised consents are stored and read round-robin; 0 means 1000.
	Consents int
	// DatabaseURL is the consent manager's database; empty means a fresh SQLite file. A PostgreSQL
	// URL should name an empty schema (the benchmark creates its tables and leaves its rows).
	DatabaseURL string
}

// ConsentsTargetRPS is the throughput the issue asks of GET /consents/{consentId}.
const ConsentsTargetRPS = 10_000

// ConsentsReport is what the benchmark prints: throughput of successful requests per second and
// latency percentiles in milliseconds, measured by the client over mutual TLS on loopback.
type ConsentsReport struct {
	Benchmark string  `json:"benchmark"`
	Requests  uint64  `json:"requests"`
	RPS       float64 `json:"rps"`
	P50       float64 `json:"p50"`
	P90       float64 `json:"p90"`
	P99       float64 `json:"p99"`
	Max       float64 `json:"max"`
	Errors    uint64  `json:"errors"`
	Unit      string  `json:"latencyUnit"`
	// TargetRPS is the issue's goal (10,000 req/s); Met tells whether RPS reached it without errors.
	TargetRPS float64 `json:"targetRps"`
	Met       bool    `json:"met"`
	// CPUMicrosPerRequest is the CPU time (user and system) the whole process — server and load
	// generator — spent per request during the measured run: on a shared machine, where the
	// throughput depends on what else runs, it tells what the code itself costs.
	CPUMicrosPerRequest float64 `json:"cpuMicrosPerRequest"`
	Workers             int     `json:"workers"`
	Seconds             float64 `json:"seconds"`
	Database            string  `json:"database"`
}

// Consents benchmarks GET /consents/{consentId} — what the bank calls at step 3005 of every journey
// — served by the consent manager's real handler behind an mTLS listener configured like the
// platform's bank-facing one (pki.ServerConfig, client certificate required and allow-listed), with
// keep-alive connections from a vegeta attacker on loopback. Reads alternate between the two ids
// (the uuid and the URN ConsentId). It prints a ConsentsReport as one JSON line to stdout and returns it.
func Consents(ctx context.Context, opts ConsentsOptions, stdout io.Writer) (ConsentsReport, error) {
	if opts.Duration <= 0 {
		opts.Duration = 10 * time.Second
	}
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	if opts.Warmup <= 0 {
		opts.Warmup = time.Second
	}
	if opts.Consents <= 0 {
		opts.Consents = 1000
	}
	dir, err := os.MkdirTemp("", "ifconnect-bench-consents-")
	if err != nil {
		return ConsentsReport{}, fmt.Errorf("bench consents: %w", err)
	}
	defer os.RemoveAll(dir)

	serverTLS, clientTLS, err := consentsTLS(dir)
	if err != nil {
		return ConsentsReport{}, fmt.Errorf("bench consents: %w", err)
	}
	dbURL := opts.DatabaseURL
	if dbURL == "" {
		dbURL = "sqlite:" + filepath.Join(dir, "consents.db")
	}
	db, err := database.Open(ctx, dbURL)
	if err != nil {
		return ConsentsReport{}, fmt.Errorf("bench consents: %w", err)
	}
	defer db.Close()
	if err := consents.Migrate(ctx, db); err != nil {
		return ConsentsReport{}, fmt.Errorf("bench consents: %w", err)
	}
	svc, err := consents.New(db, consents.Options{})
	if err != nil {
		return ConsentsReport{}, fmt.Errorf("bench consents: %w", err)
	}
	ids, err := seedConsents(ctx, svc, opts.Consents)
	if err != nil {
		return ConsentsReport{}, fmt.Errorf("bench consents: seed: %w", err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return ConsentsReport{}, fmt.Errorf("bench consents: %w", err)
	}
	srv := &http.Server{
		Handler:           consents.NewHandler(svc, consents.HandlerOptions{}),
		TLSConfig:         serverTLS,
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: 10 * time.Second, IdleTimeout: time.Minute,
	}
	served := make(chan error, 1)
	go func() { served <- srv.ServeTLS(ln, "", "") }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()

	base := "https://" + ln.Addr().String() + "/consents/"
	urls := make([]string, 0, 2*len(ids))
	for _, id := range ids {
		urls = append(urls, base+id[0], base+id[1])
	}
	var next atomic.Uint64
	targeter := func(t *vegeta.Target) error {
		t.Method = http.MethodGet
		t.URL = urls[next.Add(1)%uint64(len(urls))]
		return nil
	}
	tr := &http.Transport{
		TLSClientConfig: clientTLS, MaxIdleConns: opts.Workers, MaxIdleConnsPerHost: opts.Workers,
		IdleConnTimeout: time.Minute,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	workers := uint64(opts.Workers)
	newAttacker := func() *vegeta.Attacker {
		return vegeta.NewAttacker(vegeta.Workers(workers), vegeta.MaxWorkers(workers), vegeta.Client(client))
	}

	// A short warm-up opens the connections and fills the database's caches before measuring. An
	// attacker stops for good after one attack, so the measured run gets a fresh one (on the same,
	// now warm, connections).
	for range newAttacker().Attack(targeter, vegeta.Rate{Freq: 0}, opts.Warmup, "warm-up") {
	}
	var m vegeta.Metrics
	cpuBefore := processCPU()
	attacker := newAttacker()
	results := attacker.Attack(targeter, vegeta.Rate{Freq: opts.Rate, Per: time.Second}, opts.Duration, "consents")
	for res := range results {
		m.Add(res)
		if ctx.Err() != nil {
			attacker.Stop()
		}
	}
	m.Close()
	cpu := processCPU() - cpuBefore
	select {
	case err := <-served:
		return ConsentsReport{}, fmt.Errorf("bench consents: server stopped: %w", err)
	default:
	}

	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	rep := ConsentsReport{
		Benchmark: "consents: GET /consents/{consentId} over mutual TLS, keep-alive, loopback",
		Requests:  m.Requests, RPS: m.Throughput,
		P50: ms(m.Latencies.P50), P90: ms(m.Latencies.P90), P99: ms(m.Latencies.P99), Max: ms(m.Latencies.Max),
		Errors: m.Requests - uint64(m.StatusCodes["200"]), Unit: "ms", Workers: opts.Workers,
		Seconds: m.Duration.Seconds(), Database: string(db.Dialect), TargetRPS: ConsentsTargetRPS,
	}
	rep.Met = rep.RPS >= ConsentsTargetRPS && rep.Errors == 0
	if m.Requests > 0 {
		rep.CPUMicrosPerRequest = float64(cpu.Microseconds()) / float64(m.Requests)
	}
	if err := json.NewEncoder(stdout).Encode(rep); err != nil {
		return rep, err
	}
	if rep.Errors > 0 && len(m.Errors) > 0 {
		return rep, fmt.Errorf("bench consents: %d requests failed, e.g. %s", rep.Errors, m.Errors[0])
	}
	return rep, nil
}

// consentsTLS makes a throw-away CA, a server certificate for loopback and a bank client certificate,
// and returns the server's configuration (client certificate required, allow-listed by fingerprint)
// and the client's.
func consentsTLS(dir string) (server, client *tls.Config, err error) {
	ca, err := pki.NewCA(pki.CAOptions{CommonName: "ifconnect bench CA"})
	if err != nil {
		return nil, nil, err
	}
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, ca.CertPEM(), 0o644); err != nil {
		return nil, nil, err
	}
	issue := func(name string, req pki.Request) (pki.Identity, *x509.Certificate, error) {
		iss, err := ca.Issue(req)
		if err != nil {
			return pki.Identity{}, nil, err
		}
		id := pki.Identity{Name: name, CertFile: filepath.Join(dir, name+".pem"), KeyFile: filepath.Join(dir, name+"-key.pem")}
		if err := os.WriteFile(id.CertFile, iss.CertPEM(), 0o644); err != nil {
			return pki.Identity{}, nil, err
		}
		if err := os.WriteFile(id.KeyFile, iss.KeyPEM(), 0o600); err != nil {
			return pki.Identity{}, nil, err
		}
		return id, iss.Cert, nil
	}
	srvID, _, err := issue("server", pki.Request{Kind: pki.KindServer})
	if err != nil {
		return nil, nil, err
	}
	bankID, bankCert, err := issue("bank", pki.Request{Kind: pki.KindClient, CommonName: "bench-bank"})
	if err != nil {
		return nil, nil, err
	}
	server, err = pki.ServerConfig(pki.ServerOptions{
		Identity: srvID, RequireClientCert: true, ClientCAFiles: []string{caFile}, AllowList: pki.AllowCertificates(bankCert),
	})
	if err != nil {
		return nil, nil, err
	}
	client, err = pki.ClientConfig(pki.ClientOptions{Identity: bankID, RootCAFiles: []string{caFile}})
	return server, client, err
}

// seedConsents stores n authorised account-access consents, as a bank sees them after step 4003
// (three permissions, two accounts, history of two entries), and returns their [id, ConsentId] pairs.
func seedConsents(ctx context.Context, svc *consents.Service, n int) ([][2]string, error) {
	request, _ := json.Marshal(map[string]any{
		"Data": map[string]any{
			"Permissions":             []string{"ReadAccountsBasic", "ReadAccountsDetail", "ReadBalances"},
			"TransactionFromDateTime": "2025-01-01T00:00:00Z", "TransactionToDateTime": "2026-12-31T23:59:59Z",
			"ExpirationDateTime": time.Now().Add(365 * 24 * time.Hour).UTC().Format(time.RFC3339),
		},
		"Risk": map[string]any{},
	})
	headers := json.RawMessage(`{"x-fapi-interaction-id":"5b3c1b8e-6b4f-4a53-9d32-2f2e0c3d6a11","x-fapi-financial-id":"ifconnect"}`)
	ids := make([][2]string, 0, n)
	for i := range n {
		c, err := svc.Create(ctx, consents.NewConsent{
			RequestURL: "https://platform.localhost/open-banking/v3.1/aisp/account-access-consents",
			Type:       consentmgr.TypeAccountAccess, Request: request, RequestHeaders: headers,
			TPP: consentmgr.TPP{ClientID: "bench-tpp", TPPName: "Bench TPP LTDA"}, By: "bench",
		})
		if err != nil {
			return nil, err
		}
		if _, err := svc.Patch(ctx, c.ID, consents.Patch{
			PSU:        &consentmgr.PSUIdentifiers{UserID: fmt.Sprintf("user-%d", i%97)},
			AccountIDs: []string{fmt.Sprintf("acc-%d-1", i), fmt.Sprintf("acc-%d-2", i)},
			Status:     consentmgr.StatusAuthorised, By: "bench",
		}); err != nil {
			return nil, err
		}
		ids = append(ids, [2]string{c.ID, c.ConsentID})
	}
	if len(ids) == 0 {
		return nil, errors.New("no consents")
	}
	return ids, nil
}

// processCPU is the user and system CPU time this process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
