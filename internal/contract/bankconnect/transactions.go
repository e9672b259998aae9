package bankconnect

// Transaction is the contract's BRCBTransaction, the Brazilian branch of its Transaction oneOf: the
// statement line with the counterparty ("partie") identified by CPF/CNPJ, person type, COMPE, branch,
// number and check digit. It deliberately has no accountId: BRCBTransaction declares none, and with
// one the line would also match GenericTransaction and break the oneOf. Ask per account
// (/accounts/{accountId}/transactions) to attribute lines to accounts.
type Transaction struct {
	TransactionID          string              `json:"transactionId"`
	Status                 string              `json:"status"` // Booked, Pending
	CreditDebitIndicator   string              `json:"creditDebitIndicator"`
	TransactionReference   string              `json:"transactionReference"`
	TransactionInformation string              `json:"transactionInformation,omitempty"`
	BankTransactionCode    BankTransactionCode `json:"bankTransactionCode"`
	Amount                 Amount              `json:"amount"`
	BookingDateTime        string              `json:"bookingDateTime"` // RFC 3339
	ValueDateTime          string              `json:"valueDateTime,omitempty"`
	PartieName             string              `json:"partieName,omitempty"`
	PartieCnpjCpf          string              `json:"partieCnpjCpf,omitempty"`
	PartiePersonType       string              `json:"partiePersonType,omitempty"` // PESSOA_NATURAL, PESSOA_JURIDICA
	PartieCompeCode        string              `json:"partieCompeCode,omitempty"`
	PartieBranchCode       string              `json:"partieBranchCode,omitempty"`
	PartieNumber           string              `json:"partieNumber,omitempty"`
	PartieCheckDigit       string              `json:"partieCheckDigit,omitempty"`
}

// BankTransactionCode classifies a transaction. Code is the OBB transaction type (PIX, TED, DOC,
// BOLETO, CARTAO, TARIFA_SERVICOS_AVULSOS, FOLHA_PAGAMENTO, TRANSFERENCIA_MESMA_INSTITUICAO, OUTROS);
// SubCode is RECEBIMENTO for money in and PAGAMENTO for money out.
type BankTransactionCode struct {
	Code    string `json:"code"`
	SubCode string `json:"subCode"`
}

// Bank transaction sub-codes.
const (
	SubCodeIncoming = "RECEBIMENTO"
	SubCodeOutgoing = "PAGAMENTO"
)

// TransactionsResponse is the body of GET /transactions and GET /accounts/{accountId}/transactions:
// one page of transactions, newest first.
type TransactionsResponse struct {
	Data []Transaction `json:"data"`
	Meta PaginatedMeta `json:"meta"`
}

// Transaction query parameters.
const (
	QueryAccountIDs           = "accountIds"
	QueryBalanceType          = "balanceType"
	QueryPage                 = "page"
	QueryStatus               = "status"
	QueryFromBookingDateTime  = "fromBookingDateTime"
	QueryToBookingDateTime    = "toBookingDateTime"
	QueryCreditDebitIndicator = "creditDebitIndicator"
)
