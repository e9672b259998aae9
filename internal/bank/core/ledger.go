package core

import "time"

// The ledger is double-entry: every movement of money is a journal whose postings sum to zero. A
// customer account's available balance is the sum of its postings; money that leaves or enters the bank
// passes through settlement accounts, which are ledger accounts without a customer.

// Settlement ledger accounts.
const (
	// SettlementExternal receives the credit leg of payments to other institutions (the bank's PIX
	// settlement account at the central bank) and gives the debit leg of incoming money.
	SettlementExternal = "ledger:settlement:spi"
	// OpeningBalances is the counterpart of the balances an account had before the ledger started
	// (data loaded by seed or migrated from a core banking system).
	OpeningBalances = "ledger:opening"
)

// Journal is one balanced movement of money.
type Journal struct {
	ID        string
	Kind      string // payment, opening, reversal
	Reference string // e.g. the payment id
	PostedAt  time.Time
	Postings  []Posting
}

// Posting is one leg of a journal. Positive amounts credit the ledger account, negative debit it.
type Posting struct {
	LedgerAccount string // a customer account id or a Settlement* account
	Amount        Money
}

// Balanced reports whether the journal's postings sum to zero and it has at least two of them.
func (j Journal) Balanced() bool {
	if len(j.Postings) < 2 {
		return false
	}
	var sum Money
	for _, p := range j.Postings {
		sum += p.Amount
	}
	return sum == 0
}

// LedgerReport is the result of checking the ledger's invariants.
type LedgerReport struct {
	Journals int
	Postings int
	Accounts int
	// Problems lists each violated invariant in words; empty means the ledger balances.
	Problems []string
}
