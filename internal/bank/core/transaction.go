package core

import "time"

// TransactionKind is the Open Banking Brasil transaction type.
type TransactionKind string

// Transaction kinds.
const (
	PIX      TransactionKind = "PIX"
	TED      TransactionKind = "TED"
	DOC      TransactionKind = "DOC"
	Boleto   TransactionKind = "BOLETO"
	CardTx   TransactionKind = "CARTAO"
	Fee      TransactionKind = "TARIFA_SERVICOS_AVULSOS"
	Salary   TransactionKind = "FOLHA_PAGAMENTO"
	Transfer TransactionKind = "TRANSFERENCIA_MESMA_INSTITUICAO"
	Other    TransactionKind = "OUTROS"
)

// CreditDebit tells money in from money out.
type CreditDebit string

// Credit/debit indicators, as the contracts spell them.
const (
	Credit CreditDebit = "Credit"
	Debit  CreditDebit = "Debit"
)

// Transaction statuses.
const (
	Booked  = "Booked"
	Pending = "Pending"
)

// Transaction is one line of an account statement.
type Transaction struct {
	ID           string
	AccountID    string
	Reference    string // the bank's reference, unique per account
	CreditDebit  CreditDebit
	Status       string
	Kind         TransactionKind
	Amount       Money // always positive; CreditDebit gives the direction
	Currency     string
	BookedAt     time.Time
	ValueAt      time.Time
	Description  string
	Counterparty Counterparty
	PaymentID    string // set when the transaction comes from a payment
}

// Counterparty is the other side of a transaction.
type Counterparty struct {
	Name       string
	TaxID      string // CPF or CNPJ
	PersonType string // PESSOA_NATURAL or PESSOA_JURIDICA
	CompeCode  string
	BranchCode string
	Number     string
	CheckDigit string
}

// TransactionFilter selects statement lines. Zero values mean no bound.
type TransactionFilter struct {
	AccountIDs  []string
	From, To    time.Time // booking date-time, inclusive
	CreditDebit CreditDebit
	Page        int // 1-based
	PageSize    int
}

// TransactionPage is one page of transactions with the totals the paginated contracts report.
type TransactionPage struct {
	Transactions []Transaction
	TotalRecords int
	TotalPages   int
	Page         int
	PageSize     int
}
