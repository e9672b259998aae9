package config_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/config"
)

type opts struct {
	listen  *string
	workers *int
	timeout *time.Duration
	verbose *bool
}

func newSet() (*config.FlagSet, opts) {
	fs := config.NewFlagSet("serve", "ifconnect serve [options]", "Serves things.")
	fs.String("config", "", "config file")
	return fs, opts{
		listen:  fs.String("listen", "127.0.0.1:8443", "address to listen on"),
		workers: fs.Int("workers", 4, "worker count"),
		timeout: fs.Duration("timeout", 5*time.Second, "request timeout"),
		verbose: fs.Bool("verbose", false, "log more"),
	}
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "config.json")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPrecedenceFlagOverEnvOverFileOverDefault(t *testing.T) {
	file := writeConfig(t, `{"listen":"10.0.0.1:1","workers":9,"timeout":"7s","verbose":true,"other-command-key":"ignored"}`)
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		listen  string
		workers int
		timeout time.Duration
		verbose bool
	}{
		{"defaults", nil, nil, "127.0.0.1:8443", 4, 5 * time.Second, false},
		{"file", []string{"--config", file}, nil, "10.0.0.1:1", 9, 7 * time.Second, true},
		{"file via env", nil, map[string]string{"IFCONNECT_CONFIG": file}, "10.0.0.1:1", 9, 7 * time.Second, true},
		{"env over file", []string{"--config", file}, map[string]string{"IFCONNECT_WORKERS": "2"}, "10.0.0.1:1", 2, 7 * time.Second, true},
		{"flag over env", []string{"--workers", "1", "--config", file}, map[string]string{"IFCONNECT_WORKERS": "2"}, "10.0.0.1:1", 1, 7 * time.Second, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs, o := newSet()
			if err := fs.Parse(tc.args, env(tc.env), &bytes.Buffer{}); err != nil {
				t.Fatal(err)
			}
			if *o.listen != tc.listen || *o.workers != tc.workers || *o.timeout != tc.timeout || *o.verbose != tc.verbose {
				t.Fatalf("got listen=%s workers=%d timeout=%s verbose=%v", *o.listen, *o.workers, *o.timeout, *o.verbose)
			}
		})
	}
}

func TestBadInputIsOneLineNamingTheOption(t *testing.T) {
	badFile := writeConfig(t, `{"workers":"many"}`)
	notJSON := writeConfig(t, `workers = 3`)
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"unknown flag", []string{"--nope"}, nil, "-nope"},
		{"bad flag value", []string{"--workers", "x"}, nil, "-workers"},
		{"bad env value", nil, map[string]string{"IFCONNECT_TIMEOUT": "soon"}, "IFCONNECT_TIMEOUT"},
		{"bad file value", []string{"--config", badFile}, nil, `"workers"`},
		{"file not JSON", []string{"--config", notJSON}, nil, "not a JSON object"},
		{"missing file", []string{"--config", "/nonexistent/c.json"}, nil, "config file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs, _ := newSet()
			err := fs.Parse(tc.args, env(tc.env), &bytes.Buffer{})
			var ue *config.UsageError
			if !errors.As(err, &ue) {
				t.Fatalf("want *UsageError, got %v", err)
			}
			if !strings.Contains(ue.Msg, tc.want) || strings.Contains(ue.Msg, "\n") {
				t.Fatalf("message %q must be one line naming %s", ue.Msg, tc.want)
			}
		})
	}
}

func TestHelpListsOptionsWithTheirVariables(t *testing.T) {
	fs, _ := newSet()
	var out bytes.Buffer
	if err := fs.Parse([]string{"--help"}, env(nil), &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("want flag.ErrHelp, got %v", err)
	}
	for _, want := range []string{"Usage: ifconnect serve [options]", "Serves things.", "--listen", "IFCONNECT_LISTEN", "(default 127.0.0.1:8443)", "IFCONNECT_WORKERS"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, out.String())
		}
	}
}

func TestEnvName(t *testing.T) {
	if got := config.EnvName("bank.connect-listen"); got != "IFCONNECT_BANK_CONNECT_LISTEN" {
		t.Errorf("EnvName = %s", got)
	}
}
