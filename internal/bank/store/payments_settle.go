package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/database"
)

var _ core.PaymentBatchAdvancer = (*Store)(nil)

// AdvancePayments completes many payments in one transaction (core.PaymentBatchAdvancer). Each update
// is conditional on the payment still being in from, so two settlement workers never move one payment
// twice; only transitions that the lifecycle allows and that move no money are accepted.
func (s *Store) AdvancePayments(ctx context.Context, from core.PaymentStatus, to map[string]core.PaymentStatus, at time.Time) (int, error) {
	if at.IsZero() {
		return 0, core.Errorf(core.EINVALID, "the time of the status change is required")
	}
	for id, st := range to {
		if !allowed(from, st) || st == core.PaymentRejected {
			return 0, core.Errorf(core.EINVALID, "payment %s: %s to %s is not a completion", id, from, st)
		}
	}
	if len(to) == 0 {
		return 0, nil
	}
	if s.db.Dialect == database.Postgres {
		return s.advancePaymentsPostgres(ctx, from, to, at)
	}
	moved := 0
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		moved = 0
		for id, st := range to {
			res, err := s.execTx(ctx, tx, `UPDATE payments SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4`,
				string(st), micros(at), id, string(from))
			if err != nil {
				return fmt.Errorf("advance payment %s: %w", id, err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				if err != nil {
					return fmt.Errorf("advance payment %s: %w", id, err)
				}
				continue
			}
			if _, err := s.execTx(ctx, tx, `INSERT INTO payment_history (payment_id, seq, status, reason, at)
				SELECT $1, COUNT(*), $2, '', $3 FROM payment_history WHERE payment_id = $1`, id, string(st), micros(at)); err != nil {
				return fmt.Errorf("advance payment %s history: %w", id, err)
			}
			moved++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return moved, nil
}

// advancePaymentsPostgres is AdvancePayments in one statement: the batch travels as two arrays, so
// every batch size shares one prepared statement, and the worker makes one round trip per batch
// instead of two per payment. The rows are locked in id order and those another worker holds are
// skipped (it is completing them), so two workers neither wait for nor deadlock with each other.
func (s *Store) advancePaymentsPostgres(ctx context.Context, from core.PaymentStatus, to map[string]core.PaymentStatus, at time.Time) (int, error) {
	ids := make([]string, 0, len(to))
	for id := range to {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	statuses := make([]string, len(ids))
	for i, id := range ids {
		statuses[i] = string(to[id])
	}
	var moved int
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `WITH batch AS (
				SELECT * FROM unnest($1::text[], $2::text[]) AS b(id, status)),
			locked AS (
				SELECT p.id FROM payments p WHERE p.id = ANY($1::text[]) AND p.status = $3
				ORDER BY p.id FOR UPDATE SKIP LOCKED),
			moved AS (
				UPDATE payments p SET status = b.status, updated_at = $4
				FROM locked JOIN batch b ON b.id = locked.id WHERE p.id = locked.id
				RETURNING p.id, p.status),
			history AS (
				INSERT INTO payment_history (payment_id, seq, status, reason, at)
				SELECT m.id, (SELECT COUNT(*) FROM payment_history h WHERE h.payment_id = m.id), m.status, '', $4
				FROM moved m
				RETURNING 1)
			SELECT COUNT(*) FROM history`, ids, statuses, string(from), micros(at)).Scan(&moved)
	})
	if err != nil {
		return 0, fmt.Errorf("advance payments: %w", err)
	}
	return moved, nil
}

var _ core.PaymentPager = (*Store)(nil)

// PaymentsInStatusAfter continues PaymentsInStatus after the payment (at, afterID) (core.PaymentPager),
// like it without history.
func (s *Store) PaymentsInStatusAfter(ctx context.Context, status core.PaymentStatus, before, at time.Time, afterID string, limit int) ([]core.Payment, error) {
	if !validStatus(status) {
		return nil, core.Errorf(core.EINVALID, "unknown payment status %q", status)
	}
	if limit <= 0 || limit > 10000 {
		return nil, core.Errorf(core.EINVALID, "limit %d must be between 1 and 10000", limit)
	}
	return readPaymentRows(ctx, dbQuerier{s}, `SELECT `+paymentColumns+` FROM payments
		WHERE status = $1 AND updated_at <= $2 AND (updated_at > $3 OR (updated_at = $3 AND id > $4))
		ORDER BY updated_at, id LIMIT $5`, string(status), micros(before), micros(at), afterID, limit)
}
