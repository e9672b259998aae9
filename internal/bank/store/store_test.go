package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/bank/store/storetest"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

// openMigrated returns a new, migrated store on a fresh database from newURL.
func openMigrated(t *testing.T, newURL func(testing.TB) string) *store.Store {
	t.Helper()
	ctx := context.Background()
	url := newURL(t)
	if _, err := store.Migrate(ctx, url); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	s, err := store.Open(ctx, url)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return s
}

func TestContractSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) core.Store { return openMigrated(t, databasetest.SQLiteURL) })
}

func TestContractPostgres(t *testing.T) {
	databasetest.PostgresURL(t) // skips loudly without IFCONNECT_TEST_POSTGRES
	storetest.Run(t, func(t *testing.T) core.Store { return openMigrated(t, databasetest.PostgresURL) })
}

func TestOpenRefusesUnmigrated(t *testing.T) {
	for name, newURL := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			url := newURL(t)
			_, err := store.Open(ctx, url)
			if err == nil || !strings.Contains(err.Error(), "run ifconnect migrate") {
				t.Fatalf("open of an empty database: %v, want a hint to run ifconnect migrate", err)
			}
			applied, err := store.Migrate(ctx, url)
			if err != nil || len(applied) == 0 {
				t.Fatalf("migrate: applied %v, %v", applied, err)
			}
			applied, err = store.Migrate(ctx, url)
			if err != nil || len(applied) != 0 {
				t.Fatalf("second migrate: applied %v, %v; want nothing", applied, err)
			}
			st, err := store.MigrationStatus(ctx, url)
			if err != nil || len(st) == 0 || !st[0].Applied {
				t.Fatalf("status: %+v, %v", st, err)
			}
			s, err := store.Open(ctx, url)
			if err != nil {
				t.Fatalf("open after migrate: %v", err)
			}
			s.Close()
		})
	}
}

func TestReset(t *testing.T) {
	for name, newURL := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := openMigrated(t, newURL)
			defer s.Close()
			f := storetest.NewFixture(1)
			if err := s.Import(ctx, f.Batch); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.ExecutePayment(ctx, storetest.NewPayment(f, 1, 100)); err != nil {
				t.Fatal(err)
			}
			if err := s.Reset(ctx); err != nil {
				t.Fatalf("reset: %v", err)
			}
			if _, err := s.Customer(ctx, f.Person.ID); core.ErrorCode(err) != core.ENOTFOUND {
				t.Errorf("customer after reset: %v, want not found", err)
			}
			if left, err := s.RowsLeft(ctx); err != nil || len(left) > 0 {
				t.Errorf("tables with rows after reset: %v, %v", left, err)
			}
			r, err := s.CheckLedger(ctx)
			if err != nil || r.Journals != 0 || r.Accounts != 0 || r.Postings != 0 || len(r.Problems) != 0 {
				t.Errorf("ledger after reset: %+v, %v; want empty", r, err)
			}
			// The same data loads again after a reset.
			if err := s.Import(ctx, f.Batch); err != nil {
				t.Fatalf("import after reset: %v", err)
			}
		})
	}
}

func TestImportConflictNamesConstraintNotValues(t *testing.T) {
	for name, newURL := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := openMigrated(t, newURL)
			defer s.Close()
			f := storetest.NewFixture(1)
			if err := s.Import(ctx, f.Batch); err != nil {
				t.Fatal(err)
			}
			other := storetest.NewFixture(2)
			other.Batch.Users[0].Login = f.User.Login
			err := s.Import(ctx, other.Batch)
			if core.ErrorCode(err) != core.ECONFLICT {
				t.Fatalf("repeated login: %v, want a conflict", err)
			}
			msg := core.ErrorMessage(err)
			if !strings.Contains(msg, "users") || strings.Contains(msg, f.User.Login) {
				t.Errorf("message %q must name the users constraint and not the login", msg)
			}
		})
	}
}
