package core

import (
	"context"
	"time"
)

// PaymentBatchAdvancer is implemented by a PaymentStore that can complete many payments in one
// transaction. The settlement worker uses it when the store has it: one write per batch instead of one
// per payment, which matters on SQLite, where writers queue for one lock.
type PaymentBatchAdvancer interface {
	// AdvancePayments moves each payment of to (payment id → new status) that is still in status from
	// to its new status at at, appending to its history, in one transaction, and returns how many
	// moved; payments no longer in from (another worker got there first) are skipped. It only makes
	// transitions that move no money (the completions).
	AdvancePayments(ctx context.Context, from PaymentStatus, to map[string]PaymentStatus, at time.Time) (int, error)
}

// PaymentPager is implemented by a PaymentStore that can continue PaymentsInStatus past a given
// payment. The settlement worker uses it to look beyond payments scheduled for a later day, which
// would otherwise fill every batch and hold back the payments that are due.
type PaymentPager interface {
	// PaymentsInStatusAfter is PaymentsInStatus continuing after the payment with last change at and
	// id afterID, in the same order (last change, then id).
	PaymentsInStatusAfter(ctx context.Context, status PaymentStatus, before, at time.Time, afterID string, limit int) ([]Payment, error)
}
