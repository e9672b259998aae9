package bankconnect

// Balance is one balance of an account (components.schemas.Balance). Amount is never negative;
// CreditDebitIndicator says Debit for a negative balance and Credit for zero or positive.
type Balance struct {
	AccountID            string       `json:"accountId"`
	CreditDebitIndicator string       `json:"creditDebitIndicator"`
	BalanceType          string       `json:"balanceType"`
	Timestamp            string       `json:"timestamp"` // RFC 3339 date-time
	Amount               Amount       `json:"amount"`
	CreditLines          []CreditLine `json:"creditLines,omitempty"`
}

// Balance types the bank serves, one per amount of the Open Banking Brasil balances API. A request
// for any other balanceType is refused (BAL-010-130).
const (
	// BalanceInterimAvailable is the available amount (OBB availableAmount), with the overdraft
	// credit lines.
	BalanceInterimAvailable = "InterimAvailable"
	// BalanceBlocked is money held by judicial or administrative blocks (OBB blockedAmount).
	BalanceBlocked = "Blocked"
	// BalanceAutomaticallyInvested is money swept into automatic investments (OBB
	// automaticallyInvestedAmount).
	BalanceAutomaticallyInvested = "AutomaticallyInvested"
)

// BalanceTypes lists the balance types the bank serves, in the order it returns them.
var BalanceTypes = []string{BalanceInterimAvailable, BalanceBlocked, BalanceAutomaticallyInvested}

// CreditLine is credit available to an account on top of its balance.
type CreditLine struct {
	Included   bool   `json:"included"`
	Amount     Amount `json:"amount"`
	CreditType string `json:"creditType,omitempty"`
}

// Credit line types on the InterimAvailable balance: the arranged overdraft (cheque especial) limit
// and how much of it is used, and the unarranged overdraft in use (OBB overdraftContractedLimit,
// overdraftUsedLimit, unarrangedOverdraftAmount).
const (
	CreditLinePreAgreed     = "Pre-Agreed"
	CreditLinePreAgreedUsed = "Pre-Agreed-Used"
	CreditLineUnarranged    = "Unarranged-Used"
)

// BalancesResponse is the body of GET /balances and GET /accounts/{accountId}/balances.
type BalancesResponse struct {
	Data []Balance `json:"data"`
	Meta Meta      `json:"meta"`
}
