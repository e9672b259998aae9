package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/database"
)

// transitions is the payment lifecycle (core.PaymentStatus): the statuses each status may move to.
var transitions = map[core.PaymentStatus][]core.PaymentStatus{
	core.PaymentPending: {core.PaymentAcceptedSettlementInProcess, core.PaymentRejected},
	core.PaymentAcceptedSettlementInProcess: {core.PaymentAcceptedSettlementCompleted,
		core.PaymentAcceptedCreditSettlementCompleted, core.PaymentRejected},
}

func allowed(from, to core.PaymentStatus) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// AdvancePayment moves a payment to a later status and appends to its history. Rejecting a payment
// whose money already moved posts a reversal journal and statement lines that give it back, so the
// debtor is never out of pocket for a payment that did not settle.
func (s *Store) AdvancePayment(ctx context.Context, id string, to core.PaymentStatus, reason string, at time.Time) (core.Payment, error) {
	if !validStatus(to) {
		return core.Payment{}, core.Errorf(core.EINVALID, "unknown payment status %q", to)
	}
	if at.IsZero() {
		return core.Payment{}, core.Errorf(core.EINVALID, "the time of the status change is required")
	}
	var out core.Payment
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		lock := ""
		if s.db.Dialect == database.Postgres {
			lock = " FOR UPDATE"
		}
		ps, err := readPayments(ctx, txQuerier{s, tx}, `SELECT `+paymentColumns+` FROM payments WHERE id = $1`+lock, id)
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			return core.Errorf(core.ENOTFOUND, "payment %s not found", id)
		}
		p := ps[0]
		if !allowed(p.Status, to) {
			return core.Errorf(core.ECONFLICT, "payment %s is %s and cannot become %s", id, p.Status, to)
		}
		if to == core.PaymentRejected && p.JournalID != "" {
			if err := s.reverse(ctx, tx, p, at); err != nil {
				return err
			}
		}
		rejection := p.RejectionReason
		if to == core.PaymentRejected {
			rejection = reason
		}
		if _, err := tx.ExecContext(ctx, `UPDATE payments SET status = $1, rejection_reason = $2, updated_at = $3 WHERE id = $4`,
			string(to), rejection, micros(at), id); err != nil {
			return fmt.Errorf("advance payment %s: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO payment_history (payment_id, seq, status, reason, at) VALUES ($1, $2, $3, $4, $5)`,
			id, len(p.History), string(to), reason, micros(at)); err != nil {
			return fmt.Errorf("advance payment %s: %w", id, err)
		}
		p.Status, p.RejectionReason, p.UpdatedAt = to, rejection, at.UTC().Truncate(time.Microsecond)
		p.History = append(p.History, core.PaymentStatusChange{Status: to, Reason: reason, At: p.UpdatedAt})
		out = p
		return nil
	})
	if err != nil {
		return core.Payment{}, err
	}
	return out, nil
}

// reverse gives back the money of an accepted payment that is being rejected: a reversal journal with
// the opposite legs, and statement lines undoing the original ones.
func (s *Store) reverse(ctx context.Context, tx *sql.Tx, p core.Payment, at time.Time) error {
	o := p.Order
	ids := []string{o.DebtorAccountID}
	creditorLedger := core.SettlementExternal
	if p.Internal {
		creditorLedger = p.CreditorAccountID
		ids = append(ids, p.CreditorAccountID)
		if ids[1] < ids[0] {
			ids[0], ids[1] = ids[1], ids[0]
		}
	}
	parties, _, err := s.lockParties(ctx, tx, nil, ids...)
	if err != nil {
		return err
	}
	var w writes
	post(&w, "reversal:"+p.ID, "reversal", p.ID, at, creditorLedger, o.DebtorAccountID, o.Amount)
	creditor := parties[p.CreditorAccountID]
	lines := []core.Transaction{{
		ID: p.ID + "-RD", AccountID: o.DebtorAccountID, CreditDebit: core.Credit,
		Counterparty: creditorCounterparty(o.Creditor, creditor.counterparty, p.Internal),
	}}
	if p.Internal {
		lines = append(lines, core.Transaction{ID: p.ID + "-RC", AccountID: p.CreditorAccountID, CreditDebit: core.Debit,
			Counterparty: parties[o.DebtorAccountID].counterparty})
	}
	rev := p
	rev.UpdatedAt = at.UTC().Truncate(time.Microsecond)
	s.insertLines(&w, rev, lines, "Estorno: "+description(o))
	if err := s.flush(ctx, tx, &w); err != nil {
		return fmt.Errorf("reverse payment %s: %w", p.ID, err)
	}
	return nil
}
