package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/state"
)

// TestBankServesWebJourney runs `ifconnect bank` with the web listener, finds it through the
// bank-web endpoint it published, and loads the login page over TLS without a client certificate.
// With no platform running, the entry page says the service is unavailable instead of failing.
func TestBankServesWebJourney(t *testing.T) {
	stateDir, _ := pkiInit(t)
	ctx := context.Background()
	dbURL := "sqlite:" + filepath.Join(stateDir, "bank.db")
	if _, err := store.Migrate(ctx, dbURL); err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	var out, errOut bytes.Buffer
	go func() {
		done <- run(runCtx, []string{"bank", "--state", stateDir, "--connect-listen", "127.0.0.1:0", "--web-listen", "127.0.0.1:0",
			"--platform-bank-url", "https://127.0.0.1:1", "--log-level", "warn"},
			func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}()
	dir := state.Dir{Root: stateDir}
	ep := waitEndpoints(t, stateDir, done, &errOut, "bank-web")[0]
	cfg, err := pki.ClientConfig(pki.ClientOptions{RootCAFiles: []string{ep.CA}})
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{TLSClientConfig: cfg}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]string{"/login": "Acesse sua conta", "/auth?client_id=x": "temporariamente indisponível"} {
		res, err := hc.Get(ep.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !strings.Contains(string(body), want) || res.Header.Get("X-Frame-Options") != "DENY" {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, body)
		}
	}
	stop()
	if err := <-done; err != nil {
		t.Fatalf("bank: %v\n%s", err, errOut.String())
	}
	if _, err := dir.Endpoint("bank-web"); err == nil {
		t.Fatal("bank-web is still published after shutdown")
	}
}
