package bankconnect

import (
	"encoding/json"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// The PIS operations of tecban/openapi/obie-api-spec-pis.yaml ("Ozone Bank Connect - PIS APIs",
// version 2.2 release 35.1), which the platform calls on the bank at steps 2004 and 6013 of
// tecban/images/pis-detailed.png. The contract writes the path parameter as :paymentId; the paths
// below are the ones served.
const (
	PathValidatePaymentConsent = "/payments-consent/action/validate"
	PathPayments               = "/payments"
	PathPayment                = "/payments/{paymentId}"
	PathPaymentDetails         = "/payments/{paymentId}/details"
)

// PaymentConsentValidateRequest is the body of POST /payments-consent/action/validate: the whole
// consent as the consent manager would store it (oneOf ConsentGetResponse, the same schema as the
// consent manager's).
type PaymentConsentValidateRequest = consentmgr.ConsentGetResponse

// PaymentConsentValidateResponse is the 200 body of the validation.
type PaymentConsentValidateResponse struct {
	Data PaymentConsentValidateData `json:"data"`
	Meta *Meta                      `json:"meta,omitempty"`
}

// PaymentConsentValidateData is the bank's verdict: status valid or invalid, and for invalid a code and
// a description the platform passes on to the TPP.
type PaymentConsentValidateData struct {
	Status      string `json:"status"`
	Code        string `json:"code,omitempty"`
	Description string `json:"description,omitempty"`
}

// ValidateResponseStatusEnum values.
const (
	ValidateValid   = "valid"
	ValidateInvalid = "invalid"
)

// PaymentRequest is the body of POST /payments: the TPP's payment body as received (request), its
// headers (requestHeaders, where the x-idempotency-key travels), the payment type that tells which
// standard request follows, and the TPP. The contract closes it (additionalProperties: false).
type PaymentRequest struct {
	RequestURL     string          `json:"requestUrl,omitempty"`
	PaymentType    string          `json:"paymentType"`
	Request        json.RawMessage `json:"request"`
	RequestHeaders json.RawMessage `json:"requestHeaders"`
	TPP            consentmgr.TPP  `json:"tpp"`
}

// Payment types the bank accepts in PaymentRequest.PaymentType. The contract leaves the set to each
// platform instance: the OBB phase-3 PIX payment, and the UK OBIE domestic payment the platform's
// walkthrough (pis-detailed.png, POST /domestic-payment-consents) uses, by either of its names.
const (
	PaymentTypePIX             = "pix-payments"
	PaymentTypeDomestic        = "domestic-payment-consents"
	PaymentTypeDomesticPayment = "domestic-payments"
)

// PaymentResponse is the 201 body of POST /payments and the 200 body of GET /payments/{paymentId}.
type PaymentResponse struct {
	Data GenericPaymentResponse `json:"data"`
	Meta Meta                   `json:"meta"`
}

// GenericPaymentResponse describes a payment (closed: additionalProperties false). Times are RFC 3339.
type GenericPaymentResponse struct {
	ID                   string `json:"id"`
	Status               string `json:"status"`
	CreationDateTime     string `json:"creationDateTime"`
	StatusUpdateDateTime string `json:"statusUpdateDateTime"`
}

// PaymentDetailsResponse is the 200 body of GET /payments/{paymentId}/details.
type PaymentDetailsResponse struct {
	Data []PaymentDetails `json:"data"`
	Meta Meta             `json:"meta"`
}

// PaymentDetails is a payment's current status and its history, one PaymentStatusDetails per step.
type PaymentDetails struct {
	ID                   string                 `json:"id"`
	Status               string                 `json:"status"`
	StatusUpdateDateTime string                 `json:"statusUpdateDateTime"`
	StatusDetails        []PaymentStatusDetails `json:"statusDetails,omitempty"`
}

// PaymentStatusDetails is one step of a payment's lifecycle. The member names are the contract's,
// misspellings included (localInstrament, statusReasonDescriptio): the schema is closed, so the
// correct spellings would not validate.
type PaymentStatusDetails struct {
	LocalInstrament        string `json:"localInstrament,omitempty"`
	Status                 string `json:"status"`
	StatusReason           string `json:"statusReason,omitempty"`
	StatusReasonDescriptio string `json:"statusReasonDescriptio,omitempty"`
}

// PaymentStatusEnum values.
const (
	StatusPending                           = "Pending"
	StatusRejected                          = "Rejected"
	StatusAcceptedSettlementInProcess       = "AcceptedSettlementInProcess"
	StatusAcceptedSettlementCompleted       = "AcceptedSettlementCompleted"
	StatusAcceptedWithoutPosting            = "AcceptedWithoutPosting"
	StatusAcceptedCreditSettlementCompleted = "AcceptedCreditSettlementCompleted"
)
