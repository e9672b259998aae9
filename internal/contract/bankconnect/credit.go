package bankconnect

// The credit operations (loans, financings, invoice-financings, unarranged-accounts-overdraft) share
// the BRCBBase* schemas. Their numbers are strings, as the contract declares every field: amounts
// as decimal strings with two places, rates as decimal fractions ("0.0150"), counts as decimal
// integers, dates as YYYY-MM-DD.

// ContractSummary is the contract's BRCBBase: one credit contract in a list.
type ContractSummary struct {
	BrandName      string `json:"brandName"`
	CompanyCNPJ    string `json:"companyCnpj"`
	ContractID     string `json:"contractId"`
	IPOCCode       string `json:"ipocCode"`
	ProductType    string `json:"productType"`
	ProductSubType string `json:"productSubType,omitempty"`
}

// ContractDetail is the contract's BRCBBaseDetail: the terms of one credit contract.
type ContractDetail struct {
	CET                                 string          `json:"CET"`
	AmortizationScheduled               string          `json:"amortizationScheduled"`
	AmortizationScheduledAddit          string          `json:"amortizationScheduledAddit,omitempty"`
	ContractAmount                      string          `json:"contractAmount"`
	ContractOutstandingBalance          string          `json:"contractOutstandingBalance,omitempty"`
	ContractDate                        string          `json:"contractDate"`
	CNPJConsignee                       string          `json:"cnpjConsignee,omitempty"`
	ContractNumber                      string          `json:"contractNumber"`
	ContractedFees                      []Fee           `json:"contractedFees"`
	ContractedFinanceCharges            []FinanceCharge `json:"contractedFinanceCharges"`
	Currency                            string          `json:"currency"`
	DisbursementDate                    string          `json:"disbursementDate"`
	DueDate                             string          `json:"dueDate"`
	FirstInstalmentDueDate              string          `json:"firstInstalmentDueDate"`
	InstalmentPeriodicity               string          `json:"instalmentPeriodicity"`
	InstalmentPeriodicityAddit          string          `json:"instalmentPeriodicityAddit,omitempty"`
	InstalmentPeriodicityAdditionalInfo string          `json:"instalmentPeriodicityAdditionalInfo,omitempty"`
	InterestRates                       []InterestRate  `json:"interestRates"`
	IPOCCode                            string          `json:"ipocCode"`
	ProductName                         string          `json:"productName"`
	ProductSubType                      string          `json:"productSubType"`
	ProductType                         string          `json:"productType"`
	SettlementDate                      string          `json:"settlementDate"`
}

// Fee is the contract's BRCBFees: a fee agreed in a credit contract.
type Fee struct {
	FeeName       string `json:"feeName"`
	FeeCode       string `json:"feeCode"`
	FeeChargeType string `json:"feeChargeType"` // UNICA, POR_PARCELA
	FeeCharge     string `json:"feeCharge"`     // MINIMO, MAXIMO, FIXO, PERCENTUAL
	FeeAmount     string `json:"feeAmount"`
	FeeRate       string `json:"feeRate"`
}

// FinanceCharge is the contract's BRCBFinanceCharges: a default charge (late interest, fine).
type FinanceCharge struct {
	ChargeType           string `json:"chargeType"`
	ChargeAdditionalInfo string `json:"chargeAdditionalInfo"`
	ChargeRate           string `json:"chargeRate,omitempty"`
}

// InterestRate is the contract's BRCBInterestRate; every member is required.
type InterestRate struct {
	TaxType                    string `json:"taxType"`          // NOMINAL, EFETIVA
	InterestRateType           string `json:"interestRateType"` // SIMPLES, COMPOSTO
	TaxPeriodicity             string `json:"taxPeriodicity"`   // AM, AA
	Calculation                string `json:"calculation"`      // 21/252, 30/360, 30/365
	ReferentialRateIndexerType string `json:"referentialRateIndexerType"`
	ReferentialRateIndexerSubT string `json:"referentialRateIndexerSubT"`
	ReferentialRateIndexerAddi string `json:"referentialRateIndexerAddi"`
	PreFixedRate               string `json:"preFixedRate"`
	PostFixedRate              string `json:"postFixedRate"`
	AdditionalInfo             string `json:"additionalInfo"`
}

// Warranty is the contract's BRCBBaseWarranty: one guarantee given for a contract. The warranties
// operations return a list of them (see ServedContract).
type Warranty struct {
	Currency        string `json:"currency"`
	WarrantyType    string `json:"warrantyType"`
	WarrantySubType string `json:"warrantySubType"`
	WarrantyAmount  string `json:"warrantyAmount,omitempty"`
}

// Instalments is the contract's BRCBBaseInstallment: the contract's schedule in counts.
// BalloonPayments is a string in the contract; the bank writes the JSON text of a Balloon array
// ("[]" when there is none) so nothing is lost.
type Instalments struct {
	TypeNumberOfInstalments  string `json:"typeNumberOfInstalments"` // DIA, SEMANA, MES, ANO, SEM_PRAZO_TOTAL
	TotalNumberOfInstalments string `json:"totalNumberOfInstalments"`
	TypeContractRemaining    string `json:"typeContractRemaining"`
	ContractRemainingNumber  string `json:"contractRemainingNumber"`
	PaidInstalments          string `json:"paidInstalments"`
	DueInstalments           string `json:"dueInstalments"`
	PastDueInstalments       string `json:"pastDueInstalments"`
	BalloonPayments          string `json:"balloonPayments"`
}

// Balloon is one non-regular instalment, as encoded inside Instalments.BalloonPayments.
type Balloon struct {
	DueDate string `json:"dueDate"` // YYYY-MM-DD
	Amount  Amount `json:"amount"`
}

// Payments is the contract's BRCBBasePayment: the repayments made on a contract.
type Payments struct {
	ContractOutstandingBalance string    `json:"contractOutstandingBalance,omitempty"`
	PaidInstalments            string    `json:"paidInstalments"`
	Releases                   []Release `json:"releases"`
}

// Release is the contract's BRCBRelease: one repayment. IsOverParcelPayment is "true" or "false"
// (a string in the contract).
type Release struct {
	PaymentID           string `json:"paymentId"`
	IsOverParcelPayment string `json:"isOverParcelPayment"`
	InstalmentID        string `json:"instalmentId"`
	PaidDate            string `json:"paidDate"`
	Currency            string `json:"currency"`
	PaidAmount          string `json:"paidAmount"`
	OverParcel          Parcel `json:"overParcel"`
}

// Parcel is the contract's BRCBParcel: the fees and charges paid with a release.
type Parcel struct {
	Fees    []ParcelFee    `json:"fees"`
	Charges []ParcelCharge `json:"charges"`
}

// ParcelFee is the contract's BRCBParcelFee.
type ParcelFee struct {
	FeeName   string `json:"feeName"`
	FeeCode   string `json:"feeCode"`
	FeeAmount string `json:"feeAmount"`
}

// ParcelCharge is the contract's BRCBOverParcel: a charge paid with a release.
type ParcelCharge struct {
	ChargeType           string `json:"chargeType"`
	ChargeAdditionalInfo string `json:"chargeAdditionalInfo"`
	ChargeAmount         string `json:"chargeAmount"`
}

// Credit operation families: the first path segment of their operations.
const (
	FamilyLoans               = "loans"
	FamilyFinancings          = "financings"
	FamilyInvoiceFinancings   = "invoice-financings"
	FamilyUnarrangedOverdraft = "unarranged-accounts-overdraft"
)
