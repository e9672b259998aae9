package seed

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

// The statement history of a customer's accounts is simulated, not drawn line by line: events
// (salary, bills, purchases, transfers, instalments) are laid out over the months, sorted, and
// applied in order to running balances. A debit that would take an account below its floor (minus
// the arranged overdraft, or minus a card's credit limit) is not applied, just as a real bank would
// refuse it. Every account starts with an opening credit, so the statement always sums to the
// balance the Importer is given.

// book is an account being simulated.
type book struct {
	acc   *core.Account
	bal   core.Money
	floor core.Money
	// reserve is what discretionary spending leaves untouched, so bills, instalments and the card bill
	// still find money: people keep a buffer for what they owe.
	reserve core.Money
	count   int                // statement lines posted
	bills   []core.Transaction // the latest boleto payments to companies, for direct debits
}

// leg is the other side of a transfer between two accounts of the same customer.
type leg struct {
	book int
	kind core.TransactionKind
	desc string
}

// event is something that may move money on one account (and, for a transfer, on a second one).
type event struct {
	at     time.Time
	seq    int
	book   int
	cd     core.CreditDebit
	kind   core.TransactionKind
	amount core.Money
	// dyn computes the amount when the event is applied (a card bill pays what is owed then).
	dyn  func() core.Money
	desc string
	cp   *core.Counterparty // points into the outsiders pool, shared by many events
	pair *leg
	// discretionary spending waits for money above the account's reserve.
	discretionary bool
	// applied and skipped let contracts learn which instalments were paid.
	applied func(at time.Time, amount core.Money)
	skipped func()
}

// ledger collects a customer's events and applies them.
type ledger struct {
	g      *generator
	name   string // the holder, as transfers between its own accounts name it
	r      rng
	books  []*book
	events []event
}

func (l *ledger) add(e event) {
	if e.at.After(l.g.o.Now) {
		if e.applied == nil {
			return // later this month: it has not happened yet
		}
		e.at = l.g.o.Now // an instalment due today is paid by now
	}
	e.seq = len(l.events)
	l.events = append(l.events, e)
}

// open starts account a with an opening balance on the first day of history.
func (l *ledger) open(a *core.Account, opening, floor core.Money) int {
	l.books = append(l.books, &book{acc: a, floor: floor})
	i := len(l.books) - 1
	if opening > 0 {
		l.add(event{at: l.g.start.Add(time.Duration(l.r.between(1, 59)) * time.Minute), book: i, cd: core.Credit,
			kind: core.Other, amount: opening, desc: "SALDO ANTERIOR", cp: &core.Counterparty{}})
	}
	return i
}

// run applies every event in time order and returns nothing: the books hold the result.
func (l *ledger) run() {
	slices.SortFunc(l.events, func(a, b event) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	for i := range l.events {
		e := &l.events[i]
		amount := e.amount
		if e.dyn != nil {
			amount = e.dyn()
		}
		b := l.books[e.book]
		floor := b.floor
		if e.discretionary {
			floor += b.reserve
		}
		ok := amount > 0 && (e.cd == core.Credit || b.bal-amount >= floor)
		if ok && e.pair != nil && e.cd == core.Credit {
			p := l.books[e.pair.book]
			ok = p.bal-amount >= p.floor
		}
		if !ok {
			if e.skipped != nil {
				e.skipped()
			}
			continue
		}
		l.post(b, e.at, e.cd, e.kind, amount, e.desc, *e.cp)
		if e.pair != nil {
			p := l.books[e.pair.book]
			cd := core.Credit
			if e.cd == core.Credit {
				cd = core.Debit
			}
			l.post(p, e.at, cd, e.pair.kind, amount, e.pair.desc, ownAccount(b.acc, l.name))
		}
		if e.applied != nil {
			e.applied(e.at, amount)
		}
	}
	l.g.scratch = l.events[:0]
	l.events = nil
}

func (l *ledger) post(b *book, at time.Time, cd core.CreditDebit, kind core.TransactionKind, amount core.Money, desc string, cp core.Counterparty) {
	if cd == core.Credit {
		b.bal += amount
	} else {
		b.bal -= amount
	}
	g := l.g
	g.next.tx++
	ref := fmt.Sprintf("%d%08d", at.Year()%100, g.next.tx%100_000_000)
	if kind == core.PIX {
		// A PIX end-to-end id: E + the payer institution's ISPB + yyyyMMddHHmm + 11 characters.
		ref = "E" + g.o.Bank.ISPB + at.UTC().Format("200601021504") + fmt.Sprintf("%011d", g.next.tx)
	}
	b.count++
	g.stats.Transactions++
	g.batch.Transactions = append(g.batch.Transactions, core.Transaction{
		ID:           fmt.Sprintf("tx-%d", g.next.tx),
		AccountID:    b.acc.ID,
		Reference:    ref,
		CreditDebit:  cd,
		Status:       core.Booked,
		Kind:         kind,
		Amount:       amount,
		Currency:     "BRL",
		BookedAt:     at,
		ValueAt:      at,
		Description:  desc,
		Counterparty: cp,
	})
	if kind == core.Boleto && cd == core.Debit && cp.PersonType == "PESSOA_JURIDICA" {
		if len(b.bills) == 4 {
			b.bills = b.bills[1:]
		}
		b.bills = append(b.bills, g.batch.Transactions[len(g.batch.Transactions)-1])
	}
}

// ownAccount is a counterparty naming an account of this bank.
func ownAccount(a *core.Account, name string) core.Counterparty {
	return core.Counterparty{Name: name, CompeCode: a.CompeCode, BranchCode: a.BranchCode, Number: a.Number, CheckDigit: a.CheckDigit}
}

// months calls f with the first day of every month of history, oldest first, and the last moment of
// it that is still in the past.
func (g *generator) months(f func(month time.Time)) {
	for m := g.start; m.Before(g.o.Now); m = m.AddDate(0, 1, 0) {
		f(m)
	}
}

// inPast reports whether t is within the history (not after now).
func (g *generator) inPast(t time.Time) bool { return !t.After(g.o.Now) && !t.Before(g.start) }

// finish turns the books into the batch's accounts' balances and transactions.
func (l *ledger) finish() {
	g := l.g
	for _, b := range l.books {
		bal := core.Balance{AccountID: b.acc.ID, Available: b.bal, Currency: "BRL", At: g.o.Now}
		if b.acc.Type == core.CreditCard {
			bal.OverdraftLimit = b.acc.Card.CreditLimit
		} else {
			bal.OverdraftLimit = b.acc.Limits.Overdraft
			if b.bal < 0 {
				bal.OverdraftUsed = -b.bal
			}
		}
		g.batch.Accounts = append(g.batch.Accounts, *b.acc)
		g.batch.Balances = append(g.batch.Balances, bal)
		g.stats.Accounts++
	}
}
