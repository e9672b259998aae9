package storetest

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// Corrupter is an optional hook for the ledger check's negative test: it changes an account's
// available balance by delta without posting a journal or a statement line, which CheckLedger must
// then report. Stores expose it in their tests only (the reference store defines it in a _test.go
// file); without it the suite logs that the corruption case did not run.
type Corrupter interface {
	CorruptBalance(ctx context.Context, accountID string, delta core.Money) error
}

// Run runs the contract suite against the stores open returns. open must return a new, empty store
// with its schema in place each time it is called; the suite closes it when the subtest ends.
func Run(t *testing.T, open func(t *testing.T) core.Store) {
	fresh := func(t *testing.T) core.Store {
		t.Helper()
		s := open(t)
		t.Cleanup(func() { s.Close() })
		return s
	}
	t.Run("Readers", func(t *testing.T) {
		s := fresh(t)
		f1, f2 := NewFixture(1), NewFixture(2)
		for _, f := range []Fixture{f1, f2} {
			if err := s.Import(context.Background(), f.Batch); err != nil {
				t.Fatalf("import fixture: %v", err)
			}
		}
		t.Run("Customers", func(t *testing.T) { testCustomers(t, s, f1) })
		t.Run("Users", func(t *testing.T) { testUsers(t, s, f1) })
		t.Run("Accounts", func(t *testing.T) { testAccounts(t, s, f1) })
		t.Run("Balances", func(t *testing.T) { testBalances(t, s, f1) })
		t.Run("Transactions", func(t *testing.T) { testTransactions(t, s, f1) })
		t.Run("Contracts", func(t *testing.T) { testContracts(t, s, f1) })
		t.Run("StandingData", func(t *testing.T) { testStanding(t, s, f1, f2) })
		t.Run("LedgerClean", func(t *testing.T) { wantCleanLedger(t, s) })
	})
	t.Run("Import", func(t *testing.T) { testImport(t, fresh) })
	t.Run("Payments", func(t *testing.T) { testPayments(t, fresh) })
	t.Run("Ledger", func(t *testing.T) { testLedger(t, fresh) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, fresh) })
}

// same fails the test when got and want differ, showing both.
func same(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got  %+v\n want %+v", what, got, want)
	}
}

// wantCode fails the test unless err carries the domain error code want.
func wantCode(t *testing.T, what string, err error, want string) {
	t.Helper()
	if got := core.ErrorCode(err); got != want {
		t.Errorf("%s: error code %q (err %v), want %q", what, got, err, want)
	}
}

// must fails the test now on an unexpected error.
func must(t *testing.T, what string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func wantCleanLedger(t *testing.T, s core.Store) core.LedgerReport {
	t.Helper()
	r, err := s.CheckLedger(context.Background())
	must(t, "check ledger", err)
	if len(r.Problems) > 0 {
		t.Errorf("ledger problems: %v", r.Problems)
	}
	return r
}

func ids[T any](xs []T, id func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

func balanceOf(t *testing.T, s core.Store, accountID string) core.Money {
	t.Helper()
	bs, err := s.Balances(context.Background(), []string{accountID})
	must(t, "balances", err)
	if len(bs) != 1 {
		t.Fatalf("balance of %s: got %d balances", accountID, len(bs))
	}
	return bs[0].Available
}

func describe(p core.Payment) string {
	return fmt.Sprintf("payment %s (%s %s)", p.ID, p.Status, p.RejectionReason)
}
