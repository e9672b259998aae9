package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/bank/store/storetest"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

// The benchmarks run on SQLite, and on PostgreSQL too when IFCONNECT_TEST_POSTGRES is set. Each
// reports its throughput and latency percentiles:
//
//	go test -run '^$' -bench . -benchtime 5x ./internal/bank/store/

// benchBatch builds batch k of a synthetic bank shaped like seed's: 500 customers (a fifth of them
// companies), about two accounts each for people and one for companies, and txPerAccount statement
// lines per account.
func benchBatch(k, txPerAccount int) core.Batch {
	const customers = 500
	var b core.Batch
	at := storetest.FixtureTime
	for i := range customers {
		n := k*customers + i
		id := fmt.Sprintf("c%07d", n)
		c := core.Customer{ID: id, Name: "Cliente " + id, Since: at.AddDate(-3, 0, 0), UpdatedAt: at,
			Address: core.Address{Street: "Rua das Flores", Number: "10", Town: "Curitiba", State: "PR", PostCode: "80010000", Country: "BRA"}}
		accounts := 2
		if i%5 == 4 {
			c.Kind, c.TaxID = core.Business, core.CompleteCNPJ(fmt.Sprintf("%08d0001", 10000000+n))
			c.BusinessProfile = &core.BusinessProfile{TradeName: "Empresa " + id, Representatives: []core.Representative{{
				CustomerID: fmt.Sprintf("c%07d", n-1), Name: "Sócio", CPF: core.CompleteCPF(fmt.Sprintf("%09d", 100000000+n-1)), Role: "SOCIO",
				Powers: core.Powers{ShareData: true, Pay: true, ApproveAlone: true}}}}
			accounts = 1
		} else {
			c.Kind, c.TaxID = core.Personal, core.CompleteCPF(fmt.Sprintf("%09d", 100000000+n))
			c.Personal = &core.PersonalProfile{Sex: "FEMININO", MonthlyIncome: 500_000}
			b.Users = append(b.Users, core.User{ID: "u" + id, Login: c.TaxID, CustomerID: id, PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$x$y"})
		}
		b.Customers = append(b.Customers, c)
		for a := range accounts {
			acc := core.Account{ID: fmt.Sprintf("%s-a%d", id, a), CustomerID: id, Type: core.Checking, SubType: core.Individual,
				Currency: "BRL", Status: core.AccountEnabled, CompeCode: "401", BranchCode: "0001", Number: fmt.Sprintf("%08d%d", n, a),
				CheckDigit: "0", ProductID: "p1", ProductName: "Conta", OpenedAt: at.AddDate(-2, 0, 0), Limits: core.Limits{Overdraft: 100_000}}
			b.Accounts = append(b.Accounts, acc)
			var sum core.Money
			for t := range txPerAccount {
				cd, amount := core.Credit, core.Money(10_000+t)
				if t%3 != 0 {
					cd, amount = core.Debit, core.Money(2_000+t)
				}
				if cd == core.Credit {
					sum += amount
				} else {
					sum -= amount
				}
				when := at.Add(-time.Duration(t) * 7 * time.Hour)
				b.Transactions = append(b.Transactions, core.Transaction{ID: fmt.Sprintf("%s-t%d", acc.ID, t), AccountID: acc.ID,
					Reference: fmt.Sprintf("R%d", t), CreditDebit: cd, Status: core.Booked, Kind: core.PIX, Amount: amount, Currency: "BRL",
					BookedAt: when, ValueAt: when, Description: "PIX", Counterparty: core.Counterparty{Name: "Loja", TaxID: "11222333000181",
						PersonType: "PESSOA_JURIDICA", CompeCode: "341", BranchCode: "1234", Number: "55667788", CheckDigit: "9"}})
			}
			b.Balances = append(b.Balances, core.Balance{AccountID: acc.ID, Available: sum, OverdraftLimit: 100_000, Currency: "BRL", At: at})
		}
	}
	return b
}

// benchStores yields a fresh migrated store per engine available.
func benchStores(b *testing.B, fn func(b *testing.B, s *store.Store)) {
	for name, newURL := range databasetest.Engines(b) {
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			url := newURL(b)
			if _, err := store.Migrate(ctx, url); err != nil {
				b.Fatal(err)
			}
			s, err := store.Open(ctx, url)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			fn(b, s)
		})
	}
}

