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

// ExecutePayment executes p exactly once (core.PaymentStore). In one transaction, with one statement,
// it locks the debtor's balance row (and an internal creditor's, in id order so two opposite transfers
// cannot deadlock) and looks for an earlier payment of the same consent or idempotency key; then it
// decides and writes the payment first, so that a duplicate racing past the lookup fails on the unique
// consent or idempotency key index and the loser returns the winner's payment.
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
		var err error
		stored, created, err = s.execute(ctx, tx, p)
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
// account that exists, and the id of a payment already stored for order's consent (or else its
// non-empty idempotency key) when order is not nil.
func (s *Store) lockParties(ctx context.Context, tx *sql.Tx, order *core.PaymentOrder, ids ...string) (map[string]party, string, error) {
	in, args := inList(3, ids)
	var consent, key any
	if order != nil {
		consent, key = order.ConsentID, nullable(order.IdempotencyKey)
	}
	args = append([]any{consent, key}, args...)
	q := `SELECT b.account_id, b.available, a.overdraft, a.per_payment, a.status, a.compe_code, a.branch_code,
			a.number, a.check_digit, c.name, c.tax_id, c.kind,
			COALESCE((SELECT id FROM payments WHERE consent_id = $1), (SELECT id FROM payments WHERE idempotency_key = $2), '')
		FROM balances b JOIN accounts a ON a.id = b.account_id JOIN customers c ON c.id = a.customer_id
		WHERE b.account_id IN (` + in + `) ORDER BY b.account_id`
	if s.db.Dialect == database.Postgres {
		q += " FOR UPDATE OF b"
	}
	rows, err := s.queryTx(ctx, tx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("lock accounts: %w", err)
	}
	defer rows.Close()
	out := make(map[string]party, len(ids))
	var earlier string
	for rows.Next() {
		var id, kind string
		var pt party
		c := &pt.counterparty
		if err := rows.Scan(&id, &pt.available, &pt.overdraft, &pt.perPayment, &pt.status, &c.CompeCode, &c.BranchCode,
			&c.Number, &c.CheckDigit, &c.Name, &c.TaxID, &kind, &earlier); err != nil {
			return nil, "", fmt.Errorf("lock accounts: %w", err)
		}
		c.PersonType = personType(core.CustomerKind(kind))
		out[id] = pt
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("lock accounts: %w", err)
	}
	return out, earlier, nil
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

// execute returns the payment an earlier order stored, or decides and writes a new one, inside tx.
func (s *Store) execute(ctx context.Context, tx *sql.Tx, p core.Payment) (core.Payment, bool, error) {
	o := p.Order
	ids := []string{o.DebtorAccountID}
	if p.Internal {
		ids = append(ids, p.CreditorAccountID)
		if ids[1] < ids[0] {
			ids[0], ids[1] = ids[1], ids[0]
		}
	}
	parties, earlier, err := s.lockParties(ctx, tx, &p.Order, ids...)
	if err != nil {
		return core.Payment{}, false, err
	}
	if earlier == "" && len(parties) == 0 {
		// With no account row there was nothing to look the order up with.
		prev, found, err := existingPayment(ctx, txQuerier{s, tx}, p)
		if err != nil || found {
			return prev, false, err
		}
	}
	if earlier != "" {
		ps, err := readPayments(ctx, txQuerier{s, tx}, `SELECT `+paymentColumns+` FROM payments WHERE id = $1`, earlier)
		if err != nil || len(ps) == 0 {
			return core.Payment{}, false, fmt.Errorf("read earlier payment %s: %w", earlier, err)
		}
		return ps[0], false, nil
	}
	debtor, ok := parties[o.DebtorAccountID]
	if !ok {
		return core.Payment{}, false, core.Errorf(core.ENOTFOUND, "debtor account %s not found", o.DebtorAccountID)
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
			return core.Payment{}, false, err
		}
		if err := s.flush(ctx, tx, &w); err != nil {
			return core.Payment{}, false, fmt.Errorf("write payment %s: %w", p.ID, err)
		}
		return p, true, nil
	}
	p.Status, p.RejectionReason, p.RejectionDetail = core.PaymentAcceptedSettlementInProcess, "", ""
	p.JournalID = "payment:" + p.ID
	p.History = append(p.History, core.PaymentStatusChange{Status: core.PaymentAcceptedSettlementInProcess, At: p.CreatedAt})
	var w writes
	if err := insertPayment(&w, p); err != nil {
		return core.Payment{}, false, err
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
		return core.Payment{}, false, fmt.Errorf("write payment %s: %w", p.ID, err)
	}
	return p, true, nil
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
