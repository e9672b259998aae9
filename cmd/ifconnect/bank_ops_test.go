package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/state"
)

// TestBankOperations runs `ifconnect bank` with its internal listener and checks what an operator
// sees: per-operation metrics with the calling client, the probes, JSON logs carrying the interaction
// id, and the usage aggregates written at shutdown.
func TestBankOperations(t *testing.T) {
	stateDir, _ := pkiInit(t)
	ctx := context.Background()
	f := bankFixture(t, stateDir)
	dbURL := "sqlite:" + filepath.Join(stateDir, "bank.db")

	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	var out, errOut bytes.Buffer
	go func() {
		done <- run(runCtx, []string{"bank", "--state", stateDir, "--connect-listen", "127.0.0.1:0", "--web-listen", "",
			"--ops-listen", "127.0.0.1:0", "--platform-url", "https://127.0.0.1:1", "--log-level", "debug"},
			func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}()
	eps := waitEndpoints(t, stateDir, done, &errOut, "bank-connect", "bank-ops")
	ep, opsEP := eps[0], eps[1]
	cfg, err := pki.ClientConfig(pki.ClientOptions{Identity: pki.Identity{CertFile: ep.ClientCert, KeyFile: ep.ClientKey}, RootCAFiles: []string{ep.CA}})
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{TLSClientConfig: cfg}
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest(http.MethodGet, ep.URL+"/accounts/"+f.Checking.ID, nil)
	for k, v := range map[string]string{
		bankconnect.HeaderASPSPID: "ifconnect-bank", bankconnect.HeaderAPIURI: "/accounts", bankconnect.HeaderAPIOperation: "GET",
		bankconnect.HeaderOzoneInteractionID: "oz-ops-1", "o3-caller-client-id": "tpp1",
		bankconnect.HeaderPSUIdentifier: bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: f.User.ID}),
	} {
		req.Header.Set(k, v)
	}
	res, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /accounts/{id} = %d", res.StatusCode)
	}
	get := func(path string) (int, string) {
		res, err := http.Get(opsEP.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := get("/metrics"); code != 200 || !strings.Contains(body,
		`ifconnect_http_requests_total{client="tpp1",operation="GET /accounts/{accountId}",server="bank-connect",status_class="2xx"} 1`) {
		t.Errorf("/metrics = %d, lacks the Bank Connect call:\n%s", code, body)
	}
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("/healthz = %d", code)
	}
	code, body := get("/readyz")
	var ready struct{ Checks map[string]string }
	json.Unmarshal([]byte(body), &ready)
	if code != http.StatusServiceUnavailable || ready.Checks["database"] != "ok" || ready.Checks["certificates"] != "ok" || ready.Checks["platform"] == "ok" {
		t.Errorf("/readyz with the platform unreachable = %d %s; want 503 with only the platform failing", code, body)
	}

	stop()
	if err := <-done; err != nil {
		t.Fatalf("bank: %v\n%s", err, errOut.String())
	}
	var sawCall bool
	for _, line := range strings.Split(strings.TrimSpace(errOut.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		if rec["msg"] == "request" && rec["o3-ozone-interaction-id"] == "oz-ops-1" && rec["client_id"] == "tpp1" {
			sawCall = true
		}
	}
	if !sawCall {
		t.Errorf("no access log line with the call's interaction id and client:\n%s", errOut.String())
	}
	db, err := database.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var calls int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(SUM(calls), 0) FROM usage_minutes WHERE server = 'bank-connect' AND client = 'tpp1'`).Scan(&calls); err != nil || calls != 1 {
		t.Errorf("usage rows for the call = %d, %v; want 1", calls, err)
	}
}

// TestPlatformOperations runs `ifconnect platform` with a tight rate limit: a TPP's third call in a
// burst of two gets 429 in the OBB format, discovery is never limited, and the internal listener
// shows the calls per client, the refusal, and a ready platform.
func TestPlatformOperations(t *testing.T) {
	stateDir, _ := pkiInit(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	var out, errOut bytes.Buffer
	go func() {
		done <- run(ctx, []string{"platform", "--state", stateDir, "--tpp-listen", "127.0.0.1:0", "--bank-listen", "127.0.0.1:0",
			"--ops-listen", "127.0.0.1:0", "--rate-limit", "0.001", "--rate-burst", "2"},
			func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}()
	eps := waitEndpoints(t, stateDir, done, &errOut, "platform-tpp", "platform-ops")
	tpp, opsEP := eps[0], eps[1]
	cfg, err := pki.ClientConfig(pki.ClientOptions{RootCAFiles: []string{tpp.CA}, Identity: pki.Identity{CertFile: tpp.ClientCert, KeyFile: tpp.ClientKey}})
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
	defer hc.CloseIdleConnections()
	var codes []int
	var last []byte
	for range 3 {
		res, err := hc.Post(tpp.URL+"/token", "application/x-www-form-urlencoded", strings.NewReader("grant_type=client_credentials&client_id=tpp1"))
		if err != nil {
			t.Fatal(err)
		}
		last, _ = io.ReadAll(res.Body)
		res.Body.Close()
		codes = append(codes, res.StatusCode)
		if res.StatusCode == http.StatusTooManyRequests && res.Header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
	}
	if codes[0] == http.StatusTooManyRequests || codes[1] == http.StatusTooManyRequests || codes[2] != http.StatusTooManyRequests {
		t.Errorf("token calls = %v; want the third refused with 429", codes)
	}
	if !strings.Contains(string(last), `"code":"TOO_MANY_REQUESTS"`) || !strings.Contains(string(last), `"meta"`) {
		t.Errorf("429 body = %s; want the OBB error envelope", last)
	}
	res, err := hc.Get(tpp.URL + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("discovery after the limit = %d; want 200 (never limited)", res.StatusCode)
	}
	get := func(path string) (int, string) {
		res, err := http.Get(opsEP.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	_, metrics := get("/metrics")
	for _, want := range []string{
		`ifconnect_http_requests_total{client="tpp1",operation="POST /token",server="platform-tpp",status_class="4xx"} 3`,
		`ifconnect_rate_limited_total{client="tpp1",server="platform-tpp"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s:\n%s", want, metrics)
		}
	}
	if code, body := get("/readyz"); code != http.StatusOK {
		t.Errorf("/readyz = %d %s", code, body)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("platform: %v\n%s", err, errOut.String())
	}
}

// TestPKICheckConfigured lists the certificates a process's JSON config names, by option, with the
// days left, and warns about those expiring within --warn-days.
func TestPKICheckConfigured(t *testing.T) {
	stateDir, _ := pkiInit(t)
	pkiDir := state.Dir{Root: stateDir}.PKIDir()
	cfg := filepath.Join(t.TempDir(), "bank.json")
	b, _ := json.Marshal(map[string]string{
		"tls-cert":             pki.DevIdentity(pkiDir, "bank-server").CertFile,
		"platform-client-cert": pki.DevIdentity(pkiDir, "bank-client").CertFile,
		"client-ca":            pki.DevCAFile(pkiDir),
	})
	if err := os.WriteFile(cfg, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, nil, "pki", "check", "--state", t.TempDir(), "--config", cfg, "--warn-days", "400")
	if err != nil {
		t.Fatalf("pki check: %v\n%s", err, out)
	}
	for _, want := range []string{"tls-cert ", "platform-client-cert ", "client-ca ", "WARNING: tls-cert (", "WARNING: platform-client-cert ("} {
		if !strings.Contains(out, want) {
			t.Errorf("pki check lacks %q:\n%s", want, out)
		}
	}
}
