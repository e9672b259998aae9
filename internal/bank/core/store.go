package core

import (
	"context"
	"time"
)

// The interfaces below are the seam between the bank's Open Banking adapters and the systems that hold
// its data. The reference implementations live in internal/bank/store (SQLite and PostgreSQL); a bank
// that plugs ifconnect onto its core banking system implements the same interfaces there. Every method
// returns *Error with ENOTFOUND for missing things and EINVALID for bad arguments, so the adapters can map
// them without knowing the store.

// CustomerReader reads customers and the people who may act for them.
type CustomerReader interface {
	// Customer returns one customer by id.
	Customer(ctx context.Context, id string) (Customer, error)
	// CustomerByTaxID returns the customer holding a CPF or CNPJ.
	CustomerByTaxID(ctx context.Context, taxID string) (Customer, error)
	// CustomersOfUser returns the customers a login user may act for: the person's own customer first,
	// then the companies where the person is a representative.
	CustomersOfUser(ctx context.Context, userID string) ([]Customer, error)
}

// UserReader reads internet-banking login identities.
type UserReader interface {
	User(ctx context.Context, id string) (User, error)
	UserByLogin(ctx context.Context, login string) (User, error)
}

// AccountReader reads accounts and balances.
type AccountReader interface {
	// Account returns one account by id.
	Account(ctx context.Context, id string) (Account, error)
	// Accounts returns the accounts among ids that exist, in the order of ids; unknown ids are skipped.
	Accounts(ctx context.Context, ids []string) ([]Account, error)
	// AccountsOfCustomers returns every account held by the given customers.
	AccountsOfCustomers(ctx context.Context, customerIDs []string) ([]Account, error)
	// Balances returns the balances of the accounts among ids that exist, in the order of ids.
	Balances(ctx context.Context, ids []string) ([]Balance, error)
}

// TransactionReader reads statement lines.
type TransactionReader interface {
	// Transactions returns one page of the transactions matching f, newest first.
	Transactions(ctx context.Context, f TransactionFilter) (TransactionPage, error)
}

// DebtorReader is an optional fast path a store may offer the payment service: the debtor account
// together with the customer id of the login user paying from it ("" when the user does not exist),
// in one read. The payment service uses it when PaymentDeps.Accounts implements it.
type DebtorReader interface {
	DebtorAccount(ctx context.Context, accountID, userID string) (acct Account, userCustomerID string, err error)
}

// ContractReader reads credit contracts.
type ContractReader interface {
	// Contract returns one contract by id.
	Contract(ctx context.Context, id string) (Contract, error)
	// ContractsOfCustomers returns the contracts of one kind held by the given customers.
	ContractsOfCustomers(ctx context.Context, customerIDs []string, kind ContractKind) ([]Contract, error)
}

// StandingDataReader reads the UK-style account objects of the Bank Connect AIS contract. Each method
// returns the objects of the accounts among accountIDs, skipping unknown ids.
type StandingDataReader interface {
	DirectDebits(ctx context.Context, accountIDs []string) ([]DirectDebit, error)
	StandingOrders(ctx context.Context, accountIDs []string) ([]StandingOrder, error)
	ScheduledPayments(ctx context.Context, accountIDs []string) ([]ScheduledPayment, error)
	Beneficiaries(ctx context.Context, accountIDs []string) ([]Beneficiary, error)
	Offers(ctx context.Context, accountIDs []string) ([]Offer, error)
	Products(ctx context.Context) ([]Product, error)
}

// PaymentStore executes payments against the ledger. Its implementation must make ExecutePayment
// atomic and exactly once: under any concurrency, and across a crash, an order is executed at most once
// and an account is never debited beyond its available balance plus overdraft limit.
type PaymentStore interface {
	// ExecutePayment looks up an earlier payment with the same ConsentID or the same non-empty
	// IdempotencyKey and, if there is one, returns it with created=false. Otherwise, in one transaction,
	// it locks the debtor account, and either posts a balanced journal (debtor debited; creditor account
	// credited when internal, SettlementExternal otherwise), writes the statement transactions and stores
	// the payment with status AcceptedSettlementInProcess, or stores it Rejected with
	// ReasonInsufficientFunds when the available balance plus overdraft limit does not cover the amount.
	// p carries the id, creation time and the internal creditor account (if any) chosen by the caller.
	ExecutePayment(ctx context.Context, p Payment) (stored Payment, created bool, err error)
	// Payment returns one payment with its history.
	Payment(ctx context.Context, id string) (Payment, error)
	// AdvancePayment moves a payment to a later status, appending to its history. It refuses (ECONFLICT)
	// a transition the lifecycle does not allow.
	AdvancePayment(ctx context.Context, id string, to PaymentStatus, reason string, at time.Time) (Payment, error)
	// PaymentsInStatus returns up to limit payments in status whose last change is at or before before,
	// oldest first, for the settlement worker; their History may be left empty.
	PaymentsInStatus(ctx context.Context, status PaymentStatus, before time.Time, limit int) ([]Payment, error)
}

// LedgerChecker verifies the ledger's invariants: every journal balances; every customer account's
// available balance equals the sum of its postings; every account's statement (signed transaction
// amounts) sums to its balance.
type LedgerChecker interface {
	CheckLedger(ctx context.Context) (LedgerReport, error)
}

// Batch is a set of records loaded together, as seed does and as a bank migrating data from its core
// system would.
type Batch struct {
	Customers         []Customer
	Users             []User
	Accounts          []Account
	Balances          []Balance
	Transactions      []Transaction
	Contracts         []Contract
	DirectDebits      []DirectDebit
	StandingOrders    []StandingOrder
	ScheduledPayments []ScheduledPayment
	Beneficiaries     []Beneficiary
	Offers            []Offer
	Products          []Product
}

// Importer loads a Batch in one transaction, validating CPF/CNPJ and references. For every account in
// the batch it also posts an opening journal (account credited with its balance, OpeningBalances
// debited) so the ledger balances from the start; the batch's transactions must sum to each account's
// available balance.
type Importer interface {
	Import(ctx context.Context, b Batch) error
}

// Store is everything the reference stores provide.
type Store interface {
	CustomerReader
	UserReader
	AccountReader
	TransactionReader
	ContractReader
	StandingDataReader
	PaymentStore
	LedgerChecker
	Importer
	Close() error
}
