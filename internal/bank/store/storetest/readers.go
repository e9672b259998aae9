package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

func testCustomers(t *testing.T, s core.Store, f Fixture) {
	ctx := context.Background()
	for _, want := range []core.Customer{f.Person, f.Partner, f.Company} {
		got, err := s.Customer(ctx, want.ID)
		must(t, "customer", err)
		same(t, "customer "+want.ID, got, want)
		got, err = s.CustomerByTaxID(ctx, want.TaxID)
		must(t, "customer by tax id", err)
		same(t, "customer by tax id "+want.TaxID, got, want)
	}
	_, err := s.Customer(ctx, "no-such-customer")
	wantCode(t, "unknown customer", err, core.ENOTFOUND)
	_, err = s.CustomerByTaxID(ctx, core.CompleteCPF("999888777"))
	wantCode(t, "unknown tax id", err, core.ENOTFOUND)

	cs, err := s.CustomersOfUser(ctx, f.User.ID)
	must(t, "customers of user", err)
	same(t, "customers of the person's user (own first, then companies)", ids(cs, func(c core.Customer) string { return c.ID }),
		[]string{f.Person.ID, f.Company.ID})
	if len(cs) == 2 {
		same(t, "company of user", cs[1], f.Company)
	}
	cs, err = s.CustomersOfUser(ctx, f.PartnerUser.ID)
	must(t, "customers of partner", err)
	same(t, "customers of the partner's user", ids(cs, func(c core.Customer) string { return c.ID }),
		[]string{f.Partner.ID, f.Company.ID})
	_, err = s.CustomersOfUser(ctx, "no-such-user")
	wantCode(t, "customers of unknown user", err, core.ENOTFOUND)
}

func testUsers(t *testing.T, s core.Store, f Fixture) {
	ctx := context.Background()
	for _, want := range []core.User{f.User, f.PartnerUser} {
		got, err := s.User(ctx, want.ID)
		must(t, "user", err)
		same(t, "user", got, want)
		got, err = s.UserByLogin(ctx, want.Login)
		must(t, "user by login", err)
		same(t, "user by login", got, want)
	}
	_, err := s.User(ctx, "no-such-user")
	wantCode(t, "unknown user", err, core.ENOTFOUND)
	_, err = s.UserByLogin(ctx, "00000000000")
	wantCode(t, "unknown login", err, core.ENOTFOUND)
}

func testAccounts(t *testing.T, s core.Store, f Fixture) {
	ctx := context.Background()
	for _, want := range []core.Account{f.Checking, f.Savings, f.Card, f.CompanyChecking} {
		got, err := s.Account(ctx, want.ID)
		must(t, "account", err)
		same(t, "account "+want.ID, got, want)
	}
	_, err := s.Account(ctx, "no-such-account")
	wantCode(t, "unknown account", err, core.ENOTFOUND)

	got, err := s.Accounts(ctx, []string{f.Savings.ID, "no-such-account", f.Checking.ID, f.Savings.ID, f.Card.ID})
	must(t, "accounts", err)
	same(t, "accounts in the order asked, unknown skipped, each once", got, []core.Account{f.Savings, f.Checking, f.Card})
	got, err = s.Accounts(ctx, nil)
	must(t, "no accounts", err)
	if len(got) != 0 {
		t.Errorf("Accounts(nil) = %d accounts, want none", len(got))
	}
	got, err = s.Accounts(ctx, []string{"no-such-account"})
	must(t, "unknown accounts", err)
	if len(got) != 0 {
		t.Errorf("Accounts(unknown) = %d accounts, want none", len(got))
	}

	got, err = s.AccountsOfCustomers(ctx, []string{f.Company.ID, "no-such-customer", f.Person.ID})
	must(t, "accounts of customers", err)
	gotIDs := ids(got, func(a core.Account) string { return a.ID })
	slices.Sort(gotIDs)
	wantIDs := []string{f.Checking.ID, f.Savings.ID, f.Card.ID, f.CompanyChecking.ID}
	slices.Sort(wantIDs)
	same(t, "accounts of person and company", gotIDs, wantIDs)
	for _, a := range got {
		if a.ID == f.Card.ID {
			same(t, "card account through AccountsOfCustomers", a, f.Card)
		}
	}
	got, err = s.AccountsOfCustomers(ctx, []string{f.Partner.ID})
	must(t, "accounts of partner", err)
	if len(got) != 0 {
		t.Errorf("the partner holds no account, got %d", len(got))
	}
}

