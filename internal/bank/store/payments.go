package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/database"
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
	rows.Close()
	if len(out) == 0 {
		return nil, nil
	}
	ids := make([]string, len(out))
	pos := make(map[string]int, len(out))
	for i, p := range out {
		ids[i], pos[p.ID] = p.ID, i
	}
	in, hargs := inList(1, ids)
	hrows, err := q.QueryContext(ctx, `SELECT payment_id, status, reason, at FROM payment_history
		WHERE payment_id IN (`+in+`) ORDER BY payment_id, seq`, hargs...)
	if err != nil {
		return nil, fmt.Errorf("read payment history: %w", err)
	}
	defer hrows.Close()
	for hrows.Next() {
		var id, status string
		var h core.PaymentStatusChange
		var at int64
		if err := hrows.Scan(&id, &status, &h.Reason, &at); err != nil {
			return nil, fmt.Errorf("read payment history: %w", err)
		}
		h.Status, h.At = core.PaymentStatus(status), fromMicros(at)
		out[pos[id]].History = append(out[pos[id]].History, h)
	}
	if err := hrows.Err(); err != nil {
		return nil, fmt.Errorf("read payment history: %w", err)
	}
	return out, nil
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
// oldest first. A limit of 0 means 100.
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
	return readPayments(ctx, dbQuerier{s}, `SELECT `+paymentColumns+` FROM payments
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

// ExecutePayment executes p exactly once (core.PaymentStore). In one transaction it locks the debtor's
// balance row (and an internal creditor's, in id order so two opposite transfers cannot deadlock),
// decides, and writes the payment first so that a racing duplicate fails on the unique consent or
// idempotency key before doing any other work; the loser then returns the winner's payment.
func (s *Store) ExecutePayment(ctx context.Context, p core.Payment) (core.Payment, bool, error) {
	if err := validPayment(p); err != nil {
		return core.Payment{}, false, err
	}
	if p.Order.Currency == "" {
		p.Order.Currency = "BRL"
	}
	p.CreatedAt = p.CreatedAt.UTC().Truncate(time.Microsecond)
	var (
		stored  core.Payment
		created bool
	)
	err := s.db.WriteTx(ctx, func(tx *sql.Tx) error {
		prev, found, err := existingPayment(ctx, txQuerier{s, tx}, p)
		if err != nil {
			return err
		}
		if found {
			stored, created = prev, false
			return nil
		}
		stored, err = s.execute(ctx, tx, p)
		created = err == nil
		return err
	})
	if database.IsUniqueViolation(err) {
		prev, found, rerr := existingPayment(ctx, dbQuerier{s}, p)
		if rerr != nil {
			return core.Payment{}, false, rerr
		}
		if !found {
			return core.Payment{}, false, core.Errorf(core.ECONFLICT, "payment id %s is already used by another order", p.ID)
		}
		return prev, false, nil
	}
	if err != nil {
		return core.Payment{}, false, err
	}
	return stored, created, nil
}

func validPayment(p core.Payment) error {
	o := p.Order
	switch {
	case p.ID == "":
		return core.Errorf(core.EINVALID, "the payment has no id")
	case o.ConsentID == "":
		return core.Errorf(core.EINVALID, "payment %s has no consent id", p.ID)
	case o.DebtorAccountID == "":
		return core.Errorf(core.EINVALID, "payment %s has no debtor account", p.ID)
	case o.Amount <= 0 || o.Amount > core.MaxMoney:
		return core.Errorf(core.EINVALID, "payment %s: amount %s must be positive and at most %s", p.ID, o.Amount, core.MaxMoney)
	case p.CreatedAt.IsZero():
		return core.Errorf(core.EINVALID, "payment %s has no creation time", p.ID)
	case p.Internal && p.CreditorAccountID == "":
		return core.Errorf(core.EINVALID, "internal payment %s has no creditor account", p.ID)
	case p.Internal && p.CreditorAccountID == o.DebtorAccountID:
		return core.Errorf(core.EINVALID, "payment %s: the creditor account is the debtor account", p.ID)
	}
	return nil
}

// party is what a payment needs of an account it touches, read with the account's balance row locked.
type party struct {
	available, overdraft, perPayment int64
	status                           string
	counterparty                     core.Counterparty
}

// lockParties locks the balance rows of ids in id order and returns what the payment needs of each
// account that exists.
func (s *Store) lockParties(ctx context.Context, tx *sql.Tx, ids ...string) (map[string]party, error) {
	in, args := inList(1, ids)
	q := `SELECT b.account_id, b.available, a.overdraft, a.per_payment, a.status, a.compe_code, a.branch_code,
			a.number, a.check_digit, c.name, c.tax_id, c.kind
		FROM balances b JOIN accounts a ON a.id = b.account_id JOIN customers c ON c.id = a.customer_id
		WHERE b.account_id IN (` + in + `) ORDER BY b.account_id`
	if s.db.Dialect == database.Postgres {
		q += " FOR UPDATE OF b"
	}
	rows, err := s.queryTx(ctx, tx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("lock accounts: %w", err)
	}
	defer rows.Close()
	out := make(map[string]party, len(ids))
	for rows.Next() {
		var id, kind string
		var pt party
		c := &pt.counterparty
		if err := rows.Scan(&id, &pt.available, &pt.overdraft, &pt.perPayment, &pt.status, &c.CompeCode, &c.BranchCode,
			&c.Number, &c.CheckDigit, &c.Name, &c.TaxID, &kind); err != nil {
			return nil, fmt.Errorf("lock accounts: %w", err)
		}
		c.PersonType = personType(core.CustomerKind(kind))
		out[id] = pt
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("lock accounts: %w", err)
	}
	return out, nil
}

func personType(k core.CustomerKind) string {
	if k == core.Business {
		return "PESSOA_JURIDICA"
	}
	return "PESSOA_NATURAL"
}

// decide returns the rejection reason for p given its parties, or "" to accept it.
func decide(p core.Payment, debtor party, creditor party, creditorFound bool) string {
	amount := int64(p.Order.Amount)
	switch {
	case debtor.status == core.AccountDeleted:
		return core.ReasonClosedAccount
	case debtor.status != core.AccountEnabled:
		return core.ReasonBlockedAccount
	case p.Internal && (!creditorFound || creditor.status != core.AccountEnabled):
		return core.ReasonInvalidCreditor
	case debtor.perPayment > 0 && amount > debtor.perPayment:
		return core.ReasonLimitExceeded
	case debtor.available+debtor.overdraft < amount:
		return core.ReasonInsufficientFunds
	}
	return ""
}

// execute decides and writes a new payment inside tx.
func (s *Store) execute(ctx context.Context, tx *sql.Tx, p core.Payment) (core.Payment, error) {
	o := p.Order
	ids := []string{o.DebtorAccountID}
	if p.Internal {
		ids = append(ids, p.CreditorAccountID)
		if ids[1] < ids[0] {
			ids[0], ids[1] = ids[1], ids[0]
		}
	}
	parties, err := s.lockParties(ctx, tx, ids...)
	if err != nil {
		return core.Payment{}, err
	}
	debtor, ok := parties[o.DebtorAccountID]
	if !ok {
		return core.Payment{}, core.Errorf(core.ENOTFOUND, "debtor account %s not found", o.DebtorAccountID)
	}
	creditor, creditorFound := parties[p.CreditorAccountID]

	p.UpdatedAt = p.CreatedAt
	p.History = []core.PaymentStatusChange{{Status: core.PaymentPending, At: p.CreatedAt}}
	if reason := decide(p, debtor, creditor, creditorFound); reason != "" {
		p.Status, p.RejectionReason, p.JournalID = core.PaymentRejected, reason, ""
		p.RejectionDetail = rejectionDetail[reason]
		p.History = append(p.History, core.PaymentStatusChange{Status: core.PaymentRejected, Reason: reason, At: p.CreatedAt})
		var w writes
		if err := insertPayment(&w, p); err != nil {
			return core.Payment{}, err
		}
		if err := s.flush(ctx, tx, &w); err != nil {
			return core.Payment{}, fmt.Errorf("write payment %s: %w", p.ID, err)
		}
		return p, nil
	}
	p.Status, p.RejectionReason, p.RejectionDetail = core.PaymentAcceptedSettlementInProcess, "", ""
	p.JournalID = "payment:" + p.ID
	p.History = append(p.History, core.PaymentStatusChange{Status: core.PaymentAcceptedSettlementInProcess, At: p.CreatedAt})
	var w writes
	if err := insertPayment(&w, p); err != nil {
		return core.Payment{}, err
	}
	creditorLedger := core.SettlementExternal
	if p.Internal {
		creditorLedger = p.CreditorAccountID
	}
	post(&w, p.JournalID, "payment", p.ID, p.CreatedAt, o.DebtorAccountID, creditorLedger, o.Amount)
	debit := core.Transaction{
		ID: p.ID + "-D", AccountID: o.DebtorAccountID, CreditDebit: core.Debit,
		Counterparty: creditorCounterparty(o.Creditor, creditor.counterparty, p.Internal),
	}
	lines := []core.Transaction{debit}
	if p.Internal {
		lines = append(lines, core.Transaction{
			ID: p.ID + "-C", AccountID: p.CreditorAccountID, CreditDebit: core.Credit, Counterparty: debtor.counterparty,
		})
	}
	s.insertLines(&w, p, lines, description(o))
	if err := s.flush(ctx, tx, &w); err != nil {
		return core.Payment{}, fmt.Errorf("write payment %s: %w", p.ID, err)
	}
	return p, nil
}

// rejectionDetail explains each rejection reason the store decides, in the customer's language.
var rejectionDetail = map[string]string{
	core.ReasonInsufficientFunds: "saldo insuficiente",
	core.ReasonLimitExceeded:     "valor acima do limite por transação da conta",
	core.ReasonInvalidCreditor:   "conta do recebedor inválida",
	core.ReasonClosedAccount:     "conta encerrada",
	core.ReasonBlockedAccount:    "conta bloqueada",
}

func description(o core.PaymentOrder) string {
	if o.RemittanceInfo != "" {
		return o.RemittanceInfo
	}
	return "PIX " + o.Creditor.Name
}

// creditorCounterparty is who the debtor's statement line names: the creditor as the order gives it,
// completed with the account's coordinates when it is held at this bank.
func creditorCounterparty(c core.Creditor, internal core.Counterparty, isInternal bool) core.Counterparty {
	cp := core.Counterparty{Name: c.Name, TaxID: c.TaxID, PersonType: c.PersonType, BranchCode: c.Issuer, Number: c.Number}
	if isInternal {
		cp.CompeCode, cp.BranchCode, cp.Number, cp.CheckDigit = internal.CompeCode, internal.BranchCode, internal.Number, internal.CheckDigit
		if cp.Name == "" {
			cp.Name, cp.TaxID, cp.PersonType = internal.Name, internal.TaxID, internal.PersonType
		}
	}
	return cp
}

// insertPayment queues p and its first two history entries; the payment goes first so a racing
// duplicate fails on its unique consent or idempotency key before anything else is written.
func insertPayment(w *writes, p core.Payment) error {
	order, err := encodeJSON(p.Order)
	if err != nil {
		return err
	}
	w.add(`INSERT INTO payments (`+paymentColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, p.ID, p.Order.ConsentID,
		nullable(p.Order.IdempotencyKey), p.Order.DebtorAccountID, int64(p.Order.Amount), string(p.Status), p.RejectionReason,
		p.RejectionDetail, p.JournalID, p.Internal, p.CreditorAccountID, micros(p.CreatedAt), micros(p.UpdatedAt), order)
	h0, h1 := p.History[0], p.History[1]
	w.add(`INSERT INTO payment_history (payment_id, seq, status, reason, at) VALUES ($1, 0, $2, $3, $4), ($5, 1, $6, $7, $8)`,
		p.ID, string(h0.Status), h0.Reason, micros(h0.At), p.ID, string(h1.Status), h1.Reason, micros(h1.At))
	return nil
}

// post queues a two-leg journal moving amount from the from ledger account to the to ledger account,
// and its effect on the available balance of whichever of them is a customer account.
func post(w *writes, journalID, kind, reference string, at time.Time, from, to string, amount core.Money) {
	w.add(`INSERT INTO journals (id, kind, reference, posted_at) VALUES ($1, $2, $3, $4)`, journalID, kind, reference, micros(at))
	w.add(`INSERT INTO postings (journal_id, seq, ledger_account, amount) VALUES ($1, 0, $2, $3), ($4, 1, $5, $6)`,
		journalID, from, -int64(amount), journalID, to, int64(amount))
	for _, leg := range []struct {
		account string
		delta   core.Money
	}{{from, -amount}, {to, amount}} {
		if strings.HasPrefix(leg.account, "ledger:") {
			continue
		}
		w.add(`UPDATE balances SET available = available + $1, at = $2 WHERE account_id = $3`,
			int64(leg.delta), micros(at), leg.account)
	}
}

// insertLines queues the statement lines of payment p: PIX, booked at its last change, for its amount.
func (s *Store) insertLines(w *writes, p core.Payment, lines []core.Transaction, desc string) {
	ref := p.Order.EndToEndID
	if ref == "" {
		ref = p.ID
	}
	var args []any
	for _, t := range lines {
		t.Reference, t.Status, t.Kind, t.Amount, t.Currency = ref, core.Booked, core.PIX, p.Order.Amount, p.Order.Currency
		t.BookedAt, t.ValueAt, t.Description, t.PaymentID = p.UpdatedAt, p.UpdatedAt, desc, p.ID
		args = appendTransaction(args, t)
	}
	w.add(s.newInserter(context.Background(), nil, "transactions", transactionColumns).statement(len(lines)), args...)
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
	parties, err := s.lockParties(ctx, tx, ids...)
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
