package obb

// Payment consent statuses (ResponsePaymentConsentData.status).
const (
	PaymentConsentAwaitingAuthorisation = "AWAITING_AUTHORISATION"
	PaymentConsentAuthorised            = "AUTHORISED"
	PaymentConsentRejected              = "REJECTED"
	PaymentConsentConsumed              = "CONSUMED"
)

// PIX payment statuses (ResponsePixPaymentData.status).
const (
	PaymentPending    = "PDNG"
	PaymentPartial    = "PART"
	PaymentAcceptedSP = "ACSP"
	PaymentAcceptedSC = "ACSC"
	PaymentCompleted  = "ACCC"
	PaymentRejected   = "RJCT"
)

// CreatePaymentConsent is the body of POST /open-banking/payments/v1/consents.
type CreatePaymentConsent struct {
	Data *CreatePaymentConsentData `json:"data"`
}

// CreatePaymentConsentData is CreatePaymentConsentData.
type CreatePaymentConsentData struct {
	Creditor      *Identification `json:"creditor"`
	Payment       *PaymentConsent `json:"payment"`
	DebtorAccount *PaymentAccount `json:"debtorAccount,omitempty"`
}

// Identification is the creditor (Identification).
type Identification struct {
	PersonType string `json:"personType"`
	CPFCNPJ    string `json:"cpfCnpj"`
	Name       string `json:"name"`
}

// PaymentConsent is what a payment consent authorises (PaymentConsent).
type PaymentConsent struct {
	Type     string `json:"type"`
	DateTime string `json:"dateTime"`
	Currency string `json:"currency"`
	Amount   Number `json:"amount"`
}

// PaymentAccount is CreditorAccount / DebtorAccount.
type PaymentAccount struct {
	ISPB        string `json:"ispb"`
	BranchCode  string `json:"branchCode,omitempty"`
	Number      string `json:"number"`
	CheckDigit  string `json:"checkDigit"`
	AccountType string `json:"accountType"`
}

// PaymentConsentData is ResponsePaymentConsentData.
type PaymentConsentData struct {
	ConsentID            string          `json:"consentId"`
	CreationDateTime     string          `json:"creationDateTime"`
	StatusUpdateDateTime string          `json:"statusUpdateDateTime"`
	Status               string          `json:"status"`
	Creditor             *Identification `json:"creditor"`
	Payment              *PaymentConsent `json:"payment"`
	DebtorAccount        *PaymentAccount `json:"debtorAccount,omitempty"`
}

// ResponsePaymentConsent is the 201/200 body of the payment consent operations: data only.
type ResponsePaymentConsent struct {
	Data PaymentConsentData `json:"data"`
}

// CreatePixPayment is the body of POST /open-banking/payments/v1/pix/payments.
type CreatePixPayment struct {
	Data *CreatePixPaymentData `json:"data"`
}

// CreatePixPaymentData is CreatePixPaymentData.
type CreatePixPaymentData struct {
	Payment               *PaymentPix     `json:"payment"`
	CreditorAccount       *PaymentAccount `json:"creditorAccount"`
	RemittanceInformation string          `json:"remittanceInformation,omitempty"`
	QRCode                string          `json:"qrCode,omitempty"`
	PixKey                string          `json:"pixKey,omitempty"`
}

// PaymentPix is an amount and its currency (PaymentPix).
type PaymentPix struct {
	Amount   Number `json:"amount"`
	Currency string `json:"currency"`
}

// PixPaymentData is ResponsePixPaymentData.
type PixPaymentData struct {
	PaymentID             string          `json:"paymentId"`
	EndToEndID            string          `json:"endToEndId,omitempty"`
	ConsentID             string          `json:"consentId"`
	CreationDateTime      string          `json:"creationDateTime"`
	StatusUpdateDateTime  string          `json:"statusUpdateDateTime"`
	PixKey                string          `json:"pixKey,omitempty"`
	Status                string          `json:"status"`
	RejectionReason       string          `json:"rejectionReason,omitempty"`
	Payment               PaymentPix      `json:"payment"`
	RemittanceInformation string          `json:"remittanceInformation,omitempty"`
	CreditorAccount       *PaymentAccount `json:"creditorAccount,omitempty"`
}

// ResponsePixPayment is the 201/200 body of the PIX payment operations: data only.
type ResponsePixPayment struct {
	Data PixPaymentData `json:"data"`
}
