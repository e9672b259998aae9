package core

import "time"

// AccountType follows the Open Banking Brasil account types.
type AccountType string

// Account types.
const (
	Checking       AccountType = "CONTA_DEPOSITO_A_VISTA"
	Savings        AccountType = "CONTA_POUPANCA"
	PrepaidPayment AccountType = "CONTA_PAGAMENTO_PRE_PAGA"
	CreditCard     AccountType = "CARTAO_CREDITO"
)

// AccountSubType tells individual from joint holding.
type AccountSubType string

// Account subtypes.
const (
	Individual      AccountSubType = "INDIVIDUAL"
	JointSimple     AccountSubType = "CONJUNTA_SIMPLES"
	JointSolidarity AccountSubType = "CONJUNTA_SOLIDARIA"
)

// Account statuses.
const (
	AccountEnabled  = "ENABLED"
	AccountDisabled = "DISABLED"
	AccountDeleted  = "DELETED"
)

// Account is a deposit, savings, prepaid payment or credit-card account.
type Account struct {
	ID          string
	CustomerID  string // the holder: a person, or a company for business accounts
	Type        AccountType
	SubType     AccountSubType
	Currency    string // ISO 4217, BRL
	Status      string
	CompeCode   string // the bank's 3-digit COMPE code
	BranchCode  string // 4 digits
	Number      string // up to 20 digits
	CheckDigit  string
	ProductID   string
	ProductName string
	Nickname    string
	OpenedAt    time.Time
	// MultiAuth is set when a movement needs two representatives' approval.
	MultiAuth bool
	// Card is set for credit-card accounts.
	Card *Card
	// Limits bound what a payment from this account may move.
	Limits Limits
}

// Card describes a credit-card account's card.
type Card struct {
	Network     string // VISA, MASTERCARD, ELO
	Last4       string
	CreditLimit Money
	BillingDay  int
}

// Limits bound payments from an account.
type Limits struct {
	PerPayment Money // largest single payment; 0 means the bank's default
	Overdraft  Money // arranged overdraft (cheque especial) limit
}

// Balance is an account's balances at a moment.
type Balance struct {
	AccountID               string
	Available               Money // may be negative within the overdraft limit
	Blocked                 Money
	AutomaticallyInvested   Money
	OverdraftLimit          Money
	OverdraftUsed           Money
	UnarrangedOverdraftUsed Money
	Currency                string
	At                      time.Time
}
