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
		out outcome
		err error
	)
	if s.db.Dialect == database.Postgres {
		out, err = s.executePipelined(ctx, p)
	} else {
		err = s.db.WriteTx(ctx, func(tx *sql.Tx) error {
			var err error
			out, err = s.execute(ctx, tx, p)
			return err
		})
	}
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
	switch {
	case out.earlier != "":
		// Payments are never deleted, so the earlier one, committed before the lock was taken, reads
		// the same after the transaction.
		prev, err := s.Payment(ctx, out.earlier)
		if err != nil {
			return core.Payment{}, false, fmt.Errorf("read earlier payment %s: %w", out.earlier, err)
		}
		return prev, false, nil
	case out.noAccount:
		// With no account row there was nothing to look the order up with.
		prev, found, err := existingPayment(ctx, dbQuerier{s}, p)
		if err != nil || found {
			return prev, false, err
		}
		return core.Payment{}, false, core.Errorf(core.ENOTFOUND, "debtor account %s not found", p.Order.DebtorAccountID)
	}
	return out.payment, true, nil
}

// outcome is what one execution decided: a new payment, an earlier payment of the same order, or no
// debtor account to lock.
type outcome struct {
	payment   core.Payment
	earlier   string
	noAccount bool
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
	q, args := s.lockQuery(order, ids)
	rows, err := s.queryTx(ctx, tx, q, args...)
	if err != nil {
		return nil, "", fmt.Errorf("lock accounts: %w", err)
	}
	defer rows.Close()
	return scanParties(rows, len(ids))
}

// lockQuery is lockParties' statement and its arguments.
func (s *Store) lockQuery(order *core.PaymentOrder, ids []string) (string, []any) {
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
	return q, args
}

// scanParties reads lockQuery's rows.
func scanParties(rows database.Rows, n int) (map[string]party, string, error) {
	out := make(map[string]party, n)
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

// execute decides and writes one payment inside tx (SQLite, and any engine without pipelining).
func (s *Store) execute(ctx context.Context, tx *sql.Tx, p core.Payment) (outcome, error) {
	ids := partyIDs(p)
	parties, earlier, err := s.lockParties(ctx, tx, &p.Order, ids...)
	if err != nil {
		return outcome{}, err
	}
	out, w, err := s.plan(p, parties, earlier)
	if err != nil || w == nil {
		return out, err
	}
	if err := s.flush(ctx, tx, w); err != nil {
		return outcome{}, fmt.Errorf("write payment %s: %w", p.ID, err)
	}
	return out, nil
}

// executePipelined is execute on PostgreSQL in two round trips (database.ReadThenWrite): BEGIN with
// the locking read, then the payment's writes, as one statement, with COMMIT.
func (s *Store) executePipelined(ctx context.Context, p core.Payment) (outcome, error) {
	ids := partyIDs(p)
	q, args := s.lockQuery(&p.Order, ids)
	var out outcome
	err := s.db.ReadThenWrite(ctx, q, args, func(rows database.Rows) (database.Write, error) {
		parties, earlier, err := scanParties(rows, len(ids))
		if err != nil {
			return database.Write{}, err
		}
		var w *writes
		if out, w, err = s.plan(p, parties, earlier); err != nil || w == nil {
			return database.Write{}, err
		}
		q, args := w.statement()
		return database.Write{Query: q, Args: args}, nil
	})
	if err != nil {
		return outcome{}, fmt.Errorf("write payment %s: %w", p.ID, err)
	}
	return out, nil
}

// partyIDs are the accounts payment p locks, in id order so two opposite transfers cannot deadlock.
func partyIDs(p core.Payment) []string {
	ids := []string{p.Order.DebtorAccountID}
	if p.Internal {
		ids = append(ids, p.CreditorAccountID)
		if ids[1] < ids[0] {
			ids[0], ids[1] = ids[1], ids[0]
		}
	}
	return ids
}

// plan decides payment p given its locked parties and the id of an earlier payment of the same order,
// and returns the writes that store it, or nil writes when there is nothing to write.
func (s *Store) plan(p core.Payment, parties map[string]party, earlier string) (outcome, *writes, error) {
	o := p.Order
	switch {
	case earlier != "":
		return outcome{earlier: earlier}, nil, nil
	case len(parties) == 0:
		return outcome{noAccount: true}, nil, nil
	}
	debtor, ok := parties[o.DebtorAccountID]
	if !ok {
		return outcome{}, nil, core.Errorf(core.ENOTFOUND, "debtor account %s not found", o.DebtorAccountID)
	}
	creditor, creditorFound := parties[p.CreditorAccountID]

	p.UpdatedAt = p.CreatedAt
	p.History = []core.PaymentStatusChange{{Status: core.PaymentPending, At: p.CreatedAt}}
	w := &writes{}
	if reason := decide(p, debtor, creditor, creditorFound); reason != "" {
		p.Status, p.RejectionReason, p.JournalID = core.PaymentRejected, reason, ""
		p.RejectionDetail = rejectionDetail[reason]
		p.History = append(p.History, core.PaymentStatusChange{Status: core.PaymentRejected, Reason: reason, At: p.CreatedAt})
		if err := insertPayment(w, p); err != nil {
			return outcome{}, nil, err
		}
		return outcome{payment: p}, w, nil
	}
	p.Status, p.RejectionReason, p.RejectionDetail = core.PaymentAcceptedSettlementInProcess, "", ""
	p.JournalID = "payment:" + p.ID
	p.History = append(p.History, core.PaymentStatusChange{Status: core.PaymentAcceptedSettlementInProcess, At: p.CreatedAt})
	if err := insertPayment(w, p); err != nil {
		return outcome{}, nil, err
	}
	creditorLedger := core.SettlementExternal
	if p.Internal {
		creditorLedger = p.CreditorAccountID
	}
	post(w, p.JournalID, "payment", p.ID, p.CreatedAt, o.DebtorAccountID, creditorLedger, o.Amount)
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
	s.insertLines(w, p, lines, description(o))
	return outcome{payment: p}, w, nil
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