func testBalances(t *testing.T, s core.Store, f Fixture) {
	ctx := context.Background()
	got, err := s.Balances(ctx, []string{f.CompanyChecking.ID, "no-such-account", f.Checking.ID})
	must(t, "balances", err)
	want := []core.Balance{f.Batch.Balances[3], f.Batch.Balances[0]}
	same(t, "balances in the order asked, unknown skipped", got, want)
	got, err = s.Balances(ctx, nil)
	must(t, "no balances", err)
	if len(got) != 0 {
		t.Errorf("Balances(nil) = %d, want none", len(got))
	}
}

func testTransactions(t *testing.T, s core.Store, f Fixture) {
	ctx := context.Background()
	all := f.CheckingTransactions
	filter := func(keep func(core.Transaction) bool) []core.Transaction {
		var out []core.Transaction
		for _, tx := range all {
			if keep(tx) {
				out = append(out, tx)
			}
		}
		return out
	}
	credits := filter(func(tx core.Transaction) bool { return tx.CreditDebit == core.Credit })
	from, to := all[12].BookedAt, all[3].BookedAt
	window := filter(func(tx core.Transaction) bool { return !tx.BookedAt.Before(from) && !tx.BookedAt.After(to) })
	var both []core.Transaction
	for _, tx := range f.Batch.Transactions {
		if tx.AccountID == f.Checking.ID || tx.AccountID == f.Savings.ID {
			both = append(both, tx)
		}
	}
	SortNewestFirst(both)

	acc := []string{f.Checking.ID}
	cases := []struct {
		name         string
		filter       core.TransactionFilter
		want         []core.Transaction
		total, pages int
		page, size   int
	}{
		{"first page, default size", core.TransactionFilter{AccountIDs: acc}, all[:25], 40, 2, 1, 25},
		{"second page", core.TransactionFilter{AccountIDs: acc, Page: 2}, all[25:], 40, 2, 2, 25},
		{"past the last page", core.TransactionFilter{AccountIDs: acc, Page: 3}, nil, 40, 2, 3, 25},
		{"page size 7, page 6", core.TransactionFilter{AccountIDs: acc, Page: 6, PageSize: 7}, all[35:], 40, 6, 6, 7},
		{"page size 1", core.TransactionFilter{AccountIDs: acc, Page: 22, PageSize: 1}, all[21:22], 40, 40, 22, 1},
		{"largest page", core.TransactionFilter{AccountIDs: acc, PageSize: 1000}, all, 40, 1, 1, 1000},
		{"credits only", core.TransactionFilter{AccountIDs: acc, CreditDebit: core.Credit, PageSize: 100}, credits,
			len(credits), 1, 1, 100},
		{"period, both ends inclusive", core.TransactionFilter{AccountIDs: acc, From: from, To: to, PageSize: 100}, window,
			len(window), 1, 1, 100},
		{"from only", core.TransactionFilter{AccountIDs: acc, From: all[4].BookedAt, PageSize: 100}, all[:5], 5, 1, 1, 100},
		{"to only", core.TransactionFilter{AccountIDs: acc, To: all[38].BookedAt, PageSize: 100}, all[38:], 2, 1, 1, 100},
		{"empty period", core.TransactionFilter{AccountIDs: acc, From: FixtureTime, To: FixtureTime.Add(time.Hour)}, nil, 0, 0, 1, 25},
		{"two accounts merged newest first", core.TransactionFilter{AccountIDs: []string{f.Savings.ID, f.Checking.ID, "no-such-account"},
			PageSize: 100}, both, len(both), 1, 1, 100},
		{"unknown account", core.TransactionFilter{AccountIDs: []string{"no-such-account"}}, nil, 0, 0, 1, 25},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Transactions(ctx, c.filter)
			must(t, "transactions", err)
			same(t, "transactions", ids(got.Transactions, func(tx core.Transaction) string { return tx.ID }),
				ids(c.want, func(tx core.Transaction) string { return tx.ID }))
			if len(got.Transactions) == len(c.want) && len(c.want) > 0 {
				same(t, "first transaction", got.Transactions[0], c.want[0])
			}
			same(t, "totals (records, pages, page, size)", []int{got.TotalRecords, got.TotalPages, got.Page, got.PageSize},
				[]int{c.total, c.pages, c.page, c.size})
		})
	}
	for _, bad := range []struct {
		name   string
		filter core.TransactionFilter
	}{
		{"negative page", core.TransactionFilter{AccountIDs: acc, Page: -1}},
		{"negative page size", core.TransactionFilter{AccountIDs: acc, PageSize: -5}},
		{"page size above 1000", core.TransactionFilter{AccountIDs: acc, PageSize: 1001}},
		{"unknown credit/debit", core.TransactionFilter{AccountIDs: acc, CreditDebit: "Sideways"}},
		{"period ends before it starts", core.TransactionFilter{AccountIDs: acc, From: to, To: from}},
	} {
		_, err := s.Transactions(ctx, bad.filter)
		wantCode(t, bad.name, err, core.EINVALID)
	}
}

