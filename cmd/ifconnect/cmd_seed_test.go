package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

func TestSeedEndToEnd(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	args := []string{"seed", "--state", dir, "--customers", "20", "--now", "2026-03-14"}
	out, _, err := runCmd(t, nil, args...)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Migrated", "Seeded sqlite:", "20 customers", "Ana@Ipe2024", "529.982.247-25", "two approvals needed", "approves alone", seed.GeneratedPassword} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	users, err := seed.ReadDemoUsers(filepath.Join(dir, "demo-users.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 5 || users[0].Key != "ana" || len(users[0].AccountIDs) == 0 {
		t.Fatalf("demo-users.json: %+v", users)
	}

	// A second run refuses to mix data into the seeded database; --reset starts over.
	_, _, err = runCmd(t, nil, args...)
	var usage *config.UsageError
	if err == nil || errors.As(err, &usage) || !strings.Contains(err.Error(), "--reset") {
		t.Fatalf("second seed: want a refusal naming --reset, got %v", err)
	}
	out, _, err = runCmd(t, map[string]string{"IFCONNECT_SEED": "7"}, append(args, "--reset")...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Deleted the bank data") || !strings.Contains(out, "with seed 7") {
		t.Errorf("--reset output:\n%s", out)
	}
	again, err := seed.ReadDemoUsers(filepath.Join(dir, "demo-users.json"))
	if err != nil || again[0].UserID != users[0].UserID || again[0].Login != users[0].Login {
		t.Fatalf("demo users changed across seeds: %+v, %v", again, err)
	}
}

func TestSeedUsageMistakes(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"--customers", "3"},
		{"--customers", "many"},
		{"--months", "6"},
		{"--seed", "x"},
		{"--now", "yesterday"},
		{"--business-share", "0.9"},
		{"--batch", "0"},
		{"extra"},
	} {
		_, _, err := runCmd(t, nil, append([]string{"seed", "--state", dir}, args...)...)
		var usage *config.UsageError
		if !errors.As(err, &usage) || strings.Contains(usage.Msg, "\n") {
			t.Errorf("seed %q: want a one-line usage error, got %v", args, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "bank.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused seed left a database behind: %v", err)
	}
}

func TestSeedUnwritableState(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, _, err := runCmd(t, nil, "seed", "--state", file, "--customers", "10")
	var usage *config.UsageError
	if err == nil || errors.As(err, &usage) {
		t.Fatalf("seed into a file as state directory: want a plain error, got %v", err)
	}
	if strings.Count(err.Error(), "\n") > 0 {
		t.Errorf("error is not one line: %q", err)
	}
}

func TestSeedNow(t *testing.T) {
	for in, want := range map[string]string{
		"2026-03-14":           "2026-03-14T00:00:00Z",
		"2026-03-14T15:30:00Z": "2026-03-14T15:30:00Z",
	} {
		got, err := seedNow(in, nil)
		if err != nil || got.Format("2006-01-02T15:04:05Z07:00") != want {
			t.Errorf("seedNow(%q) = %v, %v", in, got, err)
		}
	}
}

func TestSeedIntoPostgres(t *testing.T) {
	url := databasetest.PostgresURL(t)
	dir := filepath.Join(t.TempDir(), "state")
	out, _, err := runCmd(t, nil, "seed", "--state", dir, "--db", url, "--customers", "12", "--now", "2026-03-14")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "12 customers") {
		t.Errorf("output:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "bank.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("seeding PostgreSQL created a SQLite file: %v", err)
	}
}

func TestProgressBar(t *testing.T) {
	var b strings.Builder
	p := &progressBar{w: &b, tty: true}
	p.update(250, 1000)
	p.update(1000, 1000)
	p.finish()
	if !strings.Contains(b.String(), " 25% 250/1000 customers") || !strings.Contains(b.String(), "100% 1000/1000") || !strings.HasSuffix(b.String(), "\n") {
		t.Errorf("progress bar drew %q", b.String())
	}
	var quiet strings.Builder
	q := newProgressBar(&quiet)
	q.update(1, 2)
	q.finish()
	if quiet.Len() != 0 {
		t.Errorf("progress bar drew on a non-terminal: %q", quiet.String())
	}
}
