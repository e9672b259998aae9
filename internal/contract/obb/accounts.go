package obb

// Account is AccountData, one item of GET /open-banking/accounts/v1/accounts.
type Account struct {
	BrandName   string `json:"brandName"`
	CompanyCNPJ string `json:"companyCnpj"`
	Type        string `json:"type"`
	CompeCode   string `json:"compeCode"`
	BranchCode  string `json:"branchCode"`
	Number      string `json:"number"`
	CheckDigit  string `json:"checkDigit"`
	AccountID   string `json:"accountId"`
}

// AccountIdentification is AccountIdentificationData (GET /accounts/{accountId}).
type AccountIdentification struct {
	CompeCode  string `json:"compeCode"`
	BranchCode string `json:"branchCode"`
	Number     string `json:"number"`
	CheckDigit string `json:"checkDigit"`
	Type       string `json:"type"`
	Subtype    string `json:"subtype"`
	Currency   string `json:"currency"`
}

// AccountBalances is AccountBalancesData.
type AccountBalances struct {
	AvailableAmount                     Number `json:"availableAmount"`
	AvailableAmountCurrency             string `json:"availableAmountCurrency"`
	BlockedAmount                       Number `json:"blockedAmount"`
	BlockedAmountCurrency               string `json:"blockedAmountCurrency"`
	AutomaticallyInvestedAmount         Number `json:"automaticallyInvestedAmount"`
	AutomaticallyInvestedAmountCurrency string `json:"automaticallyInvestedAmountCurrency"`
}

// AccountOverdraftLimits is AccountOverdraftLimitsData.
type AccountOverdraftLimits struct {
	OverdraftContractedLimit          Number `json:"overdraftContractedLimit"`
	OverdraftContractedLimitCurrency  string `json:"overdraftContractedLimitCurrency"`
	OverdraftUsedLimit                Number `json:"overdraftUsedLimit"`
	OverdraftUsedLimitCurrency        string `json:"overdraftUsedLimitCurrency"`
	UnarrangedOverdraftAmount         Number `json:"unarrangedOverdraftAmount"`
	UnarrangedOverdraftAmountCurrency string `json:"unarrangedOverdraftAmountCurrency"`
}

// AccountTransaction is AccountTransactionsData.
type AccountTransaction struct {
	TransactionID                  string `json:"transactionId,omitempty"`
	CompletedAuthorisedPaymentType string `json:"completedAuthorisedPaymentType"`
	CreditDebitType                string `json:"creditDebitType"`
	TransactionName                string `json:"transactionName"`
	Type                           string `json:"type"`
	Amount                         Number `json:"amount"`
	TransactionCurrency            string `json:"transactionCurrency"`
	TransactionDate                string `json:"transactionDate"`
	PartieCnpjCpf                  string `json:"partieCnpjCpf"`
	PartiePersonType               string `json:"partiePersonType"`
	PartieCompeCode                string `json:"partieCompeCode"`
	PartieBranchCode               string `json:"partieBranchCode"`
	PartieNumber                   string `json:"partieNumber"`
	PartieCheckDigit               string `json:"partieCheckDigit"`
}

// Values of AccountTransactionsData enums.
const (
	TransactionCompleted = "TRANSACAO_EFETIVADA"
	TransactionFuture    = "LANCAMENTO_FUTURO"
	Credito              = "CREDITO"
	Debito               = "DEBITO"
)
