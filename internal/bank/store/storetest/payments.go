package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// NewPayment returns a valid PIX payment of amount from the fixture's checking account to a person at
// another bank, numbered n so that ids, consents and idempotency keys never collide.
func NewPayment(f Fixture, n int, amount core.Money) core.Payment {
	at := FixtureTime.Add(time.Duration(n) * time.Second)
	return core.Payment{
		ID: fmt.Sprintf("pay-%d", n),
		Order: core.PaymentOrder{
			Type: core.PaymentPIX, ConsentID: fmt.Sprintf("urn:bancoipe:consent-%d", n),
			IdempotencyKey: fmt.Sprintf("idem-%d", n), UserID: f.User.ID, DebtorAccountID: f.Checking.ID,
			Amount: amount, Currency: "BRL",
			Creditor: core.Creditor{Name: "Marcos Vinícius Lima", TaxID: core.CompleteCPF("555666777"), PersonType: "PESSOA_NATURAL",
				PixKey: "marcos@example.com.br", ISPB: "60746948", Issuer: "0452", Number: "12345678", AccountType: "CACC"},
			LocalInstrument: core.DICT, Date: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), RemittanceInfo: "Aluguel de junho",
			EndToEndID: fmt.Sprintf("E4014014020260630120%011d", n), TPPClientID: "tpp-client-1",
			Request: []byte(`{"data":{"payment":{"amount":"` + amount.String() + `"}}}`),
		},
		CreatedAt: at,
	}
}

