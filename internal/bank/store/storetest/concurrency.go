package storetest

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// testConcurrency fires 200 payments with distinct consents at once against a balance that covers
// exactly 100 of them and no overdraft: exactly 100 must be accepted and 100 rejected for insufficient
// funds, the balance must never go below zero, and the ledger must stay clean.
func testConcurrency(t *testing.T, fresh func(*testing.T) core.Store) {
	ctx := context.Background()
	s := fresh(t)
	f := NewFixture(10)
	must(t, "import", s.Import(ctx, f.Batch))
	debtor := f.CompanyChecking // no overdraft, no per-payment limit
	balance := balanceOf(t, s, debtor.ID)
	const payments, covered = 200, 100
	if balance%covered != 0 || debtor.Limits.Overdraft != 0 {
		t.Fatalf("fixture: balance %s must split into %d payments with no overdraft", balance, covered)
	}
	amount := balance / covered

	var (
		wg                 sync.WaitGroup
		accepted, rejected atomic.Int32
		negative           atomic.Bool
		done               = make(chan struct{})
	)
	// A watcher reads the balance while the payments run: it must never see it below zero.
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for {
			select {
			case <-done:
				return
			default:
			}
			if bs, err := s.Balances(ctx, []string{debtor.ID}); err == nil && len(bs) == 1 && bs[0].Available < 0 {
				negative.Store(true)
			}
		}
	}()
	start := make(chan struct{})
	for i := range payments {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := NewPayment(f, 1000+i, amount)
			p.Order.DebtorAccountID = debtor.ID
			p.Order.UserID = f.User.ID
			<-start
			got, created, err := s.ExecutePayment(ctx, p)
			switch {
			case err != nil:
				t.Errorf("payment %d: %v", i, err)
			case !created:
				t.Errorf("payment %d with its own consent was taken for a repeat of %s", i, got.ID)
			case got.Status == core.PaymentAcceptedSettlementInProcess:
				accepted.Add(1)
			case got.Status == core.PaymentRejected && got.RejectionReason == core.ReasonInsufficientFunds:
				rejected.Add(1)
			default:
				t.Errorf("payment %d: unexpected %s", i, describe(got))
			}
		}()
	}
	close(start)
	wg.Wait()
	close(done)
	<-watched

	if accepted.Load() != covered || rejected.Load() != payments-covered {
		t.Errorf("%d accepted and %d rejected AM04; want exactly %d and %d", accepted.Load(), rejected.Load(), covered, payments-covered)
	}
	if negative.Load() {
		t.Error("the balance was seen below zero")
	}
	if b := balanceOf(t, s, debtor.ID); b != 0 {
		t.Errorf("final balance %s, want 0.00", b)
	}
	inProcess, err := s.PaymentsInStatus(ctx, core.PaymentAcceptedSettlementInProcess, f.Batch.Balances[0].At.AddDate(1, 0, 0), 1000)
	must(t, "payments in process", err)
	if len(inProcess) != covered {
		t.Errorf("%d payments in process, want %d", len(inProcess), covered)
	}
	r := wantCleanLedger(t, s)
	if r.Journals < covered {
		t.Errorf("%d journals, want at least the %d payments'", r.Journals, covered)
	}
}
