package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/config"
)

// TestConformanceAgainstOurBank seeds a state directory, runs `ifconnect bank` with a static bearer
// token and runs `ifconnect conformance` against the endpoint it published, for a demo user read
// from STATE/demo-users.json: every case passes, the summary, JUnit XML and HTML reports are
// written. Without the token the 401 cases are skipped and the run fails (exit 1, not a usage error).
func TestConformanceAgainstOurBank(t *testing.T) {
	stateDir, _ := pkiInit(t)
	for _, args := range [][]string{{"migrate"}, {"seed", "--customers", "12"}} {
		if _, errOut, err := runCmd(t, nil, append(args, "--state", stateDir)...); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, errOut)
		}
	}
	const token = "cmd-conformance-token"
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var bankErr bytes.Buffer
	go func() {
		done <- run(ctx, []string{"bank", "--state", stateDir, "--connect-listen", "127.0.0.1:0", "--web-listen", "", "--log-level", "warn",
			"--bearer", "static", "--bearer-token", token}, func(string) string { return "" }, strings.NewReader(""), &bytes.Buffer{}, &bankErr)
	}()
	t.Cleanup(func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("bank: %v\n%s", err, bankErr.String())
		}
	})
	waitEndpoints(t, stateDir, done, &bankErr, "bank-connect")

	out := t.TempDir()
	junit, html := filepath.Join(out, "junit.xml"), filepath.Join(out, "report.html")
	stdout, stderr, err := runCmd(t, nil, "conformance", "--state", stateDir, "--aspsp-id", "ifconnect-bank", "--psu", "ana",
		"--bearer", token, "--report", junit, "--html", html)
	if err != nil {
		t.Fatalf("conformance: %v\n%s%s", err, stdout, stderr)
	}
	if !strings.Contains(stdout, "(100.0 %)") || !strings.Contains(stdout, "total") {
		t.Fatalf("summary %s", stdout)
	}
	if stderr != "" {
		t.Fatalf("a progress bar on a stream that is no terminal: %q", stderr)
	}
	for _, p := range []string{junit, html} {
		if b, err := os.ReadFile(p); err != nil || len(b) == 0 {
			t.Fatalf("%s: %v", p, err)
		}
	}

	stdout, _, err = runCmd(t, nil, "conformance", "--state", stateDir, "--aspsp-id", "ifconnect-bank", "--psu", "ana", "--cases", "ACC-010")
	var ue *config.UsageError
	if err == nil || errors.As(err, &ue) || exitCode(err, &bytes.Buffer{}) != 1 {
		t.Fatalf("without the bearer token: %v, want exit 1", err)
	}
	if !strings.Contains(stdout, "SKIP ACC-010-100") {
		t.Fatalf("summary %s", stdout)
	}
}

func TestConformanceUsageMistakes(t *testing.T) {
	users := filepath.Join(t.TempDir(), "users.json")
	if err := os.WriteFile(users, []byte(`[{"key":"ana","userId":"u","accountIds":[]}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"conformance", "--target", "https://127.0.0.1:1", "--psu", "ana"},
		{"conformance", "--target", "http://127.0.0.1:1", "--aspsp-id", "b", "--psu", "ana"},
		{"conformance", "--aspsp-id", "b", "--psu", "ana"},
		{"conformance", "--target", "https://127.0.0.1:1", "--aspsp-id", "b"},
		{"conformance", "--target", "https://127.0.0.1:1", "--aspsp-id", "b", "--psu", "ana", "--users", users},
		{"conformance", "--target", "https://127.0.0.1:1", "--aspsp-id", "b", "--psu", "nobody", "--users", users},
		{"conformance", "--target", "https://127.0.0.1:1", "--aspsp-id", "b", "--accounts", "a"},
		{"conformance", "--target", "https://127.0.0.1:1", "--aspsp-id", "b", "--consent", "c"},
		{"conformance", "--target", "https://127.0.0.1:1", "--aspsp-id", "b", "--psu", "u", "--accounts", "a", "--other-account", "a"},
		{"conformance", "--target", "https://127.0.0.1:1", "--aspsp-id", "b", "--psu", "u", "--accounts", "a", "--contracts", "mortgages:x"},
		{"conformance", "--target", "https://127.0.0.1:1", "--aspsp-id", "b", "--psu", "u", "--accounts", "a", "--other-contracts", "loans"},
		{"conformance", "--target", "https://127.0.0.1:1", "--aspsp-id", "b", "--psu", "u", "--accounts", "a", "--payment-consent", "p"},
		{"conformance", "extra"},
	} {
		_, _, err := runCmd(t, nil, append(args, "--state", t.TempDir())...)
		var ue *config.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: %v, want a usage error", args, err)
		}
	}
}