func testContracts(t *testing.T, s core.Store, f Fixture) {
	ctx := context.Background()
	for _, want := range []core.Contract{f.Loan, f.Financing, f.InvoiceFinancing, f.Overdraft} {
		got, err := s.Contract(ctx, want.ID)
		must(t, "contract", err)
		same(t, "contract "+want.ID, got, want)
	}
	_, err := s.Contract(ctx, "no-such-contract")
	wantCode(t, "unknown contract", err, core.ENOTFOUND)

	got, err := s.ContractsOfCustomers(ctx, []string{f.Person.ID}, core.Loan)
	must(t, "loans of person", err)
	same(t, "loans of person", got, []core.Contract{f.Loan})
	got, err = s.ContractsOfCustomers(ctx, []string{f.Company.ID, "no-such-customer"}, core.UnarrangedOverdraft)
	must(t, "overdrafts of company", err)
	same(t, "overdrafts of company", got, []core.Contract{f.Overdraft})
	got, err = s.ContractsOfCustomers(ctx, []string{f.Company.ID}, core.Loan)
	must(t, "loans of company", err)
	if len(got) != 0 {
		t.Errorf("company has no loan, got %d contracts", len(got))
	}
	got, err = s.ContractsOfCustomers(ctx, []string{"no-such-customer"}, core.Financing)
	must(t, "contracts of unknown customer", err)
	if len(got) != 0 {
		t.Errorf("unknown customer has no contracts, got %d", len(got))
	}
	_, err = s.ContractsOfCustomers(ctx, []string{f.Person.ID}, "MORTGAGE")
	wantCode(t, "unknown contract kind", err, core.EINVALID)
}

func testStanding(t *testing.T, s core.Store, f, other Fixture) {
	ctx := context.Background()
	accs := []string{f.Checking.ID, "no-such-account", f.CompanyChecking.ID}
	dd, err := s.DirectDebits(ctx, accs)
	must(t, "direct debits", err)
	same(t, "direct debits", dd, f.Batch.DirectDebits)
	so, err := s.StandingOrders(ctx, accs)
	must(t, "standing orders", err)
	same(t, "standing orders", so, f.Batch.StandingOrders)
	sp, err := s.ScheduledPayments(ctx, accs)
	must(t, "scheduled payments", err)
	same(t, "scheduled payments", sp, f.Batch.ScheduledPayments)
	bs, err := s.Beneficiaries(ctx, accs)
	must(t, "beneficiaries", err)
	same(t, "beneficiaries, in the order of the accounts", bs, f.Batch.Beneficiaries)
	bs, err = s.Beneficiaries(ctx, []string{f.CompanyChecking.ID, f.Checking.ID})
	must(t, "beneficiaries", err)
	same(t, "beneficiaries, accounts reversed", bs, []core.Beneficiary{f.Batch.Beneficiaries[1], f.Batch.Beneficiaries[0]})
	of, err := s.Offers(ctx, []string{f.Card.ID})
	must(t, "offers", err)
	same(t, "offers", of, f.Batch.Offers)
	of, err = s.Offers(ctx, []string{f.Checking.ID})
	must(t, "offers of an account without any", err)
	if len(of) != 0 {
		t.Errorf("checking has no offers, got %d", len(of))
	}
	dd, err = s.DirectDebits(ctx, nil)
	must(t, "direct debits of no account", err)
	if len(dd) != 0 {
		t.Errorf("DirectDebits(nil) = %d, want none", len(dd))
	}

	ps, err := s.Products(ctx)
	must(t, "products", err)
	want := append(slices.Clone(f.Batch.Products), other.Batch.Products...)
	got := slices.Clone(ps)
	byID := func(a, b core.Product) int {
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	}
	slices.SortFunc(got, byID)
	slices.SortFunc(want, byID)
	same(t, "products", got, want)
}
