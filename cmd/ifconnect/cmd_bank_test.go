package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/state"
)

// TestBankServesBankConnect runs `ifconnect bank` on a state directory with the development PKI and
// a fixture database, calls it as the platform through the endpoint it published, and stops it.
func TestBankServesBankConnect(t *testing.T) {
	stateDir, _ := pkiInit(t)
	ctx := context.Background()
	f := bankFixture(t, stateDir)

	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	var out, errOut bytes.Buffer
	go func() {
		done <- run(runCtx, []string{"bank", "--state", stateDir, "--connect-listen", "127.0.0.1:0", "--web-listen", "127.0.0.1:0", "--log-level", "warn"},
			func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}()
	dir := state.Dir{Root: stateDir}
	ep := waitEndpoints(t, stateDir, done, &errOut, "bank-connect")[0]
	cfg, err := pki.ClientConfig(pki.ClientOptions{Identity: pki.Identity{CertFile: ep.ClientCert, KeyFile: ep.ClientKey}, RootCAFiles: []string{ep.CA}})
	if err != nil {
		t.Fatal(err)
	}
	tr := &http.Transport{TLSClientConfig: cfg}
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest(http.MethodGet, ep.URL+"/accounts/"+f.Checking.ID, nil)
	for k, v := range map[string]string{
		bankconnect.HeaderASPSPID: "ifconnect-bank", bankconnect.HeaderAPIURI: "/accounts", bankconnect.HeaderAPIOperation: "GET",
		bankconnect.HeaderOzoneInteractionID: "i-1",
		bankconnect.HeaderPSUIdentifier:      bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: f.User.ID}),
	} {
		req.Header.Set(k, v)
	}
	res, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), f.Checking.Number) {
		t.Fatalf("%d %s", res.StatusCode, body)
	}

	stop()
	if err := <-done; err != nil {
		t.Fatalf("bank: %v\n%s", err, errOut.String())
	}
	if _, err := dir.Endpoint("bank-connect"); err == nil {
		t.Fatal("bank-connect is still published after shutdown")
	}
	if !strings.Contains(out.String(), "bank-connect listening on https://127.0.0.1:") {
		t.Fatalf("stdout %q", out.String())
	}
}

func TestBankUsageMistakes(t *testing.T) {
	for _, args := range [][]string{
		{"bank", "--bearer", "sometimes"},
		{"bank", "--bearer", "static", "--bearer-token", "short"},
		{"bank", "--bearer", "jwt"},
		{"bank", "--cnpj", "12345678000100"},
		{"bank", "--log-level", "loud"},
		{"bank", "extra"},
	} {
		_, _, err := runCmd(t, nil, append(args, "--state", t.TempDir())...)
		var ue *config.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
}
