package bankconnect

// Amount is an exact amount as the contract writes it: a decimal string and an ISO 4217 currency.
type Amount struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// AccountNumber identifies an account within a scheme.
type AccountNumber struct {
	Name                    string `json:"name,omitempty"`
	SchemeName              string `json:"schemeName"`
	Identification          string `json:"identification"`
	SecondaryIdentification string `json:"secondaryIdentification,omitempty"`
}

// Account number schemes the bank writes in AccountNumber.SchemeName.
const (
	// SchemeBRAccount identifies a Brazilian account as COMPE-BRANCH-NUMBER-CHECKDIGIT, for example
	// "401-0001-12345678-9"; the check digit is also in SecondaryIdentification.
	SchemeBRAccount = "BR.COMPE.BRANCH.ACCOUNT"
	// SchemeBRPixKey identifies a creditor by its PIX key.
	SchemeBRPixKey = "BR.PIX"
	// SchemeBRISPB identifies an institution (Agent, servicer) by its 8-digit ISPB or 3-digit COMPE.
	SchemeBRISPB  = "BR.ISPB"
	SchemeBRCOMPE = "BR.COMPE"
)

// Agent is a financial institution serving one side of a payment.
type Agent struct {
	SchemeName     string `json:"schemeName"`
	Identification string `json:"identification"`
	Name           string `json:"name,omitempty"`
}

// Credit/debit indicators (CreditDebitEnum, BalanceCreditDebitEnum).
const (
	Credit = "Credit"
	Debit  = "Debit"
)