func testPayments(t *testing.T, fresh func(*testing.T) core.Store) {
	ctx := context.Background()
	setup := func(t *testing.T) (core.Store, Fixture) {
		s := fresh(t)
		f := NewFixture(7)
		must(t, "import", s.Import(ctx, f.Batch))
		return s, f
	}

	t.Run("ExternalAccepted", func(t *testing.T) {
		s, f := setup(t)
		before := balanceOf(t, s, f.Checking.ID)
		p := NewPayment(f, 1, 12_345)
		got, created, err := s.ExecutePayment(ctx, p)
		must(t, "execute", err)
		if !created || got.Status != core.PaymentAcceptedSettlementInProcess || got.JournalID == "" || got.RejectionReason != "" {
			t.Fatalf("execute: created %v, %s, journal %q; want a new accepted payment with a journal", created, describe(got), got.JournalID)
		}
		same(t, "statuses of the history", ids(got.History, func(h core.PaymentStatusChange) string { return string(h.Status) }),
			[]string{string(core.PaymentPending), string(core.PaymentAcceptedSettlementInProcess)})
		same(t, "order as stored", got.Order, p.Order)
		if got.ID != p.ID || !got.CreatedAt.Equal(p.CreatedAt) {
			t.Errorf("stored id %s at %s, want %s at %s", got.ID, got.CreatedAt, p.ID, p.CreatedAt)
		}
		read, err := s.Payment(ctx, p.ID)
		must(t, "read payment", err)
		same(t, "payment read back", read, got)
		if after := balanceOf(t, s, f.Checking.ID); after != before-12_345 {
			t.Errorf("balance %s after paying 123.45 from %s", after, before)
		}
		page, err := s.Transactions(ctx, core.TransactionFilter{AccountIDs: []string{f.Checking.ID}, PageSize: 1})
		must(t, "statement", err)
		if len(page.Transactions) != 1 || page.TotalRecords != len(f.CheckingTransactions)+1 {
			t.Fatalf("statement after payment: %d records", page.TotalRecords)
		}
		line := page.Transactions[0]
		if line.PaymentID != p.ID || line.Kind != core.PIX || line.CreditDebit != core.Debit || line.Amount != 12_345 ||
			line.Counterparty.Name != p.Order.Creditor.Name || line.Counterparty.TaxID != p.Order.Creditor.TaxID ||
			!line.BookedAt.Equal(p.CreatedAt) {
			t.Errorf("newest statement line %+v is not the payment's debit", line)
		}
		wantCleanLedger(t, s)
		_, err = s.Payment(ctx, "no-such-payment")
		wantCode(t, "unknown payment", err, core.ENOTFOUND)
	})

	t.Run("InternalAccepted", func(t *testing.T) {
		s, f := setup(t)
		p := NewPayment(f, 2, 50_000)
		p.Internal, p.CreditorAccountID = true, f.CompanyChecking.ID
		debtorBefore, creditorBefore := balanceOf(t, s, f.Checking.ID), balanceOf(t, s, f.CompanyChecking.ID)
		got, created, err := s.ExecutePayment(ctx, p)
		must(t, "execute", err)
		if !created || got.Status != core.PaymentAcceptedSettlementInProcess || !got.Internal || got.CreditorAccountID != f.CompanyChecking.ID {
			t.Fatalf("internal payment: created %v, %+v", created, got)
		}
		if b := balanceOf(t, s, f.Checking.ID); b != debtorBefore-50_000 {
			t.Errorf("debtor balance %s, want %s", b, debtorBefore-50_000)
		}
		if b := balanceOf(t, s, f.CompanyChecking.ID); b != creditorBefore+50_000 {
			t.Errorf("creditor balance %s, want %s", b, creditorBefore+50_000)
		}
		page, err := s.Transactions(ctx, core.TransactionFilter{AccountIDs: []string{f.CompanyChecking.ID}, CreditDebit: core.Credit, PageSize: 1})
		must(t, "creditor statement", err)
		if len(page.Transactions) != 1 || page.Transactions[0].PaymentID != p.ID || page.Transactions[0].Amount != 50_000 {
			t.Errorf("creditor statement: %+v, want the payment's credit", page.Transactions)
		}
		wantCleanLedger(t, s)
	})

	t.Run("InsufficientFundsRejected", func(t *testing.T) {
		s, f := setup(t)
		before := balanceOf(t, s, f.Checking.ID)
		// Available plus the overdraft limit covers exactly this much, and not a centavo more.
		limit := before + f.Checking.Limits.Overdraft
		got, created, err := s.ExecutePayment(ctx, NewPayment(f, 3, limit+1))
		must(t, "execute", err)
		if !created || got.Status != core.PaymentRejected || got.RejectionReason != core.ReasonInsufficientFunds || got.JournalID != "" {
			t.Fatalf("payment above the funds: created %v, %s, journal %q; want a new Rejected AM04 without journal", created, describe(got), got.JournalID)
		}
		same(t, "statuses of the history", ids(got.History, func(h core.PaymentStatusChange) string { return string(h.Status) }),
			[]string{string(core.PaymentPending), string(core.PaymentRejected)})
		if b := balanceOf(t, s, f.Checking.ID); b != before {
			t.Errorf("rejected payment moved money: balance %s, was %s", b, before)
		}
		got, _, err = s.ExecutePayment(ctx, NewPayment(f, 4, limit))
		must(t, "execute into the overdraft", err)
		if got.Status != core.PaymentAcceptedSettlementInProcess {
			t.Fatalf("payment using the whole overdraft: %s, want accepted", describe(got))
		}
		if b := balanceOf(t, s, f.Checking.ID); b != -f.Checking.Limits.Overdraft {
			t.Errorf("balance %s after using the whole overdraft, want %s", b, -f.Checking.Limits.Overdraft)
		}
		wantCleanLedger(t, s)
	})

	t.Run("BadOrders", func(t *testing.T) {
		s, f := setup(t)
		p := NewPayment(f, 5, 100)
		p.Order.DebtorAccountID = "no-such-account"
		_, _, err := s.ExecutePayment(ctx, p)
		wantCode(t, "unknown debtor", err, core.ENOTFOUND)
		for name, change := range map[string]func(p *core.Payment){
			"zero amount":     func(p *core.Payment) { p.Order.Amount = 0 },
			"negative amount": func(p *core.Payment) { p.Order.Amount = -100 },
			"no consent":      func(p *core.Payment) { p.Order.ConsentID = "" },
			"no id":           func(p *core.Payment) { p.ID = "" },
			"no debtor":       func(p *core.Payment) { p.Order.DebtorAccountID = "" },
		} {
			p := NewPayment(f, 6, 100)
			change(&p)
			_, _, err := s.ExecutePayment(ctx, p)
			wantCode(t, name, err, core.EINVALID)
		}
		wantCleanLedger(t, s)
	})

	t.Run("SameConsentTwice", func(t *testing.T) {
		s, f := setup(t)
		before := balanceOf(t, s, f.Checking.ID)
		first, created, err := s.ExecutePayment(ctx, NewPayment(f, 10, 1_000))
		must(t, "first", err)
		if !created {
			t.Fatal("first execution did not create")
		}
		again := NewPayment(f, 11, 1_000)
		again.Order.ConsentID, again.Order.IdempotencyKey = first.Order.ConsentID, ""
		second, created, err := s.ExecutePayment(ctx, again)
		must(t, "second", err)
		if created || second.ID != first.ID {
			t.Errorf("same consent again: created %v, id %s; want the first payment %s", created, second.ID, first.ID)
		}
		same(t, "repeated execution returns the stored payment", second, first)
		if b := balanceOf(t, s, f.Checking.ID); b != before-1_000 {
			t.Errorf("balance %s: the consent was paid more than once (was %s)", b, before)
		}
	})

	t.Run("SameIdempotencyKeyTwice", func(t *testing.T) {
		s, f := setup(t)
		before := balanceOf(t, s, f.Checking.ID)
		first, _, err := s.ExecutePayment(ctx, NewPayment(f, 20, 1_000))
		must(t, "first", err)
		again := NewPayment(f, 21, 1_000)
		again.Order.IdempotencyKey = first.Order.IdempotencyKey
		second, created, err := s.ExecutePayment(ctx, again)
		must(t, "second", err)
		if created || second.ID != first.ID {
			t.Errorf("same key again: created %v, id %s; want the first payment %s", created, second.ID, first.ID)
		}
		// Orders without a key never collide with each other.
		for n := 22; n < 24; n++ {
			p := NewPayment(f, n, 1_000)
			p.Order.IdempotencyKey = ""
			_, created, err := s.ExecutePayment(ctx, p)
			must(t, "payment without key", err)
			if !created {
				t.Errorf("payment %d without idempotency key was taken for a repeat", n)
			}
		}
		if b := balanceOf(t, s, f.Checking.ID); b != before-3_000 {
			t.Errorf("balance %s after three payments of 10.00 from %s", b, before)
		}
	})

	t.Run("RacingRepeats", func(t *testing.T) {
		s, f := setup(t)
		// Racers repeat one order at once, identified by its consent or by its idempotency key.
		scenarios := []struct {
			name  string
			order func(p *core.Payment)
		}{
			{"same consent", func(p *core.Payment) { p.Order.ConsentID, p.Order.IdempotencyKey = "urn:bancoipe:consent-race", "" }},
			{"same idempotency key", func(p *core.Payment) { p.Order.IdempotencyKey = "idem-race" }},
		}
		for k, sc := range scenarios {
			before := balanceOf(t, s, f.Checking.ID)
			const racers = 12
			var (
				wg      sync.WaitGroup
				mu      sync.Mutex
				made    int
				seenIDs = map[string]bool{}
			)
			start := make(chan struct{})
			for i := range racers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					p := NewPayment(f, 100*(k+1)+i, 2_000)
					sc.order(&p)
					<-start
					got, created, err := s.ExecutePayment(ctx, p)
					if err != nil {
						t.Errorf("%s, racer %d: %v", sc.name, i, err)
						return
					}
					mu.Lock()
					defer mu.Unlock()
					seenIDs[got.ID] = true
					if created {
						made++
					}
				}()
			}
			close(start)
			wg.Wait()
			if made != 1 || len(seenIDs) != 1 {
				t.Errorf("%s: %d racers created %d payments and saw %d distinct ids; want exactly one", sc.name, racers, made, len(seenIDs))
			}
			if b := balanceOf(t, s, f.Checking.ID); b != before-2_000 {
				t.Errorf("%s: balance %s, want %s: the order was executed more than once", sc.name, b, before-2_000)
			}
		}
		wantCleanLedger(t, s)
	})

	t.Run("Lifecycle", func(t *testing.T) { testLifecycle(t, setup) })
}

