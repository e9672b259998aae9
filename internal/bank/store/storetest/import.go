package storetest

import (
	"context"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

func testImport(t *testing.T, fresh func(*testing.T) core.Store) {
	ctx := context.Background()

	t.Run("InvalidRecordsRollBack", func(t *testing.T) {
		s := fresh(t)
		cases := []struct {
			name   string
			change func(b *core.Batch)
			names  string // what the error message must mention
		}{
			{"invalid CPF", func(b *core.Batch) { b.Customers[0].TaxID = "12345678900" }, b0ID},
			{"repeated-digit CPF", func(b *core.Batch) { b.Customers[1].TaxID = "11111111111" }, b1ID},
			{"invalid CNPJ", func(b *core.Batch) { b.Customers[2].TaxID = "12345678000100" }, b2ID},
			{"representative with invalid CPF", func(b *core.Batch) {
				c := *b.Customers[2].BusinessProfile
				c.Representatives = append([]core.Representative(nil), c.Representatives...)
				c.Representatives[1].CPF = "12345678900"
				b.Customers[2].BusinessProfile = &c
			}, b2ID},
			{"account of an unknown customer", func(b *core.Batch) { b.Accounts[1].CustomerID = "no-such-customer" }, "no-such-customer"},
			{"user of an unknown customer", func(b *core.Batch) { b.Users[0].CustomerID = "no-such-customer" }, "no-such-customer"},
			{"contract of an unknown customer", func(b *core.Batch) { b.Contracts[0].CustomerID = "no-such-customer" }, "no-such-customer"},
			{"standing order of an unknown account", func(b *core.Batch) { b.StandingOrders[0].AccountID = "no-such-account" }, "no-such-account"},
			{"transaction of an unknown account", func(b *core.Batch) { b.Transactions[0].AccountID = "no-such-account" }, "no-such-account"},
			{"statement not summing to the balance", func(b *core.Batch) { b.Balances[0].Available += 1 }, "fx3-checking"},
			{"unknown credit/debit", func(b *core.Batch) { b.Transactions[3].CreditDebit = "Both" }, "fx3-checking-tx003"},
			{"unknown contract kind", func(b *core.Batch) { b.Contracts[1].Kind = "MORTGAGE" }, "fx3-financing"},
			{"unknown account type", func(b *core.Batch) { b.Accounts[0].Type = "GOLD" }, "fx3-checking"},
			{"repeated customer", func(b *core.Batch) { b.Customers = append(b.Customers, b.Customers[0]) }, b0ID},
		}
		for _, c := range cases {
			b := cloneBatch(NewFixture(3).Batch)
			c.change(&b)
			err := s.Import(ctx, b)
			wantCode(t, c.name, err, core.EINVALID)
			if err != nil && !strings.Contains(core.ErrorMessage(err), c.names) {
				t.Errorf("%s: message %q does not name %q", c.name, core.ErrorMessage(err), c.names)
			}
		}
		f := NewFixture(3)
		_, err := s.Customer(ctx, f.Person.ID)
		wantCode(t, "customer of a refused batch", err, core.ENOTFOUND)
		_, err = s.Account(ctx, f.Checking.ID)
		wantCode(t, "account of a refused batch", err, core.ENOTFOUND)
		r := wantCleanLedger(t, s)
		if r.Journals != 0 || r.Accounts != 0 {
			t.Errorf("refused batches left %d journals and %d accounts", r.Journals, r.Accounts)
		}
	})

	t.Run("ConflictWithStoredRollsBack", func(t *testing.T) {
		s := fresh(t)
		must(t, "import fixture 4", s.Import(ctx, NewFixture(4).Batch))
		// Fixture 5 is valid on its own, but its second user takes a login already stored: the store
		// may only find out while writing, after the customers, and must then undo everything the
		// batch wrote.
		b := cloneBatch(NewFixture(5).Batch)
		b.Users[1].Login = NewFixture(4).User.Login
		err := s.Import(ctx, b)
		if err == nil {
			t.Fatal("importing a login already stored succeeded")
		}
		if code := core.ErrorCode(err); code != core.ECONFLICT && code != core.EINVALID {
			t.Errorf("conflicting import: code %q (%v), want conflict or invalid", code, err)
		}
		f5 := NewFixture(5)
		for _, id := range []string{f5.Person.ID, f5.Company.ID} {
			_, err := s.Customer(ctx, id)
			wantCode(t, "customer "+id+" of the rolled back batch", err, core.ENOTFOUND)
		}
		_, err = s.Account(ctx, f5.Checking.ID)
		wantCode(t, "account of the rolled back batch", err, core.ENOTFOUND)
		page, err := s.Transactions(ctx, core.TransactionFilter{AccountIDs: []string{f5.Checking.ID}})
		must(t, "transactions", err)
		if page.TotalRecords != 0 {
			t.Errorf("rolled back batch left %d transactions", page.TotalRecords)
		}
		r := wantCleanLedger(t, s)
		if r.Accounts != 4 {
			t.Errorf("ledger counts %d accounts, want the 4 of fixture 4", r.Accounts)
		}
	})

	t.Run("ReferencesAcrossBatches", func(t *testing.T) {
		s := fresh(t)
		f := NewFixture(6)
		// Customers first, then everything else referring to them: references may point at stored
		// records.
		must(t, "import customers", s.Import(ctx, core.Batch{Customers: f.Batch.Customers}))
		rest := f.Batch
		rest.Customers = nil
		must(t, "import the rest", s.Import(ctx, rest))
		got, err := s.Customer(ctx, f.Company.ID)
		must(t, "company", err)
		same(t, "company", got, f.Company)
		cs, err := s.CustomersOfUser(ctx, f.User.ID)
		must(t, "customers of user", err)
		if len(cs) != 2 {
			t.Errorf("customers of user: %d, want 2", len(cs))
		}
		r := wantCleanLedger(t, s)
		if r.Accounts != 4 || r.Journals < 1 {
			t.Errorf("ledger report %+v: want 4 accounts and an opening journal", r)
		}
		err = s.Import(ctx, core.Batch{Beneficiaries: []core.Beneficiary{{ID: "x-b", AccountID: f.Checking.ID}}})
		must(t, "beneficiary of a stored account", err)
	})

	t.Run("EmptyBatch", func(t *testing.T) {
		s := fresh(t)
		must(t, "empty batch", s.Import(ctx, core.Batch{}))
		wantCleanLedger(t, s)
	})
}

const (
	b0ID = "fx3-person"
	b1ID = "fx3-partner"
	b2ID = "fx3-company"
)

// cloneBatch copies the slices of b so a test can change records without touching another's.
func cloneBatch(b core.Batch) core.Batch {
	c := b
	c.Customers = append([]core.Customer(nil), b.Customers...)
	c.Users = append([]core.User(nil), b.Users...)
	c.Accounts = append([]core.Account(nil), b.Accounts...)
	c.Balances = append([]core.Balance(nil), b.Balances...)
	c.Transactions = append([]core.Transaction(nil), b.Transactions...)
	c.Contracts = append([]core.Contract(nil), b.Contracts...)
	c.StandingOrders = append([]core.StandingOrder(nil), b.StandingOrders...)
	return c
}
