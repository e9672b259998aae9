package core

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Settlement is the worker that completes accepted payments: after the configured delay (the time the
// payment rails take; zero by default) it moves each AcceptedSettlementInProcess payment to
// AcceptedCreditSettlementCompleted when the creditor is an account of this bank, whose credit was
// posted with the debit, or to AcceptedSettlementCompleted when the money left through the PIX
// settlement account. A payment scheduled for a later day waits until that day. Several replicas may
// run it against one database: a transition another replica already made is refused by the store
// (ECONFLICT) and skipped.
type Settlement struct {
	payments PaymentStore
	clock    Clock
	delay    time.Duration
	poll     time.Duration
	linger   time.Duration
	batch    int
	location *time.Location
	log      *slog.Logger
	wake     chan struct{}
}

// SettlementOptions configure a Settlement.
type SettlementOptions struct {
	// Delay is how long a payment stays AcceptedSettlementInProcess before it is completed (default 0:
	// at once).
	Delay time.Duration
	// Poll is how often the worker looks for due payments when nothing wakes it (default 1s).
	Poll time.Duration
	// Linger is how long a pass that Notify asked for waits for more payments to complete with it in
	// one transaction (default 20ms): under load one write completes dozens of payments instead of a
	// few, while a payment still completes well within the time a TPP takes to ask for its status.
	Linger time.Duration
	// Batch is how many payments one pass handles at most (default 256).
	Batch int
	// Clock tells the time (default time.Now).
	Clock Clock
	// Location is the calendar of scheduled payment dates (default UTC−3, Brasília time).
	Location *time.Location
	// Log receives failures of single payments; nil discards them.
	Log *slog.Logger
}

// NewSettlement returns a settlement worker over payments.
func NewSettlement(payments PaymentStore, o SettlementOptions) *Settlement {
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Batch <= 0 {
		o.Batch = 256
	}
	if o.Linger <= 0 {
		o.Linger = 20 * time.Millisecond
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Location == nil {
		o.Location = time.FixedZone("BRT", -3*60*60)
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Settlement{
		payments: payments, clock: o.Clock, delay: o.Delay, poll: o.Poll, linger: o.Linger, batch: o.Batch,
		location: o.Location, log: o.Log, wake: make(chan struct{}, 1),
	}
}

// Notify tells the worker a payment was accepted, so it runs a pass without waiting for the next poll.
// It never blocks.
func (s *Settlement) Notify(Payment) {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run completes due payments until ctx is done, then returns nil. It passes again at once after a full
// batch, Linger after a Notify (when there is no delay), and every Poll interval.
func (s *Settlement) Run(ctx context.Context) error {
	t := time.NewTimer(0)
	defer t.Stop()
	due := time.Now()
	reset := func(d time.Duration) {
		if !t.Stop() {
			select {
			case <-t.C:
			default:
			}
		}
		t.Reset(d)
		due = time.Now().Add(d)
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-s.wake:
			// With a delay the payment just accepted is not due yet and the timer covers it; without
			// one the pass waits Linger for the payments accepted meanwhile, never postponing a pass
			// already due sooner.
			if s.delay == 0 && time.Until(due) > s.linger {
				reset(s.linger)
			}
			continue
		}
		n, err := s.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			s.log.Error("settlement pass failed", "err", err)
		}
		next := s.poll
		if n >= s.batch {
			next = 0
		} else if s.delay > 0 && s.delay < next {
			next = s.delay
		}
		reset(next)
	}
}

// RunOnce completes the payments due now, up to one batch, and returns how many it completed.
func (s *Settlement) RunOnce(ctx context.Context) (int, error) {
	now := s.clock()
	before := now.Add(-s.delay)
	page, err := s.payments.PaymentsInStatus(ctx, PaymentAcceptedSettlementInProcess, before, s.batch)
	if err != nil {
		return 0, fmt.Errorf("settlement: list payments in process: %w", err)
	}
	to := make(map[string]PaymentStatus, len(page))
	pager, canPage := s.payments.(PaymentPager)
	for {
		for _, p := range page {
			if !p.Order.Date.IsZero() && dayOf(p.Order.Date, s.location).After(dayOf(now, s.location)) {
				continue // scheduled for a later day
			}
			to[p.ID] = PaymentAcceptedSettlementCompleted
			if p.Internal {
				to[p.ID] = PaymentAcceptedCreditSettlementCompleted
			}
		}
		// A full page of which some were not due: look further, so payments scheduled for later days
		// never hold back those that are due.
		if !canPage || len(page) < s.batch || len(to) >= s.batch {
			break
		}
		last := page[len(page)-1]
		if page, err = pager.PaymentsInStatusAfter(ctx, PaymentAcceptedSettlementInProcess, before, last.UpdatedAt, last.ID, s.batch); err != nil {
			return 0, fmt.Errorf("settlement: list payments in process: %w", err)
		}
	}
	if b, ok := s.payments.(PaymentBatchAdvancer); ok {
		n, err := b.AdvancePayments(ctx, PaymentAcceptedSettlementInProcess, to, now)
		if err != nil {
			return 0, fmt.Errorf("settlement: %w", err)
		}
		return n, nil
	}
	done := 0
	for id, st := range to {
		_, err := s.payments.AdvancePayment(ctx, id, st, "", now)
		switch {
		case err == nil:
			done++
		case ErrorCode(err) == ECONFLICT:
		case ctx.Err() != nil:
			return done, ctx.Err()
		default:
			s.log.Error("settlement: advance payment", "payment", id, "to", st, "err", err)
		}
	}
	return done, nil
}
