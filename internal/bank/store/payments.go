package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

const paymentColumns = `id, consent_id, idempotency_key, debtor_account_id, amount, status, rejection_reason,
	rejection_detail, journal_id, internal, creditor_account_id, created_at, updated_at, payment_order`

// querier is what reads need from a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func scanPayment(r scanner) (core.Payment, error) {
	var (
		p                        core.Payment
		key                      sql.NullString
		consent, debtor, status  string
		order                    string
		amount, created, updated int64
	)
	if err := r.Scan(&p.ID, &consent, &key, &debtor, &amount, &status, &p.RejectionReason, &p.RejectionDetail,
		&p.JournalID, &p.Internal, &p.CreditorAccountID, &created, &updated, &order); err != nil {
		return p, err
	}
	if err := decodeJSON(order, &p.Order); err != nil {
		return p, err
	}
	p.Status, p.CreatedAt, p.UpdatedAt = core.PaymentStatus(status), fromMicros(created), fromMicros(updated)
	return p, nil
}

// readPayments returns the payments a query selects (its columns must be paymentColumns), each with its
// history, in two queries.
func readPayments(ctx context.Context, q querier, query string, args ...any) ([]core.Payment, error) {
	out, err := readPaymentRows(ctx, q, query, args...)
	if err != nil || len(out) == 0 {
		return out, err
	}
	return out, readHistories(ctx, q, out)
}

// readPaymentRows returns the payments a query selects (its columns must be paymentColumns), without
// their history.
func readPaymentRows(ctx context.Context, q querier, query string, args ...any) ([]core.Payment, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read payments: %w", err)
	}
	defer rows.Close()
	var out []core.Payment
	for rows.Next() {
		p, err := scanPayment(rows)
		if err != nil {
			return nil, fmt.Errorf("read payments: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read payments: %w", err)
	}
	return out, nil
}

// readHistories fills in the history of each payment of out.
func readHistories(ctx context.Context, q querier, out []core.Payment) error {
	ids := make([]string, len(out))
	pos := make(map[string]int, len(out))
	for i, p := range out {
		ids[i], pos[p.ID] = p.ID, i
	}
	in, hargs := inList(1, ids)
	hrows, err := q.QueryContext(ctx, `SELECT payment_id, status, reason, at FROM payment_history
		WHERE payment_id IN (`+in+`) ORDER BY payment_id, seq`, hargs...)
	if err != nil {
		return fmt.Errorf("read payment history: %w", err)
	}
	defer hrows.Close()
	for hrows.Next() {
		var id, status string
		var h core.PaymentStatusChange
		var at int64
		if err := hrows.Scan(&id, &status, &h.Reason, &at); err != nil {
			return fmt.Errorf("read payment history: %w", err)
		}
		h.Status, h.At = core.PaymentStatus(status), fromMicros(at)
		out[pos[id]].History = append(out[pos[id]].History, h)
	}
	if err := hrows.Err(); err != nil {
		return fmt.Errorf("read payment history: %w", err)
	}
	return nil
}

// Payment returns one payment with its history.
func (s *Store) Payment(ctx context.Context, id string) (core.Payment, error) {
	ps, err := readPayments(ctx, dbQuerier{s}, `SELECT `+paymentColumns+` FROM payments WHERE id = $1`, id)
	if err != nil {
		return core.Payment{}, err
	}
	if len(ps) == 0 {
		return core.Payment{}, core.Errorf(core.ENOTFOUND, "payment %s not found", id)
	}
	return ps[0], nil
}

// existingPayment returns the payment already stored for p's consent or non-empty idempotency key,
// preferring the consent's, or ok=false.
func existingPayment(ctx context.Context, q querier, p core.Payment) (core.Payment, bool, error) {
	ps, err := readPayments(ctx, q, `SELECT `+paymentColumns+` FROM payments
		WHERE consent_id = $1 OR idempotency_key = $2
		ORDER BY CASE WHEN consent_id = $1 THEN 0 ELSE 1 END LIMIT 1`, p.Order.ConsentID, nullable(p.Order.IdempotencyKey))
	if err != nil || len(ps) == 0 {
		return core.Payment{}, false, err
	}
	return ps[0], true, nil
}

// nullable maps "" to NULL, so absent keys never collide in a unique index.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// PaymentsInStatus returns up to limit payments in status whose last change is at or before before,
// oldest first, without their history (the settlement worker needs none, and reading it would cost a
// second query per pass). A limit of 0 means 100.
func (s *Store) PaymentsInStatus(ctx context.Context, status core.PaymentStatus, before time.Time, limit int) ([]core.Payment, error) {
	if !validStatus(status) {
		return nil, core.Errorf(core.EINVALID, "unknown payment status %q", status)
	}
	if limit < 0 || limit > 10000 {
		return nil, core.Errorf(core.EINVALID, "limit %d must be between 1 and 10000", limit)
	}
	if limit == 0 {
		limit = 100
	}
	return readPaymentRows(ctx, dbQuerier{s}, `SELECT `+paymentColumns+` FROM payments
		WHERE status = $1 AND updated_at <= $2 ORDER BY updated_at, id LIMIT $3`, string(status), micros(before), limit)
}

func validStatus(s core.PaymentStatus) bool {
	switch s {
	case core.PaymentPending, core.PaymentAcceptedSettlementInProcess, core.PaymentAcceptedSettlementCompleted,
		core.PaymentAcceptedCreditSettlementCompleted, core.PaymentRejected:
		return true
	}
	return false
}
