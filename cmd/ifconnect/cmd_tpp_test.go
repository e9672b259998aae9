package main

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/config"
)

// The flows themselves run end to end in internal/e2e/flowtest against the built binary; these are
// the commands' own refusals, which need no servers.
func TestTPPAndDemoUsageMistakes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	for _, c := range []struct {
		args []string
		has  string
	}{
		{[]string{"tpp", "flow", "--state", dir}, "accounts or payment"},
		{[]string{"tpp", "flow", "transfers", "--state", dir}, "accounts or payment"},
		{[]string{"tpp", "flow", "accounts", "--state", dir, "--user", "11144477735"}, "--password"},
		{[]string{"tpp", "flow", "accounts", "--state", dir, "--no-such-flag"}, "no-such-flag"},
		{[]string{"bench", "flow", "--state", dir, "--flows", "0"}, "--flows"},
		{[]string{"bench", "flow", "--state", dir, "--concurrency", "0"}, "--concurrency"},
		{[]string{"demo", "--state", dir, "extra"}, "unexpected argument"},
	} {
		_, _, err := runCmd(t, nil, c.args...)
		var ue *config.UsageError
		if !errors.As(err, &ue) || !strings.Contains(ue.Msg, c.has) || strings.Contains(ue.Msg, "\n") {
			t.Errorf("%q: want a one-line usage error about %s, got %v", c.args, c.has, err)
		}
	}
}

func TestTPPFlowWithoutAPKI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	_, _, err := runCmd(t, nil, "tpp", "flow", "accounts", "--state", dir, "--user", "11144477735", "--password", "x")
	if err == nil || !strings.Contains(err.Error(), "pki init") {
		t.Fatalf("want an error pointing at 'ifconnect pki init', got %v", err)
	}
}
