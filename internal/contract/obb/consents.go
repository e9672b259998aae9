package obb

// Consent statuses of the data-sharing consents API (ResponseConsent.data.status).
const (
	ConsentAuthorised            = "AUTHORISED"
	ConsentAwaitingAuthorisation = "AWAITING_AUTHORISATION"
	ConsentRejected              = "REJECTED"
)

// CreateConsent is the body of POST /open-banking/consents/v1/consents.
type CreateConsent struct {
	Data *CreateConsentData `json:"data"`
}

// CreateConsentData is CreateConsent.data. Times are kept as the TPP wrote them so the gateway can
// check their form (RFC 3339 UTC, at most 20 characters) before parsing.
type CreateConsentData struct {
	LoggedUser              *Document `json:"loggedUser"`
	BusinessEntity          *Document `json:"businessEntity,omitempty"`
	Permissions             []string  `json:"permissions"`
	ExpirationDateTime      string    `json:"expirationDateTime,omitempty"`
	TransactionFromDateTime string    `json:"transactionFromDateTime,omitempty"`
	TransactionToDateTime   string    `json:"transactionToDateTime,omitempty"`
}

// Document is LoggedUser / BusinessEntity: an object holding the document.
type Document struct {
	Document *DocumentID `json:"document"`
}

// DocumentID is a CPF (rel "CPF", 11 digits) or CNPJ (rel "CNPJ", 14 digits).
type DocumentID struct {
	Identification string `json:"identification"`
	Rel            string `json:"rel"`
}

// ConsentData is ResponseConsent.data.
type ConsentData struct {
	ConsentID               string   `json:"consentId"`
	CreationDateTime        string   `json:"creationDateTime"`
	Status                  string   `json:"status"`
	StatusUpdateDateTime    string   `json:"statusUpdateDateTime"`
	Permissions             []string `json:"permissions"`
	ExpirationDateTime      string   `json:"expirationDateTime,omitempty"`
	TransactionFromDateTime string   `json:"transactionFromDateTime,omitempty"`
	TransactionToDateTime   string   `json:"transactionToDateTime,omitempty"`
}

// Resource statuses and types (ResponseResourceList).
const (
	ResourceAvailable            = "AVAILABLE"
	ResourceUnavailable          = "UNAVAILABLE"
	ResourcePendingAuthorisation = "PENDING_AUTHORISATION"

	ResourceAccount             = "ACCOUNT"
	ResourceCreditCardAccount   = "CREDIT_CARD_ACCOUNT"
	ResourceLoan                = "LOAN"
	ResourceFinancing           = "FINANCING"
	ResourceUnarrangedOverdraft = "UNARRANGED_ACCOUNT_OVERDRAFT"
	ResourceInvoiceFinancing    = "INVOICE_FINANCING"
)

// Resource is one item of GET /open-banking/resources/v1/resources.
type Resource struct {
	ResourceID string `json:"resourceId,omitempty"`
	Type       string `json:"type"`
	Status     string `json:"status"`
}