func testLifecycle(t *testing.T, setup func(*testing.T) (core.Store, Fixture)) {
	ctx := context.Background()
	s, f := setup(t)
	before := balanceOf(t, s, f.Checking.ID)
	exec := func(n int) core.Payment {
		p, _, err := s.ExecutePayment(ctx, NewPayment(f, n, 10_000))
		must(t, "execute", err)
		return p
	}
	p1, p2, p3, p4 := exec(1), exec(2), exec(3), exec(4)
	rejected, _, err := s.ExecutePayment(ctx, NewPayment(f, 5, 1_000_000_000))
	must(t, "execute rejected", err)
	later := FixtureTime.Add(time.Hour)

	steps := []struct {
		id   string
		to   core.PaymentStatus
		code string
	}{
		{p1.ID, core.PaymentPending, core.ECONFLICT},
		{p1.ID, core.PaymentAcceptedSettlementInProcess, core.ECONFLICT},
		{p1.ID, core.PaymentAcceptedSettlementCompleted, ""},
		{p1.ID, core.PaymentAcceptedCreditSettlementCompleted, core.ECONFLICT},
		{p1.ID, core.PaymentRejected, core.ECONFLICT},
		{p2.ID, core.PaymentAcceptedCreditSettlementCompleted, ""},
		{p2.ID, core.PaymentAcceptedSettlementCompleted, core.ECONFLICT},
		{p3.ID, core.PaymentRejected, ""},
		{p3.ID, core.PaymentAcceptedSettlementInProcess, core.ECONFLICT},
		{p3.ID, core.PaymentRejected, core.ECONFLICT},
		{rejected.ID, core.PaymentAcceptedSettlementInProcess, core.ECONFLICT},
		{"no-such-payment", core.PaymentAcceptedSettlementCompleted, core.ENOTFOUND},
		{p4.ID, "Settled", core.EINVALID},
	}
	for _, st := range steps {
		got, err := s.AdvancePayment(ctx, st.id, st.to, "AC03", later)
		wantCode(t, fmt.Sprintf("%s → %s", st.id, st.to), err, st.code)
		if err == nil {
			if got.Status != st.to || len(got.History) != 3 || got.History[2].Status != st.to || !got.History[2].At.Equal(later) {
				t.Errorf("%s → %s: %+v", st.id, st.to, got)
			}
			read, err := s.Payment(ctx, st.id)
			must(t, "read advanced payment", err)
			same(t, "advanced payment read back", read, got)
		}
	}
	read, err := s.Payment(ctx, p3.ID)
	must(t, "read rejected", err)
	if read.RejectionReason != "AC03" {
		t.Errorf("rejected payment reason %q, want AC03", read.RejectionReason)
	}
	// p3 was rejected after its money moved: it must come back; p1, p2 and p4 stay paid.
	if b := balanceOf(t, s, f.Checking.ID); b != before-30_000 {
		t.Errorf("balance %s after three settled payments of 100.00 and one rejected, from %s", b, before)
	}
	wantCleanLedger(t, s)

	inProcess, err := s.PaymentsInStatus(ctx, core.PaymentAcceptedSettlementInProcess, later, 10)
	must(t, "payments in process", err)
	same(t, "payments in process", ids(inProcess, func(p core.Payment) string { return p.ID }), []string{p4.ID})
	completed, err := s.PaymentsInStatus(ctx, core.PaymentAcceptedSettlementCompleted, later, 10)
	must(t, "completed payments", err)
	same(t, "completed payments", ids(completed, func(p core.Payment) string { return p.ID }), []string{p1.ID})
	completed, err = s.PaymentsInStatus(ctx, core.PaymentAcceptedSettlementCompleted, later.Add(-time.Second), 10)
	must(t, "completed payments before the change", err)
	if len(completed) != 0 {
		t.Errorf("completed before the change: %d, want none", len(completed))
	}
	_, err = s.PaymentsInStatus(ctx, "Settled", later, 10)
	wantCode(t, "unknown status", err, core.EINVALID)

	s2, f2 := setup(t)
	var made []string
	for n := 30; n < 35; n++ {
		p, _, err := s2.ExecutePayment(ctx, NewPayment(f2, n, 100))
		must(t, "execute", err)
		made = append(made, p.ID)
	}
	all, err := s2.PaymentsInStatus(ctx, core.PaymentAcceptedSettlementInProcess, FixtureTime.Add(time.Hour), 100)
	must(t, "in process", err)
	same(t, "oldest first", ids(all, func(p core.Payment) string { return p.ID }), made)
	if len(all) > 0 {
		read, err := s2.Payment(ctx, all[0].ID)
		must(t, "read a listed payment", err)
		read.History = nil
		same(t, "a listed payment is the stored one, without its history", all[0], read)
	}
	some, err := s2.PaymentsInStatus(ctx, core.PaymentAcceptedSettlementInProcess, FixtureTime.Add(time.Hour), 2)
	must(t, "limit", err)
	same(t, "limited to the two oldest", ids(some, func(p core.Payment) string { return p.ID }), made[:2])
	some, err = s2.PaymentsInStatus(ctx, core.PaymentAcceptedSettlementInProcess, FixtureTime.Add(32*time.Second), 100)
	must(t, "before", err)
	same(t, "changed at or before", ids(some, func(p core.Payment) string { return p.ID }), made[:3])
}

// NewPaymentHistory is the history ExecutePayment gives an accepted payment: Pending, then
// AcceptedSettlementInProcess, both at its creation.
func NewPaymentHistory(p core.Payment) []core.PaymentStatusChange {
	return []core.PaymentStatusChange{
		{Status: core.PaymentPending, At: p.CreatedAt},
		{Status: core.PaymentAcceptedSettlementInProcess, At: p.CreatedAt},
	}
}
