package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

func TestMigrate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")

	out, _, err := runCmd(t, nil, "migrate", "--state", dir, "--status")
	if err != nil {
		t.Fatalf("status before migrating: %v", err)
	}
	if !strings.Contains(out, "00001_bank.sql") || !strings.Contains(out, "pending") {
		t.Errorf("status of a new database must list the migration as pending:\n%s", out)
	}

	out, _, err = runCmd(t, nil, "migrate", "--state", dir)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if !strings.Contains(out, "applied 00001_bank.sql") || !strings.Contains(out, filepath.Join(dir, "bank.db")) {
		t.Errorf("migrate output:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "bank.db")); err != nil {
		t.Errorf("the default database is STATE/bank.db: %v", err)
	}

	out, _, err = runCmd(t, map[string]string{"IFCONNECT_STATE": dir}, "migrate")
	if err != nil || !strings.Contains(out, "up to date") {
		t.Errorf("second migrate (state from the environment): %v\n%s", err, out)
	}

	out, _, err = runCmd(t, nil, "migrate", "--state", dir, "--status")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "applied") || strings.Contains(out, "pending") || !strings.Contains(out, "Up to date") {
		t.Errorf("status after migrating:\n%s", out)
	}
}

func TestMigrateExplicitDatabase(t *testing.T) {
	for name, newURL := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			url := newURL(t)
			out, _, err := runCmd(t, nil, "migrate", "--state", t.TempDir(), "--db", url)
			if err != nil || !strings.Contains(out, "applied 00001_bank.sql") {
				t.Fatalf("migrate --db: %v\n%s", err, out)
			}
			out, _, err = runCmd(t, nil, "migrate", "--state", t.TempDir(), "--db", url, "--status")
			if err != nil || !strings.Contains(out, "Up to date") {
				t.Fatalf("migrate --db --status: %v\n%s", err, out)
			}
		})
	}
}

func TestMigrateBadDatabase(t *testing.T) {
	// A read-only directory stops everyone but root; as root, /proc refuses new files.
	readOnly := "/proc"
	if os.Geteuid() != 0 {
		readOnly = filepath.Join(t.TempDir(), "ro")
		if err := os.Mkdir(readOnly, 0o500); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name, db, want string
	}{
		{"missing directory", "sqlite:" + filepath.Join(t.TempDir(), "no", "such", "dir", "bank.db"), "does not exist"},
		{"unwritable directory", "sqlite:" + filepath.Join(readOnly, "bank.db"), readOnly},
		{"unreachable PostgreSQL", "postgres://nobody:secret@127.0.0.1:1/bank?sslmode=disable&connect_timeout=2", "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, extra := range [][]string{nil, {"--status"}} {
				args := append([]string{"migrate", "--state", t.TempDir(), "--db", tt.db}, extra...)
				_, _, err := runCmd(t, nil, args...)
				if err == nil {
					t.Fatalf("%v: succeeded", args)
				}
				msg := err.Error()
				if strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "migrate: ") || !strings.Contains(msg, tt.want) {
					t.Errorf("%v: error %q, want one line starting with migrate: and naming %q", args, msg, tt.want)
				}
				if strings.Contains(msg, "secret") {
					t.Errorf("%v: error %q shows the password", args, msg)
				}
			}
		})
	}
	_, _, err := runCmd(t, nil, "migrate", "--state", t.TempDir(), "extra")
	if err == nil || !strings.Contains(err.Error(), "unexpected argument") {
		t.Errorf("migrate with an argument: %v", err)
	}
}
