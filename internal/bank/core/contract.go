package core

import "time"

// ContractKind is the family of a credit operation, one per Open Banking credit API.
type ContractKind string

// Contract kinds.
const (
	Loan                ContractKind = "LOAN"
	Financing           ContractKind = "FINANCING"
	InvoiceFinancing    ContractKind = "INVOICE_FINANCING"
	UnarrangedOverdraft ContractKind = "UNARRANGED_OVERDRAFT"
)

// Contract is a credit operation: a loan, a financing, an invoice financing (receivables discount) or
// an unarranged overdraft, with the terms, schedule and repayments the Open Banking credit APIs expose.
type Contract struct {
	ID                     string
	CustomerID             string
	Kind                   ContractKind
	ProductType            string // e.g. EMPRESTIMOS, FINANCIAMENTOS, DIREITOS_CREDITORIOS_DESCONTADOS
	ProductSubType         string // e.g. CREDITO_PESSOAL_SEM_CONSIGNACAO
	ProductName            string
	ContractNumber         string
	IPOCCode               string // the BCB's unique operation code
	Currency               string
	Amount                 Money
	OutstandingBalance     Money
	ContractDate           time.Time
	DisbursementDate       time.Time
	SettlementDate         time.Time
	DueDate                time.Time
	FirstInstalmentDueDate time.Time
	Periodicity            string // MENSAL, SEMESTRAL, …
	Amortization           string // SAC, PRICE, SAM, SEM_SISTEMA_AMORTIZACAO
	CET                    string // annual total effective cost as a decimal fraction, "0.2950"
	ConsigneeCNPJ          string
	InterestRates          []InterestRate
	Fees                   []ContractFee
	Charges                []FinanceCharge
	Warranties             []Warranty
	Instalments            Instalments
	Releases               []Release
}

// InterestRate is one interest component of a contract.
type InterestRate struct {
	TaxType           string // NOMINAL, EFETIVA
	InterestRateType  string // SIMPLES, COMPOSTO
	TaxPeriodicity    string // AM, AA
	Calculation       string // 21/252, 30/360, 30/365
	IndexerType       string // PRE_FIXADO, POS_FIXADO, …
	IndexerSubType    string // TR_TBF, CDI, …
	IndexerAdditional string
	PreFixedRate      string // decimal fraction
	PostFixedRate     string
	AdditionalInfo    string
}

// ContractFee is a fee agreed in a contract.
type ContractFee struct {
	Name       string
	Code       string
	ChargeType string // UNICA, POR_PARCELA
	Charge     string // MINIMO, MAXIMO, FIXO, PERCENTUAL
	Amount     Money
	Rate       string
}

// FinanceCharge is a default charge agreed in a contract (late interest, fine).
type FinanceCharge struct {
	Type           string // JUROS_REMUNERATORIOS_POR_ATRASO, MULTA_ATRASO_PAGAMENTO, …
	Rate           string
	AdditionalInfo string
}

// Warranty is a guarantee given for a contract.
type Warranty struct {
	Type     string // CESSAO_DIREITOS_CREDITORIOS, ALIENACAO_FIDUCIARIA, …
	SubType  string
	Currency string
	Amount   Money
}

// Instalments summarises a contract's schedule.
type Instalments struct {
	TypeTotal     string // DIA, SEMANA, MES, ANO, SEM_PRAZO_TOTAL
	Total         int
	TypeRemaining string
	Remaining     int
	Paid          int
	Due           int
	PastDue       int
	Balloons      []Balloon
}

// Balloon is a non-regular instalment.
type Balloon struct {
	DueDate time.Time
	Amount  Money
}

// Release is one repayment made on a contract.
type Release struct {
	ID           string
	InstalmentID string
	PaidDate     time.Time
	Amount       Money
	Currency     string
	OverParcel   bool
	Fees         []ReleaseFee
	Charges      []ReleaseCharge
}

// ReleaseFee is a fee paid with a release.
type ReleaseFee struct {
	Name   string
	Code   string
	Amount Money
}

// ReleaseCharge is a charge paid with a release.
type ReleaseCharge struct {
	Type           string
	AdditionalInfo string
	Amount         Money
}
