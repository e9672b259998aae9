package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/bank/store/storetest"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

func TestLedgerCheck(t *testing.T) {
	for name, newURL := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			url := newURL(t)
			if _, _, err := runCmd(t, nil, "migrate", "--db", url); err != nil {
				t.Fatal(err)
			}
			s, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			err = s.Import(ctx, storetest.NewFixture(1).Batch)
			s.Close()
			if err != nil {
				t.Fatal(err)
			}
			out, _, err := runCmd(t, nil, "ledger", "check", "--db", url)
			if err != nil || !strings.Contains(out, "The ledger balances.") || !strings.Contains(out, "4 accounts") {
				t.Fatalf("ledger check of a sound ledger: %v\n%s", err, out)
			}

			// A balance changed behind the ledger's back is found and named, and the command fails.
			db, err := database.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			_, err = db.ExecContext(ctx, `UPDATE balances SET available = available + 1 WHERE account_id = 'fx1-savings'`)
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			out, _, err = runCmd(t, nil, "ledger", "check", "--db", url)
			if err == nil || exitCode(err, &strings.Builder{}) != 1 {
				t.Fatalf("ledger check of a broken ledger: %v, want exit 1", err)
			}
			if !strings.Contains(out, "fx1-savings") || !strings.Contains(out, "postings sum to") {
				t.Fatalf("the problem is not listed:\n%s", out)
			}
		})
	}
}

func TestLedgerCheckUsage(t *testing.T) {
	if _, _, err := runCmd(t, nil, "ledger"); exitCode(err, &strings.Builder{}) != 2 {
		t.Errorf("ledger without a subcommand: %v, want a usage error", err)
	}
	if _, _, err := runCmd(t, nil, "ledger", "check", "extra"); exitCode(err, &strings.Builder{}) != 2 {
		t.Errorf("ledger check with an argument: %v, want a usage error", err)
	}
	// A database without the schema is refused with a clear message, not a panic.
	dir := t.TempDir()
	_, _, err := runCmd(t, nil, "ledger", "check", "--state", filepath.Join(dir, "state"))
	if err == nil || !strings.Contains(err.Error(), "migrate") {
		t.Errorf("ledger check of an unmigrated database: %v", err)
	}
}
