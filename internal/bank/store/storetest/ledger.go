package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

func testLedger(t *testing.T, fresh func(*testing.T) core.Store) {
	ctx := context.Background()
	s := fresh(t)
	f1, f2 := NewFixture(8), NewFixture(9)
	must(t, "import", s.Import(ctx, f1.Batch))
	must(t, "import", s.Import(ctx, f2.Batch))
	r := wantCleanLedger(t, s)
	if r.Accounts != 8 || r.Journals < 2 || r.Postings < 2*r.Journals {
		t.Errorf("report after two imports %+v: want 8 accounts and opening journals with their postings", r)
	}
	for n := range 5 {
		p := NewPayment(f1, n, core.Money(1_000*(n+1)))
		if n%2 == 1 {
			p.Internal, p.CreditorAccountID = true, f2.CompanyChecking.ID
		}
		_, _, err := s.ExecutePayment(ctx, p)
		must(t, "execute", err)
	}
	after := wantCleanLedger(t, s)
	if after.Journals != r.Journals+5 || after.Postings != r.Postings+10 {
		t.Errorf("after five payments: %d journals and %d postings, want %d and %d", after.Journals, after.Postings,
			r.Journals+5, r.Postings+10)
	}

	c, ok := s.(Corrupter)
	if !ok {
		t.Logf("NOTE: %T does not implement storetest.Corrupter; the corrupted-balance case did not run", s)
		return
	}
	must(t, "corrupt", c.CorruptBalance(ctx, f2.Savings.ID, 1))
	bad, err := s.CheckLedger(ctx)
	must(t, "check corrupted ledger", err)
	if len(bad.Problems) == 0 {
		t.Fatal("CheckLedger found nothing wrong with a balance changed behind the ledger's back")
	}
	for _, p := range bad.Problems {
		if !strings.Contains(p, f2.Savings.ID) {
			t.Errorf("problem %q does not name the corrupted account %s", p, f2.Savings.ID)
		}
	}
}
