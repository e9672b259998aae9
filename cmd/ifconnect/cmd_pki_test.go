package main

import (
	"bytes"
	"crypto/x509"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/pki"
)

// pkiInit runs `pki init` on a fresh state directory with a 2048-bit CA, which is all a test needs.
func pkiInit(t *testing.T, extra ...string) (stateDir, out string) {
	t.Helper()
	stateDir = filepath.Join(t.TempDir(), "state")
	out, _, err := runCmd(t, nil, append([]string{"pki", "init", "--state", stateDir, "--ca-key-bits", "2048"}, extra...)...)
	if err != nil {
		t.Fatalf("pki init: %v", err)
	}
	return stateDir, out
}

func readManifest(t *testing.T, stateDir string) *pki.Manifest {
	t.Helper()
	m, err := pki.ReadManifest(filepath.Join(stateDir, "pki"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestPKIInitWritesCAAndEveryIdentityWithManifest(t *testing.T) {
	stateDir, out := pkiInit(t)
	if !strings.Contains(out, "Created the PKI") {
		t.Errorf("output does not say what was done:\n%s", out)
	}
	m := readManifest(t, stateDir)
	pool, err := pki.LoadCertPool(m.CAFile())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"bank-client", "bank-server", "platform-client", "platform-server", "tpp1-client", "tpp2-client"}
	var got []string
	for _, e := range m.Identities {
		got = append(got, e.Name)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("manifest identities %v, want %v", got, want)
	}
	orgs := map[string]bool{}
	for _, name := range want {
		id, err := m.Identity(name)
		if err != nil {
			t.Fatal(err)
		}
		tc, err := id.Load()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		e, _ := m.Entry(name)
		if e.Fingerprint != pki.Fingerprint(tc.Leaf) || e.Subject != pki.SubjectDN(tc.Leaf) {
			t.Errorf("%s: manifest fingerprint/subject do not match the file", name)
		}
		if id.CertFile != filepath.Join(stateDir, "pki", name+".pem") || id.KeyFile != filepath.Join(stateDir, "pki", name+"-key.pem") {
			t.Errorf("%s: files %s %s", name, id.CertFile, id.KeyFile)
		}
		if fi, err := os.Stat(id.KeyFile); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: key mode %v, %v; want 0600", name, fi.Mode().Perm(), err)
		}
		usage := x509.ExtKeyUsageClientAuth
		if strings.HasSuffix(name, "-server") {
			usage = x509.ExtKeyUsageServerAuth
			for _, host := range []string{"localhost", "127.0.0.1", "::1"} {
				if err := tc.Leaf.VerifyHostname(host); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}
		if _, err := tc.Leaf.Verify(x509.VerifyOptions{Roots: pool, KeyUsages: []x509.ExtKeyUsage{usage}}); err != nil {
			t.Errorf("%s does not verify against the CA for its use: %v", name, err)
		}
		if strings.HasPrefix(name, "tpp") {
			s, err := pki.ParseTPPSubject(tc.Leaf)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !core.ValidCNPJ(s.CNPJ) || e.TPP == nil || e.TPP.CNPJ != s.CNPJ || e.TPP.OrganizationID != s.OrganizationID {
				t.Errorf("%s: CNPJ %q / manifest %+v", name, s.CNPJ, e.TPP)
			}
			orgs[s.OrganizationID+s.SoftwareStatementID+s.CNPJ] = true
		}
	}
	if len(orgs) != 2 {
		t.Errorf("the two TPPs must differ in org id, software id and CNPJ")
	}
	if fi, err := os.Stat(filepath.Join(stateDir, "pki", "ca-key.pem")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("CA key mode: %v %v", fi, err)
	}
}

func TestPKIInitIsIdempotentAndForceReplaces(t *testing.T) {
	stateDir, _ := pkiInit(t)
	dir := filepath.Join(stateDir, "pki")
	snapshot := func() map[string]string {
		files := map[string]string{}
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			files[e.Name()] = string(b)
		}
		return files
	}
	before := snapshot()

	out, _, err := runCmd(t, nil, "pki", "init", "--state", stateDir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "already exists; left every file") {
		t.Errorf("second init does not say it left the files:\n%s", out)
	}
	after := snapshot()
	for name, b := range before {
		if after[name] != b {
			t.Errorf("second init changed %s", name)
		}
	}

	// A lost identity is reissued from the same CA; the rest stay.
	for _, f := range []string{"tpp2-client.pem", "tpp2-client-key.pem"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	out, _, err = runCmd(t, nil, "pki", "init", "--state", stateDir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "issued the missing tpp2-client") {
		t.Errorf("init after a lost identity:\n%s", out)
	}
	if now := snapshot(); now["bank-client.pem"] != before["bank-client.pem"] || now["ca.pem"] != before["ca.pem"] || now["tpp2-client.pem"] == "" {
		t.Error("reissuing a lost identity touched the others or did not write it")
	}

	out, _, err = runCmd(t, nil, "pki", "init", "--state", stateDir, "--force", "--ca-key-bits", "2048")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Replaced the PKI") {
		t.Errorf("--force output:\n%s", out)
	}
	replaced := snapshot()
	for _, f := range []string{"ca.pem", "ca-key.pem", "bank-client.pem", "tpp1-client-key.pem"} {
		if replaced[f] == before[f] {
			t.Errorf("--force kept %s", f)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(stateDir, ".pki.*"))
	if len(leftovers) > 0 {
		t.Errorf("--force left temporary directories: %v", leftovers)
	}
}

func TestPKIIssue(t *testing.T) {
	stateDir, _ := pkiInit(t)
	issue := func(args ...string) (string, error) {
		out, _, err := runCmd(t, nil, append([]string{"pki", "issue", "--state", stateDir}, args...)...)
		return out, err
	}
	if _, err := issue("--name", "web", "--kind", "server", "--dns", "bank.example,www.bank.example", "--ip", "10.1.2.3", "--days", "90"); err != nil {
		t.Fatal(err)
	}
	if _, err := issue("--name", "ops", "--kind", "client"); err != nil {
		t.Fatal(err)
	}
	cnpj := core.CompleteCNPJ("987654320001")
	out, err := issue("--name", "tpp3-client", "--kind", "tpp", "--cn", "tpp3.example", "--org-id", "0c1e7a52-5e1f-4f0a-9d8b-2a4b6c8d0e1f",
		"--software-id", "7d9f1b3c-5e7a-4c9e-8b0d-2f4a6c8e0a1b", "--cnpj", cnpj, "--org", "TPP Tres SA", "--locality", "Curitiba", "--st", "PR")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "organizationIdentifier=OFBBR-0c1e7a52-5e1f-4f0a-9d8b-2a4b6c8d0e1f") {
		t.Errorf("issue output lacks the OBB subject:\n%s", out)
	}
	m := readManifest(t, stateDir)
	web, _ := m.Entry("web")
	if web.Kind != pki.KindServer || strings.Join(web.DNSNames, ",") != "bank.example,www.bank.example" || strings.Join(web.IPAddresses, ",") != "10.1.2.3" {
		t.Errorf("web entry: %+v", web)
	}
	if d := time.Until(web.NotAfter); d > 91*24*time.Hour || d < 89*24*time.Hour {
		t.Errorf("web expires in %v, want 90 days", d)
	}
	ops, _ := m.Entry("ops")
	if ops.Subject != "CN=ops,C=BR" {
		t.Errorf("ops subject %q", ops.Subject)
	}
	id, _ := m.Identity("tpp3-client")
	c, err := pki.LoadCertificate(id.CertFile)
	if err != nil {
		t.Fatal(err)
	}
	s, err := pki.ParseTPPSubject(c)
	if err != nil || s.CNPJ != cnpj || s.SoftwareStatementID != "7d9f1b3c-5e7a-4c9e-8b0d-2f4a6c8e0a1b" || s.CommonName != "tpp3.example" || s.State != "PR" {
		t.Errorf("tpp3 subject %+v, %v", s, err)
	}
	if _, ok := m.Entry("bank-client"); !ok {
		t.Error("issue dropped the identities of init from the manifest")
	}

	// The same name again needs --force.
	if _, err := issue("--name", "ops", "--kind", "client"); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("reissue without --force: %v", err)
	}
	old := ops.Fingerprint
	if _, err := issue("--name", "ops", "--kind", "client", "--force"); err != nil {
		t.Fatal(err)
	}
	if e, _ := readManifest(t, stateDir).Entry("ops"); e.Fingerprint == old {
		t.Error("--force did not replace the certificate")
	}
}

