package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/config"
)

// runCmd runs the binary's run function with the given arguments and environment and returns its
// output and error, as the process would see them.
func runCmd(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err = run(context.Background(), args, getenv, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestHelpListsEveryCommand(t *testing.T) {
	out, _, err := runCmd(t, nil, "help")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands() {
		if !strings.Contains(out, "  "+c.name+" ") {
			t.Errorf("help does not list %q:\n%s", c.name, out)
		}
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			out, _, err := runCmd(t, nil, c.name, "--help")
			if err != nil && !errors.Is(err, flag.ErrHelp) {
				t.Fatalf("%s --help: %v", c.name, err)
			}
			if !strings.Contains(out, "Usage: ifconnect "+c.name) {
				t.Fatalf("%s --help must start with its usage line, got:\n%s", c.name, out)
			}
		})
	}
}

func TestUsageMistakesExitTwoWithOneLine(t *testing.T) {
	tests := [][]string{
		{},
		{"no-such-command"},
		{"version", "--no-such-flag"},
	}
	for _, args := range tests {
		_, _, err := runCmd(t, nil, args...)
		var ue *config.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("run(%q): want a usage error, got %v", args, err)
			continue
		}
		var stderr bytes.Buffer
		if code := exitCode(err, &stderr); code != 2 {
			t.Errorf("run(%q): exit code %d, want 2", args, code)
		}
		if n := strings.Count(stderr.String(), "\n"); n != 1 {
			t.Errorf("run(%q): want one line on stderr, got %q", args, stderr.String())
		}
	}
}

func TestExitCodes(t *testing.T) {
	if exitCode(nil, &bytes.Buffer{}) != 0 || exitCode(flag.ErrHelp, &bytes.Buffer{}) != 0 {
		t.Error("success and --help exit 0")
	}
	if exitCode(errors.New("boom"), &bytes.Buffer{}) != 1 {
		t.Error("a failure exits 1")
	}
}

func TestVersion(t *testing.T) {
	out, _, err := runCmd(t, nil, "version")
	if err != nil || !strings.HasPrefix(out, "ifconnect ") {
		t.Fatalf("version: %q, %v", out, err)
	}
}
