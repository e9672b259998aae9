package store_test

import (
	"context"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/store/storetest"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

func TestDebtorAccount(t *testing.T) {
	for name, newURL := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := openMigrated(t, newURL)
			defer s.Close()
			f := storetest.NewFixture(1)
			if err := s.Import(ctx, f.Batch); err != nil {
				t.Fatal(err)
			}
			a, owner, err := s.DebtorAccount(ctx, f.Checking.ID, f.User.ID)
			if err != nil || a.ID != f.Checking.ID || a.CustomerID != f.Person.ID || owner != f.Person.ID {
				t.Fatalf("DebtorAccount = %+v, %q, %v", a, owner, err)
			}
			want, _ := s.Account(ctx, f.Checking.ID)
			if a.Number != want.Number || a.Limits != want.Limits || a.Status != want.Status {
				t.Fatalf("DebtorAccount's account differs from Account's: %+v vs %+v", a, want)
			}
			if _, owner, err := s.DebtorAccount(ctx, f.CompanyChecking.ID, f.PartnerUser.ID); err != nil || owner != f.Partner.ID {
				t.Fatalf("another customer's account: owner %q, %v", owner, err)
			}
			if _, owner, err := s.DebtorAccount(ctx, f.Checking.ID, "nobody"); err != nil || owner != "" {
				t.Fatalf("unknown user: owner %q, %v; want \"\" and no error", owner, err)
			}
			if _, _, err := s.DebtorAccount(ctx, "no-such-account", f.User.ID); core.ErrorCode(err) != core.ENOTFOUND {
				t.Fatalf("unknown account: %v, want ENOTFOUND", err)
			}
		})
	}
}
