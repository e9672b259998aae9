package seed_test

import (
	"context"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/password"
	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

// TestSeedIntoStore loads a small bank into each reference store and reads it back through the core
// interfaces only, as the Bank Connect server will.
func TestSeedIntoStore(t *testing.T) {
	for engine, fresh := range databasetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			url := fresh(t)
			if _, err := store.Migrate(ctx, url); err != nil {
				t.Fatal(err)
			}
			s, err := store.Open(ctx, url)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			checkSeeded(t, s)
		})
	}
}

func checkSeeded(t *testing.T, s core.Store) {
	ctx := context.Background()
	// A recording pass tells what the store must hold; the same options give the same data.
	opts := seed.Options{Seed: 42, Customers: 60, BatchCustomers: 20, Now: time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC), Hashing: password.Cheap}
	var want core.Batch
	if _, err := seed.Generate(ctx, opts, nil, func(_ context.Context, b core.Batch) error {
		want.Accounts = append(want.Accounts, b.Accounts...)
		want.Balances = append(want.Balances, b.Balances...)
		want.Transactions = append(want.Transactions, b.Transactions...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var progress []int
	res, err := seed.Run(ctx, s, opts, func(done, total int) { progress = append(progress, done) })
	if err != nil {
		t.Fatal(err)
	}
	if len(progress) != res.Stats.Batches || progress[len(progress)-1] != 60 {
		t.Errorf("progress %v over %d batches", progress, res.Stats.Batches)
	}

	ana, ok := seed.DemoUserByKey(res.DemoUsers, "ana")
	if !ok {
		t.Fatal("no demo user ana")
	}
	u, err := s.UserByLogin(ctx, ana.Login)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := password.Verify(u.PasswordHash, ana.Password); !ok || err != nil {
		t.Fatalf("ana's stored hash does not verify her password: %v", err)
	}
	customers, err := s.CustomersOfUser(ctx, u.ID)
	if err != nil || len(customers) != 1 || customers[0].TaxID != ana.CPF {
		t.Fatalf("ana's customers %+v, %v", customers, err)
	}
	accounts, err := s.AccountsOfCustomers(ctx, []string{ana.CustomerID})
	if err != nil || len(accounts) != len(ana.AccountIDs)+len(ana.CardIDs) {
		t.Fatalf("ana's accounts %d (%v), want %d", len(accounts), err, len(ana.AccountIDs)+len(ana.CardIDs))
	}
	loans, err := s.ContractsOfCustomers(ctx, []string{ana.CustomerID}, core.Loan)
	if err != nil || len(loans) != len(ana.ContractIDs.Loans) || len(loans[0].Releases) == 0 {
		t.Fatalf("ana's loans %+v, %v", loans, err)
	}

	// Balances and statements come back as generated.
	balances, err := s.Balances(ctx, ana.AccountIDs)
	if err != nil {
		t.Fatal(err)
	}
	wantBal := map[string]core.Money{}
	for _, b := range want.Balances {
		wantBal[b.AccountID] = b.Available
	}
	lines := map[string]int{}
	for _, tx := range want.Transactions {
		lines[tx.AccountID]++
	}
	for _, b := range balances {
		if b.Available != wantBal[b.AccountID] {
			t.Errorf("account %s: stored balance %s, generated %s", b.AccountID, b.Available, wantBal[b.AccountID])
		}
	}
	checking := ana.AccountIDs[0]
	page, err := s.Transactions(ctx, core.TransactionFilter{AccountIDs: []string{checking}, Page: 1, PageSize: 25})
	if err != nil {
		t.Fatal(err)
	}
	if page.TotalRecords != lines[checking] || page.TotalRecords < 300 || page.TotalPages < 12 {
		t.Errorf("ana's checking statement: %d records in %d pages, generated %d", page.TotalRecords, page.TotalPages, lines[checking])
	}

	carla, _ := seed.DemoUserByKey(res.DemoUsers, "carla")
	cu, err := s.User(ctx, carla.UserID)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := s.CustomersOfUser(ctx, cu.ID)
	if err != nil || len(cs) != 2 || cs[1].ID != carla.Business.CustomerID || !cs[1].BusinessProfile.DualApproval {
		t.Fatalf("carla acts for %+v, %v", cs, err)
	}
	bruno, _ := seed.DemoUserByKey(res.DemoUsers, "bruno")
	if bu, err := s.User(ctx, bruno.UserID); err != nil || bu.TOTPSecret != bruno.TOTPSecret {
		t.Fatalf("bruno: %+v, %v", bu, err)
	}
	so, err := s.StandingOrders(ctx, ana.AccountIDs)
	if err != nil || len(so) == 0 {
		t.Fatalf("ana's standing orders %v, %v", so, err)
	}
	products, err := s.Products(ctx)
	if err != nil || len(products) == 0 {
		t.Fatalf("products %v, %v", products, err)
	}

	report, err := s.CheckLedger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Problems) > 0 || report.Accounts != len(want.Accounts) {
		t.Fatalf("ledger after seeding: %+v", report)
	}
}