func TestPKIBadInputGivesOneClearLine(t *testing.T) {
	stateDir, _ := pkiInit(t)
	dir := filepath.Join(stateDir, "pki")
	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	brokenCA := filepath.Join(t.TempDir(), "state")
	if _, _, err := runCmd(t, nil, "pki", "init", "--state", brokenCA, "--ca-key-bits", "2048"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(brokenCA, "pki", "ca.pem"), []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	mismatched := filepath.Join(t.TempDir(), "state")
	if _, _, err := runCmd(t, nil, "pki", "init", "--state", mismatched, "--ca-key-bits", "2048"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(mismatched, "pki", "bank-client-key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mismatched, "pki", "ca-key.pem"), b, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"invalid CNPJ", []string{"pki", "issue", "--state", stateDir, "--name", "t", "--kind", "tpp", "--cnpj", "11222333000182"}, 2, "not a valid CNPJ"},
		{"CNPJ with punctuation", []string{"pki", "issue", "--state", stateDir, "--name", "t", "--kind", "tpp", "--cnpj", "11.222.333/0001-81"}, 2, "not a valid CNPJ"},
		{"org id not a UUID", []string{"pki", "issue", "--state", stateDir, "--name", "t", "--kind", "tpp", "--org-id", "acme"}, 2, "not a UUID"},
		{"validity over a year", []string{"pki", "issue", "--state", stateDir, "--name", "t", "--kind", "client", "--days", "400"}, 2, "at most one year"},
		{"unknown kind", []string{"pki", "issue", "--state", stateDir, "--name", "t", "--kind", "ca"}, 2, "unknown certificate kind"},
		{"missing name", []string{"pki", "issue", "--state", stateDir, "--kind", "client"}, 2, "--name is required"},
		{"name that is not a file stem", []string{"pki", "issue", "--state", stateDir, "--name", "../x", "--kind", "client"}, 2, "identity name"},
		{"bad IP", []string{"pki", "issue", "--state", stateDir, "--name", "t", "--kind", "server", "--ip", "300.1.1.1"}, 2, "not an IP address"},
		{"state directory is a file", []string{"pki", "init", "--state", notADir}, 1, notADir},
		{"issue before init", []string{"pki", "issue", "--state", filepath.Join(t.TempDir(), "empty"), "--name", "t", "--kind", "client"}, 1, "pki init"},
		{"unreadable CA", []string{"pki", "issue", "--state", brokenCA, "--name", "t", "--kind", "client"}, 1, "ca.pem"},
		{"CA key that does not match", []string{"pki", "issue", "--state", mismatched, "--name", "t", "--kind", "client"}, 1, "do not match"},
		{"init over a broken CA", []string{"pki", "init", "--state", brokenCA}, 1, "ca.pem"},
		{"check without a PKI", []string{"pki", "check", "--state", filepath.Join(t.TempDir(), "empty")}, 1, "pki init"},
		{"check of a missing file", []string{"pki", "check", "--state", stateDir, "--cert", filepath.Join(dir, "nope.pem")}, 1, "failed their checks"},
		{"unknown subcommand", []string{"pki", "frobnicate"}, 2, "unknown subcommand"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, nil, tt.args...)
			var stderr bytes.Buffer
			code := exitCode(err, &stderr)
			if code != tt.code {
				t.Fatalf("exit %d (%v), want %d", code, err, tt.code)
			}
			if strings.Count(stderr.String(), "\n") != 1 || !strings.Contains(stderr.String(), tt.contains) {
				t.Fatalf("stderr %q, want one line containing %q", stderr.String(), tt.contains)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "t.pem")); err == nil {
		t.Error("a refused issue wrote a certificate")
	}
}

func TestPKICheck(t *testing.T) {
	stateDir, _ := pkiInit(t)
	out, _, err := runCmd(t, nil, "pki", "check", "--state", stateDir)
	if err != nil {
		t.Fatalf("check of a fresh PKI: %v\n%s", err, out)
	}
	m := readManifest(t, stateDir)
	for _, e := range m.Identities {
		if !strings.Contains(out, e.Fingerprint) || !strings.Contains(out, e.Subject) {
			t.Errorf("check does not list %s with fingerprint and subject", e.Name)
		}
	}
	if strings.Contains(out, "WARNING") {
		t.Errorf("fresh PKI has warnings:\n%s", out)
	}

	if _, _, err := runCmd(t, nil, "pki", "issue", "--state", stateDir, "--name", "short", "--kind", "client", "--days", "10"); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, nil, "pki", "check", "--state", stateDir, "--warn-days", "30")
	if err != nil {
		t.Fatalf("a certificate close to expiry must warn, not fail: %v", err)
	}
	if !strings.Contains(out, "WARNING: short") || !strings.Contains(out, "expires in 10 days") {
		t.Errorf("no warning for the short-lived certificate:\n%s", out)
	}
	if out, _, _ := runCmd(t, nil, "pki", "check", "--state", stateDir, "--warn-days", "5"); strings.Contains(out, "WARNING") {
		t.Errorf("--warn-days 5 still warns about a 10-day certificate:\n%s", out)
	}

	// An expired certificate given as an extra file (here through the environment) fails the check.
	ca, err := pki.LoadCA(m.CAFile(), filepath.Join(stateDir, "pki", "ca-key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	old, err := ca.Issue(pki.Request{Kind: pki.KindClient, CommonName: "old", Validity: 24 * time.Hour, Now: func() time.Time { return time.Now().Add(-48 * time.Hour) }})
	if err != nil {
		t.Fatal(err)
	}
	expired := filepath.Join(t.TempDir(), "old.pem")
	if err := os.WriteFile(expired, old.CertPEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, map[string]string{"IFCONNECT_CERT": expired}, "pki", "check", "--state", stateDir)
	if err == nil || exitCode(err, &bytes.Buffer{}) != 1 {
		t.Fatalf("expired certificate: err %v, want exit 1", err)
	}
	if !strings.Contains(out, "EXPIRED: old.pem") || !strings.Contains(out, "CN=old") {
		t.Errorf("check does not name the expired certificate:\n%s", out)
	}
}

func TestPKIHelpTellsEachSubcommand(t *testing.T) {
	for sub, want := range map[string]string{
		"init":  "Usage: ifconnect pki init [--state DIR] [--force]",
		"issue": "Usage: ifconnect pki issue --name NAME --kind server|client|tpp",
		"check": "Usage: ifconnect pki check [--state DIR] [--warn-days 30] [--cert FILE ...]",
	} {
		out, _, err := runCmd(t, nil, "pki", sub, "--help")
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, want) || !strings.Contains(out, "IFCONNECT_STATE") {
			t.Errorf("pki %s --help: %v\n%s", sub, err, out)
		}
	}
	out, _, err := runCmd(t, nil, "pki", "--help")
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "init") || !strings.Contains(out, "check") {
		t.Errorf("pki --help: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, nil, "pki"); err == nil {
		t.Error("pki without a subcommand succeeded")
	} else if _, ok := err.(*config.UsageError); !ok {
		t.Errorf("pki without a subcommand: %T %v, want a usage error", err, err)
	}
}
