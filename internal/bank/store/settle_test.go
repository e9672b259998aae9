package store_test

import (
	"context"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/store/storetest"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

func TestAdvancePaymentsInBatches(t *testing.T) {
	for name, newURL := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := openMigrated(t, newURL)
			defer s.Close()
			f := storetest.NewFixture(1)
			if err := s.Import(ctx, f.Batch); err != nil {
				t.Fatal(err)
			}
			var ids []string
			for n := 1; n <= 5; n++ {
				p, created, err := s.ExecutePayment(ctx, storetest.NewPayment(f, n, 100))
				if err != nil || !created || p.Status != core.PaymentAcceptedSettlementInProcess {
					t.Fatalf("payment %d: %+v created=%v err=%v", n, p.Status, created, err)
				}
				ids = append(ids, p.ID)
			}
			at := storetest.FixtureTime.Add(3600e9)
			// Four to complete (one of them to the credit status), plus one that is not in the status
			// the batch moves from, which must be left alone.
			if _, err := s.AdvancePayment(ctx, ids[4], core.PaymentAcceptedSettlementCompleted, "", at); err != nil {
				t.Fatal(err)
			}
			to := map[string]core.PaymentStatus{
				ids[0]: core.PaymentAcceptedSettlementCompleted, ids[1]: core.PaymentAcceptedSettlementCompleted,
				ids[2]: core.PaymentAcceptedCreditSettlementCompleted, ids[3]: core.PaymentAcceptedSettlementCompleted,
				ids[4]: core.PaymentAcceptedSettlementCompleted,
			}
			n, err := s.AdvancePayments(ctx, core.PaymentAcceptedSettlementInProcess, to, at)
			if err != nil || n != 4 {
				t.Fatalf("AdvancePayments moved %d, %v; want 4", n, err)
			}
			for i, id := range ids {
				p, err := s.Payment(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if p.Status != to[id] {
					t.Errorf("payment %d is %s, want %s", i, p.Status, to[id])
				}
				// Pending, AcceptedSettlementInProcess, then exactly one completion, in order.
				if len(p.History) != 3 || p.History[2].Status != to[id] || p.History[1].Status != core.PaymentAcceptedSettlementInProcess {
					t.Errorf("payment %d history %+v", i, p.History)
				}
			}
			if n, err := s.AdvancePayments(ctx, core.PaymentAcceptedSettlementInProcess, to, at); err != nil || n != 0 {
				t.Fatalf("a second pass moved %d, %v; want nothing", n, err)
			}
			bad := map[string]core.PaymentStatus{ids[0]: core.PaymentRejected}
			if _, err := s.AdvancePayments(ctx, core.PaymentAcceptedSettlementInProcess, bad, at); core.ErrorCode(err) != core.EINVALID {
				t.Fatalf("a rejection is not a completion: %v", err)
			}
		})
	}
}