// reportLatency adds throughput and latency percentiles to the benchmark's output.
func reportLatency(b *testing.B, lat []time.Duration, elapsed time.Duration, unit string) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) }
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), unit+"/s")
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.95), "p95-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
}

func BenchmarkImport(b *testing.B) {
	const txPerAccount = 48
	benchStores(b, func(b *testing.B, s *store.Store) {
		ctx := context.Background()
		// Generation is done ahead so the figure is the store's alone.
		batches := make([]core.Batch, b.N)
		for i := range batches {
			batches[i] = benchBatch(i, txPerAccount)
		}
		rows := 0
		for _, bt := range batches {
			rows += len(bt.Customers) + len(bt.Users) + 2*len(bt.Accounts) + len(bt.Transactions)
		}
		lat := make([]time.Duration, 0, b.N)
		b.ResetTimer()
		start := time.Now()
		for i := range b.N {
			t0 := time.Now()
			if err := s.Import(ctx, batches[i]); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
		}
		elapsed := time.Since(start)
		b.StopTimer()
		b.ReportMetric(float64(b.N*500)/elapsed.Seconds(), "customers/s")
		b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
		reportLatency(b, lat, elapsed, "batches")
	})
}

// loadForReads imports n batches (500 customers each, 30 lines per account) and returns the account
// ids.
func loadForReads(b *testing.B, s *store.Store, n int) []string {
	ctx := context.Background()
	var ids []string
	for k := range n {
		bt := benchBatch(k, 30)
		if err := s.Import(ctx, bt); err != nil {
			b.Fatal(err)
		}
		for _, a := range bt.Accounts {
			ids = append(ids, a.ID)
		}
	}
	return ids
}

// parallel runs op from 8 goroutines per CPU, as a server's concurrent requests would, b.N times in
// all, and reports throughput and latency.
func parallel(b *testing.B, unit string, op func(i int) error) {
	b.SetParallelism(8)
	var (
		mu  sync.Mutex
		lat = make([]time.Duration, 0, b.N)
	)
	b.ResetTimer()
	start := time.Now()
	var next int64
	var nextMu sync.Mutex
	b.RunParallel(func(pb *testing.PB) {
		local := make([]time.Duration, 0, 1024)
		for pb.Next() {
			nextMu.Lock()
			i := int(next)
			next++
			nextMu.Unlock()
			t0 := time.Now()
			if err := op(i); err != nil {
				b.Error(err)
				return
			}
			local = append(local, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, local...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	reportLatency(b, lat, elapsed, unit)
}

func BenchmarkAccountsByIDs(b *testing.B) {
	benchStores(b, func(b *testing.B, s *store.Store) {
		ctx := context.Background()
		ids := loadForReads(b, s, 4)
		parallel(b, "calls", func(i int) error {
			k := (i * 3) % (len(ids) - 3)
			got, err := s.Accounts(ctx, ids[k:k+3])
			if err == nil && len(got) != 3 {
				err = fmt.Errorf("got %d accounts", len(got))
			}
			return err
		})
	})
}

func BenchmarkTransactionsPage(b *testing.B) {
	benchStores(b, func(b *testing.B, s *store.Store) {
		ctx := context.Background()
		ids := loadForReads(b, s, 4)
		parallel(b, "pages", func(i int) error {
			page, err := s.Transactions(ctx, core.TransactionFilter{AccountIDs: ids[i%len(ids) : i%len(ids)+1], PageSize: 25,
				From: storetest.FixtureTime.AddDate(0, -12, 0), To: storetest.FixtureTime})
			if err == nil && len(page.Transactions) != 25 {
				err = fmt.Errorf("got %d transactions", len(page.Transactions))
			}
			return err
		})
	})
}

func BenchmarkExecutePayment(b *testing.B) {
	benchStores(b, func(b *testing.B, s *store.Store) {
		ctx := context.Background()
		ids := loadForReads(b, s, 2)
		f := storetest.NewFixture(1)
		parallel(b, "payments", func(i int) error {
			p := storetest.NewPayment(f, i, 1)
			p.Order.DebtorAccountID = ids[i%len(ids)]
			_, created, err := s.ExecutePayment(ctx, p)
			if err == nil && !created {
				err = fmt.Errorf("payment %d not created", i)
			}
			return err
		})
	})
}
