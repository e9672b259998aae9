package bankconnect

import "encoding/json"

// The bodies of a UK OBIE domestic payment (Payment Initiation API v3.1, OBWriteDomesticConsent4 and
// OBWriteDomestic2), the walkthrough the platform's payment sequence diagram shows
// (POST /domestic-payment-consents, POST /domestic-payments). A Brazilian bank reads them with
// Brazilian schemes: CreditorAccount.SchemeName BR.PIX (Identification is the PIX key) or
// BR.ISPB.BRANCH.ACCOUNT (Identification is ISPB-BRANCH-NUMBER-CHECKDIGIT), amounts in BRL.

// SchemeBRISPBAccount identifies a Brazilian account for a payment as ISPB-BRANCH-NUMBER-CHECKDIGIT,
// for example "40140140-0001-12345678-9": the ISPB, not the COMPE code, is what PIX routes on.
const SchemeBRISPBAccount = "BR.ISPB.BRANCH.ACCOUNT"

// DomesticPaymentConsent is OBWriteDomesticConsent4, the TPP's POST /domestic-payment-consents body.
type DomesticPaymentConsent struct {
	Data DomesticConsentData `json:"Data"`
	Risk json.RawMessage     `json:"Risk,omitempty"`
}

// DomesticConsentData is OBWriteDomesticConsent4.Data.
type DomesticConsentData struct {
	Initiation *DomesticInitiation `json:"Initiation"`
	// RequestedExecutionDateTime is set by future-dated consents.
	RequestedExecutionDateTime string `json:"RequestedExecutionDateTime,omitempty"`
}

// DomesticPayment is OBWriteDomestic2, the TPP's POST /domestic-payments body.
type DomesticPayment struct {
	Data DomesticPaymentData `json:"Data"`
	Risk json.RawMessage     `json:"Risk,omitempty"`
}

// DomesticPaymentData is OBWriteDomestic2.Data.
type DomesticPaymentData struct {
	ConsentID  string              `json:"ConsentId"`
	Initiation *DomesticInitiation `json:"Initiation"`
}

// DomesticInitiation is OBDomestic2: what to pay, to whom.
type DomesticInitiation struct {
	InstructionIdentification string              `json:"InstructionIdentification"`
	EndToEndIdentification    string              `json:"EndToEndIdentification"`
	LocalInstrument           string              `json:"LocalInstrument,omitempty"`
	InstructedAmount          *DomesticAmount     `json:"InstructedAmount"`
	DebtorAccount             *DomesticAccount    `json:"DebtorAccount,omitempty"`
	CreditorAccount           *DomesticAccount    `json:"CreditorAccount"`
	RemittanceInformation     *DomesticRemittance `json:"RemittanceInformation,omitempty"`
}

// DomesticAmount is OBActiveOrHistoricCurrencyAndAmount.
type DomesticAmount struct {
	Amount   DecimalAmount `json:"Amount"`
	Currency string        `json:"Currency"`
}

// DomesticAccount is OBCashAccountCreditor3 / OBCashAccountDebtor4.
type DomesticAccount struct {
	SchemeName              string `json:"SchemeName"`
	Identification          string `json:"Identification"`
	Name                    string `json:"Name,omitempty"`
	SecondaryIdentification string `json:"SecondaryIdentification,omitempty"`
}

// DomesticRemittance is OBRemittanceInformation1.
type DomesticRemittance struct {
	Unstructured string `json:"Unstructured,omitempty"`
	Reference    string `json:"Reference,omitempty"`
}
