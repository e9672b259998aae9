package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/state"
)

// TestPlatformServesAndPublishes starts `ifconnect platform` on ephemeral ports, finds it through
// endpoints.json, calls discovery with the published CA and the JWKS, uses the admin commands
// alongside, and stops it with the context: the endpoints are withdrawn.
func TestPlatformServesAndPublishes(t *testing.T) {
	stateDir, _ := pkiInit(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	var out, errOut bytes.Buffer
	go func() {
		done <- run(ctx, []string{"platform", "--state", stateDir, "--tpp-listen", "127.0.0.1:0", "--bank-listen", "127.0.0.1:0"},
			func(string) string { return "" }, strings.NewReader(""), &out, &errOut)
	}()
	eps := waitEndpoints(t, stateDir, done, &errOut, "platform-tpp", "platform-bank")
	tpp, bank := eps[0], eps[1]
	cfg, err := pki.ClientConfig(pki.ClientOptions{RootCAFiles: []string{tpp.CA}})
	if err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
	defer hc.CloseIdleConnections()
	res, err := hc.Get(tpp.URL + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	json.NewDecoder(res.Body).Decode(&d)
	res.Body.Close()
	if d["issuer"] != tpp.URL || d["authorization_endpoint"] != "https://127.0.0.1:8444/auth" {
		t.Fatalf("discovery %v", d)
	}
	bcfg, err := pki.ClientConfig(pki.ClientOptions{RootCAFiles: []string{bank.CA}, Identity: pki.Identity{CertFile: bank.ClientCert, KeyFile: bank.ClientKey}})
	if err != nil {
		t.Fatal(err)
	}
	bc := &http.Client{Transport: &http.Transport{TLSClientConfig: bcfg}}
	defer bc.CloseIdleConnections()
	if res, err := bc.Get(bank.URL + "/healthz"); err != nil || res.StatusCode != 200 {
		t.Fatalf("bank listener with the published client certificate: %v %v", res, err)
	}

	list, _, err := runCmd(t, nil, "platform", "clients", "list", "--state", stateDir)
	if err != nil || !strings.Contains(list, "tpp1") || !strings.Contains(list, "tls_client_auth") {
		t.Fatalf("clients list: %v\n%s", err, list)
	}
	rot, _, err := runCmd(t, nil, "platform", "keys", "rotate", "--state", stateDir)
	if err != nil || strings.Count(rot, "\n") != 3 {
		t.Fatalf("keys rotate: %v\n%s", err, rot)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("platform: %v\n%s", err, errOut.String())
	}
	if eps, _ := (state.Dir{Root: stateDir}).Endpoints(); len(eps) != 0 {
		t.Fatalf("endpoints left published: %+v", eps)
	}
}

// TestPlatformClientsAddValidates: a bad client record is a usage error (exit 2), a good one lists.
func TestPlatformClientsAddValidates(t *testing.T) {
	stateDir, _ := pkiInit(t)
	dir := stateDir + "/pki"
	_, _, err := runCmd(t, nil, "platform", "clients", "add", "--state", stateDir, "--client-id", "x", "--redirect-uri", "http://insecure/cb",
		"--jwks", dir+"/tpp1-client.pem", "--cert", dir+"/tpp1-client.pem")
	if err == nil || !strings.Contains(err.Error(), "https") {
		t.Fatalf("insecure redirect accepted: %v", err)
	}
	if _, _, err := runCmd(t, nil, "platform", "clients", "add", "--state", stateDir, "--client-id", "tpp9", "--redirect-uri", "https://tpp9/cb",
		"--jwks", dir+"/tpp1-client.pem", "--cert", dir+"/tpp1-client.pem", "--auth-method", "tls_client_auth"); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, nil, "platform", "clients", "list", "--state", stateDir, "--json")
	if err != nil || !strings.Contains(out, `"client_id": "tpp9"`) {
		t.Fatalf("list: %v\n%s", err, out)
	}
}
