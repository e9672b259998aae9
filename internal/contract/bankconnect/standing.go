package bankconnect

// DirectDebit is a mandate letting a creditor collect from an account (débito automático).
type DirectDebit struct {
	AccountID               string  `json:"accountId"`
	DirectDebitID           string  `json:"directDebitId,omitempty"`
	MandateIdentification   string  `json:"mandateIdentification"`
	Name                    string  `json:"name"`
	DirectDebitStatusCode   string  `json:"directDebitStatusCode,omitempty"` // Active, Inactive
	PreviousPaymentDateTime string  `json:"previousPaymentDateTime,omitempty"`
	PreviousPaymentAmount   *Amount `json:"previousPaymentAmount,omitempty"`
}

// DirectDebitsResponse is the body of GET /direct-debits and GET /accounts/{accountId}/direct-debits.
type DirectDebitsResponse struct {
	Data []DirectDebit `json:"data"`
	Meta Meta          `json:"meta"`
}

// ScheduledPayment is a single future-dated payment.
type ScheduledPayment struct {
	AccountID                string         `json:"accountId"`
	ScheduledPaymentID       string         `json:"scheduledPaymentId,omitempty"`
	ScheduledPaymentDateTime string         `json:"scheduledPaymentDateTime,omitempty"`
	ScheduledType            string         `json:"scheduledType"` // Execution
	Reference                string         `json:"reference,omitempty"`
	InstructedAmount         Amount         `json:"instructedAmount"`
	CreditorAgent            *Agent         `json:"creditorAgent,omitempty"`
	CreditorAccount          *AccountNumber `json:"creditorAccount,omitempty"`
}

// ScheduledTypeExecution says the date is when the payment executes (UK ScheduledType Execution).
const ScheduledTypeExecution = "Execution"

// ScheduledPaymentsResponse is the body of GET /scheduled-payments and its per-account form.
type ScheduledPaymentsResponse struct {
	Data []ScheduledPayment `json:"data"`
	Meta Meta               `json:"meta"`
}

// StandingOrder is a recurring transfer.
type StandingOrder struct {
	AccountID               string         `json:"accountId"`
	StandingOrderID         string         `json:"standingOrderId,omitempty"`
	Frequency               string         `json:"frequency"`
	Reference               string         `json:"reference,omitempty"`
	FirstPaymentDateTime    string         `json:"firstPaymentDateTime,omitempty"`
	NextPaymentDateTime     string         `json:"nextPaymentDateTime,omitempty"`
	FinalPaymentDateTime    string         `json:"finalPaymentDateTime,omitempty"`
	StandingOrderStatusCode string         `json:"standingOrderStatusCode,omitempty"` // Active, Inactive
	FirstPaymentAmount      *Amount        `json:"firstPaymentAmount,omitempty"`
	NextPaymentAmount       *Amount        `json:"nextPaymentAmount,omitempty"`
	FinalPaymentAmount      *Amount        `json:"finalPaymentAmount,omitempty"`
	CreditorAgent           *Agent         `json:"creditorAgent,omitempty"`
	CreditorAccount         *AccountNumber `json:"creditorAccount,omitempty"`
}

// StandingOrdersResponse is the body of GET /standing-orders and its per-account form.
type StandingOrdersResponse struct {
	Data []StandingOrder `json:"data"`
	Meta Meta            `json:"meta"`
}

// Offer is a pre-approved credit or limit increase offered on an account.
type Offer struct {
	AccountID     string  `json:"accountId"`
	OfferID       string  `json:"offerid,omitempty"` // sic: the contract spells it offerid
	OfferType     string  `json:"offerType,omitempty"`
	Description   string  `json:"description,omitempty"`
	Amount        *Amount `json:"amount,omitempty"`
	Rate          string  `json:"rate,omitempty"`
	StartDateTime string  `json:"startDateTime,omitempty"`
	EndDateTime   string  `json:"endDateTime,omitempty"`
}

// OffersResponse is the body of GET /offers and GET /accounts/{accountId}/offers.
type OffersResponse struct {
	Data []Offer `json:"data"`
	Meta Meta    `json:"meta"`
}

// Beneficiary is a payee the customer saved (favorecido).
type Beneficiary struct {
	AccountID       string              `json:"accountId,omitempty"`
	BeneficiaryType string              `json:"beneficiaryType"` // Trusted
	BeneficiaryID   string              `json:"beneficiaryId,omitempty"`
	Reference       string              `json:"reference,omitempty"`
	CreditorAccount *BeneficiaryAccount `json:"creditorAccount,omitempty"`
	Servicer        *Servicer           `json:"servicer,omitempty"`
}

// BeneficiaryTypeTrusted marks a payee the customer saved.
const BeneficiaryTypeTrusted = "Trusted"

// BeneficiaryAccount is a beneficiary's account, by account number or PIX key.
type BeneficiaryAccount struct {
	SchemeName     string `json:"schemeName"`
	Identification string `json:"identification"`
	Name           string `json:"name,omitempty"`
}

// Servicer is the institution holding a beneficiary's account.
type Servicer struct {
	SchemeName     string `json:"schemeName,omitempty"`
	Identification string `json:"identification,omitempty"`
}

// BeneficiariesResponse is the body of GET /beneficiaries, its per-account form and
// GET /customer/beneficiaries.
type BeneficiariesResponse struct {
	Data []Beneficiary `json:"data"`
	Meta Meta          `json:"meta"`
}

// Product is one product the bank sells. The contract's Product has one open object per family;
// the bank fills the family the product belongs to with a ProductInfo.
type Product struct {
	CreditCards *ProductInfo `json:"CreditCards,omitempty"`
	Loans       *ProductInfo `json:"Loans,omitempty"`
	CASA        *ProductInfo `json:"CASA,omitempty"` // current and savings accounts
	Investment  *ProductInfo `json:"Investment,omitempty"`
}

// ProductInfo names a product.
type ProductInfo struct {
	ProductID   string `json:"productId"`
	ProductName string `json:"productName"`
	ProductType string `json:"productType"`
}

// ProductsResponse is the body of GET /products.
type ProductsResponse struct {
	Data []Product `json:"data"`
	Meta Meta      `json:"meta"`
}
