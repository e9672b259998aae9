package core_test

import (
	"context"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

// accountsOnly hides every optional fast path of the store: the service sees a plain AccountReader.
type accountsOnly struct{ core.AccountReader }

// TestWhoMayPayFromWhichAccount checks the debtor-ownership rule on the three ways the service reads
// it: one DebtorReader query (the reference store), an AccountReader plus a UserReader, and an
// AccountReader alone (every customer the PSU may act for).
func TestWhoMayPayFromWhichAccount(t *testing.T) {
	w := newWorld(t, databasetest.SQLiteURL(t))
	paths := map[string]core.PaymentDeps{
		"debtor reader":          {Accounts: w.store, Finder: w.store, Customers: w.store, Payments: w.store, Lookup: w.store},
		"accounts and users":     {Accounts: accountsOnly{w.store}, Users: w.store, Finder: w.store, Customers: w.store, Payments: w.store, Lookup: w.store},
		"accounts and customers": {Accounts: accountsOnly{w.store}, Finder: w.store, Customers: w.store, Payments: w.store, Lookup: w.store},
	}
	f := w.f
	cases := []struct {
		name    string
		user    string
		account string
		allowed bool
	}{
		{"own account", f.User.ID, f.Checking.ID, true},
		{"another person's account", f.PartnerUser.ID, f.Checking.ID, false},
		{"company account, representative who may pay", f.User.ID, f.CompanyChecking.ID, true},
		{"company account, representative for data sharing only", f.PartnerUser.ID, f.CompanyChecking.ID, false},
		{"unknown user", "nobody", f.Checking.ID, false},
	}
	n := 0
	for path, deps := range paths {
		deps.Consents = w.consents
		deps.Rules = core.BankRules{ISPB: bankISPB}
		deps.Clock = func() time.Time { return w.now }
		svc, err := core.NewPaymentService(deps)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			n++
			id := "owner-" + string(rune('a'+n))
			pc := w.authorise(id, 100, external())
			pc.UserID, pc.AccountIDs = c.user, []string{c.account}
			w.consents.put(pc)
			r := w.request(id, "", 100, external())
			r.UserID = c.user
			_, _, err := svc.Execute(context.Background(), r)
			if c.allowed && err != nil {
				t.Errorf("%s, %s: Execute = %v, want the payment made", path, c.name, err)
			}
			if !c.allowed && core.ErrorCode(err) != core.EFORBIDDEN {
				t.Errorf("%s, %s: Execute = %v, want EFORBIDDEN", path, c.name, err)
			}
		}
	}
	w.cleanLedger(t)
}
