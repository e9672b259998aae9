package core

import "time"

// The Bank Connect AIS contract also carries the UK Open Banking account objects. A Brazilian bank has
// fewer of them, but the platform may ask, so the domain models them.

// DirectDebit is a mandate that lets a creditor collect from an account (débito automático).
type DirectDebit struct {
	ID                    string
	AccountID             string
	MandateID             string
	Status                string // Active, Inactive
	Name                  string // the creditor
	PreviousPaymentAt     time.Time
	PreviousPaymentAmount Money
	Currency              string
}

// StandingOrder is a recurring transfer the customer set up.
type StandingOrder struct {
	ID             string
	AccountID      string
	Frequency      string // e.g. "IntrvlMnthDay:01:05"
	Reference      string
	FirstPaymentAt time.Time
	NextPaymentAt  time.Time
	FinalPaymentAt time.Time
	Amount         Money
	Currency       string
	Status         string // Active, Inactive
	Creditor       Counterparty
}

// ScheduledPayment is a single future-dated payment.
type ScheduledPayment struct {
	ID        string
	AccountID string
	Reference string
	ExecuteAt time.Time
	Amount    Money
	Currency  string
	Creditor  Counterparty
}

// Beneficiary is a payee the customer saved (favorecido).
type Beneficiary struct {
	ID        string
	AccountID string
	Reference string
	Creditor  Counterparty
	PixKey    string
}

// Offer is a pre-approved credit or limit increase offered on an account.
type Offer struct {
	ID          string
	AccountID   string
	Type        string // LimitIncrease, BalanceTransfer, PromotionalRate
	Description string
	Amount      Money
	Rate        string
	StartAt     time.Time
	EndAt       time.Time
}

// Product is a product the bank sells, referenced by accounts.
type Product struct {
	ID   string
	Name string
	Type string // PersonalCurrentAccount, BusinessCurrentAccount, …
}
