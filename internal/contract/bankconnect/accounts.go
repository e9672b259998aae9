package bankconnect

// Account is the contract's BRCBAccount, the Brazilian branch of its Account oneOf: the bank's
// brand and CNPJ, the OBB account type and subtype, and the COMPE, branch, number and check digit
// that identify the account in the Brazilian payment system. The schema allows additional properties;
// the bank adds number, nickName and productName, which the platform's OBB accounts API needs.
type Account struct {
	ID             string          `json:"id"`
	BrandID        string          `json:"brandID"`
	BrandName      string          `json:"brandName"`
	CompanyCNPJ    string          `json:"companyCnpj"`
	AccountType    string          `json:"accountType"`    // CONTA_DEPOSITO_A_VISTA, CONTA_POUPANCA, CONTA_PAGAMENTO_PRE_PAGA, CARTAO_CREDITO
	AccountSubType string          `json:"accountSubType"` // INDIVIDUAL, CONJUNTA_SIMPLES, CONJUNTA_SOLIDARIA
	Currency       string          `json:"currency"`
	Status         string          `json:"status,omitempty"` // ENABLED, DISABLED, DELETED
	CompeCode      string          `json:"compeCode"`
	BranchCode     string          `json:"branchCode"`
	CheckDigit     string          `json:"checkDigit"`
	AccountNumbers []AccountNumber `json:"accountNumbers"`
	Number         string          `json:"number"`
	NickName       string          `json:"nickName,omitempty"`
	ProductName    string          `json:"productName,omitempty"`
	OpeningDate    string          `json:"openingDate,omitempty"` // RFC 3339 date-time
}

// AccountsResponse is the body of GET /accounts (ACC-010-010).
type AccountsResponse struct {
	Data []Account `json:"data"`
	Meta Meta      `json:"meta"`
}

// AccountResponse is the body of GET /accounts/{accountId} (ACC-020-010).
type AccountResponse struct {
	Data Account `json:"data"`
	Meta Meta    `json:"meta"`
}
