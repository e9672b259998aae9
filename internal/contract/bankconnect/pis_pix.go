package bankconnect

import (
	"bytes"
	"encoding/json"
	"errors"
)

// The bodies an Open Banking Brasil phase-3 PIX payment carries through the platform
// (tecban/openapi/fase3/swagger_payments_apis.yaml, Pagamentos 1.0.0-rc1.0): the payment consent the
// TPP creates (the consent's request) and the payment it then initiates (PaymentRequest.request). The
// types also read the members Pagamentos v1.0 final added — payment.date, payment.schedule,
// payment.details (localInstrument, proxy, qrCode, creditorAccount) in the consent, localInstrument,
// proxy and endToEndId in the payment — so a TPP on either version is understood.

// PixPaymentConsent is CreatePaymentConsent, the TPP's POST /consents body.
type PixPaymentConsent struct {
	Data PixPaymentConsentData `json:"data"`
}

// PixPaymentConsentData is CreatePaymentConsentData.
type PixPaymentConsentData struct {
	Creditor      *PixIdentification `json:"creditor"`
	Payment       *PixConsentPayment `json:"payment"`
	DebtorAccount *PixAccount        `json:"debtorAccount,omitempty"`
}

// PixIdentification is the creditor's identification (Identification).
type PixIdentification struct {
	PersonType string `json:"personType"` // PESSOA_NATURAL, PESSOA_JURIDICA
	CPFCNPJ    string `json:"cpfCnpj"`
	Name       string `json:"name"`
}

// PixConsentPayment is PaymentConsent: what the consent authorises.
type PixConsentPayment struct {
	Type     string        `json:"type"`               // PIX
	DateTime string        `json:"dateTime,omitempty"` // rc1: RFC 3339 UTC date-time of the payment
	Date     string        `json:"date,omitempty"`     // v1: the payment day, YYYY-MM-DD
	Schedule *PixSchedule  `json:"schedule,omitempty"` // v1: a single payment on a later day
	Currency string        `json:"currency"`
	Amount   DecimalAmount `json:"amount"`
	Details  *PixDetails   `json:"details,omitempty"` // v1
}

// PixSchedule is v1's payment.schedule.
type PixSchedule struct {
	Single *struct {
		Date string `json:"date"`
	} `json:"single,omitempty"`
}

// PixDetails is v1's payment.details: how the creditor is identified.
type PixDetails struct {
	LocalInstrument string      `json:"localInstrument"`
	QRCode          string      `json:"qrCode,omitempty"`
	Proxy           string      `json:"proxy,omitempty"`
	CreditorAccount *PixAccount `json:"creditorAccount,omitempty"`
}

// PixAccount is CreditorAccount / DebtorAccount.
type PixAccount struct {
	ISPB        string `json:"ispb"`
	BranchCode  string `json:"branchCode,omitempty"` // issuer in v1
	Issuer      string `json:"issuer,omitempty"`
	Number      string `json:"number"`
	CheckDigit  string `json:"checkDigit,omitempty"` // rc1; v1 writes the digit at the end of number
	AccountType string `json:"accountType"`          // CACC, SLRY, SVGS, TRAN
}

// PixPayment is CreatePixPayment, the TPP's POST /pix/payments body.
type PixPayment struct {
	Data PixPaymentData `json:"data"`
}

// PixPaymentData is CreatePixPaymentData.
type PixPaymentData struct {
	Payment               *PixAmount  `json:"payment"`
	CreditorAccount       *PixAccount `json:"creditorAccount"`
	RemittanceInformation string      `json:"remittanceInformation,omitempty"`
	QRCode                string      `json:"qrCode,omitempty"`
	PixKey                string      `json:"pixKey,omitempty"` // rc1
	Proxy                 string      `json:"proxy,omitempty"`  // v1
	LocalInstrument       string      `json:"localInstrument,omitempty"`
	EndToEndID            string      `json:"endToEndId,omitempty"`
	CNPJInitiator         string      `json:"cnpjInitiator,omitempty"`
}

// PixAmount is PaymentPix: amount and currency.
type PixAmount struct {
	Amount   DecimalAmount `json:"amount"`
	Currency string        `json:"currency"`
}

// DecimalAmount is an amount as the TPP wrote it. OBB declares amounts as JSON numbers with the
// pattern ^\d{1,16}\.\d{2}$ and its examples write strings; both are read here as their exact text,
// never through a float, and the bank parses the text as a decimal with two places.
type DecimalAmount string

// UnmarshalJSON keeps the literal text of a JSON number, or the contents of a JSON string.
func (d *DecimalAmount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*d = DecimalAmount(s)
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		if !json.Valid(b) {
			return errors.New("amount is not a valid JSON number")
		}
		*d = DecimalAmount(b)
	case string(b) == "null":
		*d = ""
	default:
		return errors.New("amount must be a decimal number or string")
	}
	return nil
}
