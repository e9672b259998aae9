package obb

// The credit-operation APIs (loans, financings, invoice-financings, unarranged-accounts-overdraft)
// share one shape; the specs name the schemas per family (LoansContract, FinancingsContract …) with
// the same members, except that only loans carry cnpjConsignee.

// ContractListItem is LoansListContract and its siblings (GET /contracts).
type ContractListItem struct {
	ContractID     string `json:"contractId"`
	BrandName      string `json:"brandName"`
	CompanyCNPJ    string `json:"companyCnpj"`
	ProductType    string `json:"productType"`
	ProductSubType string `json:"productSubType"`
	IPOCCode       string `json:"ipocCode"`
}

// Contract is LoansContract and its siblings (GET /contracts/{contractId}).
type Contract struct {
	ContractNumber                      string          `json:"contractNumber"`
	IPOCCode                            string          `json:"ipocCode"`
	ProductName                         string          `json:"productName"`
	ProductType                         string          `json:"productType"`
	ProductSubType                      string          `json:"productSubType"`
	ContractDate                        string          `json:"contractDate"`
	DisbursementDate                    string          `json:"disbursementDate,omitempty"`
	SettlementDate                      string          `json:"settlementDate"`
	ContractAmount                      Number          `json:"contractAmount"`
	Currency                            string          `json:"currency"`
	DueDate                             string          `json:"dueDate"`
	InstalmentPeriodicity               string          `json:"instalmentPeriodicity"`
	InstalmentPeriodicityAdditionalInfo string          `json:"instalmentPeriodicityAdditionalInfo"`
	FirstInstalmentDueDate              string          `json:"firstInstalmentDueDate"`
	CET                                 Number          `json:"CET"`
	AmortizationScheduled               string          `json:"amortizationScheduled"`
	AmortizationScheduledAdditionalInfo string          `json:"amortizationScheduledAdditionalInfo"`
	CNPJConsignee                       string          `json:"cnpjConsignee,omitempty"`
	InterestRates                       []InterestRate  `json:"interestRates"`
	ContractedFees                      []ContractFee   `json:"contractedFees"`
	ContractedFinanceCharges            []FinanceCharge `json:"contractedFinanceCharges"`
}

// InterestRate is LoansContractInterestRate and its siblings.
type InterestRate struct {
	TaxType                              string `json:"taxType"`
	InterestRateType                     string `json:"interestRateType"`
	TaxPeriodicity                       string `json:"taxPeriodicity"`
	Calculation                          string `json:"calculation"`
	ReferentialRateIndexerType           string `json:"referentialRateIndexerType"`
	ReferentialRateIndexerSubType        string `json:"referentialRateIndexerSubType,omitempty"`
	ReferentialRateIndexerAdditionalInfo string `json:"referentialRateIndexerAdditionalInfo,omitempty"`
	PreFixedRate                         Number `json:"preFixedRate"`
	PostFixedRate                        Number `json:"postFixedRate"`
	AdditionalInfo                       string `json:"additionalInfo"`
}

// ContractFee is LoansContractedFee and its siblings.
type ContractFee struct {
	FeeName       string `json:"feeName"`
	FeeCode       string `json:"feeCode"`
	FeeChargeType string `json:"feeChargeType"`
	FeeCharge     string `json:"feeCharge"`
	FeeAmount     Number `json:"feeAmount"`
	FeeRate       Number `json:"feeRate"`
}

// FinanceCharge is LoansFinanceCharge and its siblings.
type FinanceCharge struct {
	ChargeType           string `json:"chargeType"`
	ChargeAdditionalInfo string `json:"chargeAdditionalInfo"`
	ChargeRate           Number `json:"chargeRate,omitempty"`
}

// Warranty is LoansWarranties and its siblings.
type Warranty struct {
	Currency        string `json:"currency"`
	WarrantyType    string `json:"warrantyType"`
	WarrantySubType string `json:"warrantySubType"`
	WarrantyAmount  Number `json:"warrantyAmount,omitempty"`
}

// Instalments is LoansInstalments and its siblings (GET /contracts/{contractId}/scheduled-instalments).
type Instalments struct {
	TypeNumberOfInstalments  string           `json:"typeNumberOfInstalments"`
	TotalNumberOfInstalments Number           `json:"totalNumberOfInstalments"`
	TypeContractRemaining    string           `json:"typeContractRemaining"`
	ContractRemainingNumber  Number           `json:"contractRemainingNumber"`
	PaidInstalments          Number           `json:"paidInstalments"`
	DueInstalments           Number           `json:"dueInstalments"`
	PastDueInstalments       Number           `json:"pastDueInstalments"`
	BalloonPayments          []BalloonPayment `json:"balloonPayments"`
}

// BalloonPayment is LoansBalloonPayment and its siblings.
type BalloonPayment struct {
	DueDate  string `json:"dueDate"`
	Currency string `json:"currency"`
	Amount   Number `json:"amount"`
}

// ContractPayments is LoansPayments and its siblings (GET /contracts/{contractId}/payments).
type ContractPayments struct {
	PaidInstalments            Number    `json:"paidInstalments"`
	ContractOutstandingBalance Number    `json:"contractOutstandingBalance"`
	Releases                   []Release `json:"releases"`
}

// Release is LoansReleases and its siblings.
type Release struct {
	PaymentID           string     `json:"paymentId,omitempty"`
	IsOverParcelPayment bool       `json:"isOverParcelPayment"`
	InstalmentID        string     `json:"instalmentId"`
	PaidDate            string     `json:"paidDate"`
	Currency            string     `json:"currency"`
	PaidAmount          Number     `json:"paidAmount"`
	OverParcel          OverParcel `json:"overParcel"`
}

// OverParcel is a release's fees and charges.
type OverParcel struct {
	Fees    []FeeOverParcel    `json:"fees"`
	Charges []ChargeOverParcel `json:"charges"`
}

// FeeOverParcel is LoansFeeOverParcel and its siblings.
type FeeOverParcel struct {
	FeeName   string `json:"feeName"`
	FeeCode   string `json:"feeCode"`
	FeeAmount Number `json:"feeAmount"`
}

// ChargeOverParcel is LoansChargeOverParcel and its siblings.
type ChargeOverParcel struct {
	ChargeType           string `json:"chargeType"`
	ChargeAdditionalInfo string `json:"chargeAdditionalInfo"`
	ChargeAmount         Number `json:"chargeAmount"`
}
