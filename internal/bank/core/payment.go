package core

import "time"

// PaymentStatus is the Bank Connect PIS payment status (obie-api-spec-pis.yaml), which the platform maps
// to the OBB enum (PDNG, ACSP, ACSC, ACCC, RJCT).
type PaymentStatus string

// Payment statuses and their lifecycle: Pending → AcceptedSettlementInProcess →
// AcceptedSettlementCompleted (debtor side done) or AcceptedCreditSettlementCompleted (creditor
// credited, for internal transfers); or Rejected with a reason at any point before completion.
const (
	PaymentPending                           PaymentStatus = "Pending"
	PaymentAcceptedSettlementInProcess       PaymentStatus = "AcceptedSettlementInProcess"
	PaymentAcceptedSettlementCompleted       PaymentStatus = "AcceptedSettlementCompleted"
	PaymentAcceptedCreditSettlementCompleted PaymentStatus = "AcceptedCreditSettlementCompleted"
	PaymentRejected                          PaymentStatus = "Rejected"
)

// Rejection reasons, from the ISO 20022 / OBB payment rejection codes.
const (
	ReasonInsufficientFunds = "AM04" // saldo insuficiente
	ReasonLimitExceeded     = "AM02" // valor acima do limite
	ReasonInvalidCreditor   = "AC03" // conta do recebedor inválida
	ReasonClosedAccount     = "AC04" // conta encerrada
	ReasonBlockedAccount    = "AC06" // conta bloqueada
	ReasonConsentMismatch   = "AM09" // valor ou dados diferentes do consentimento
)

// PaymentType tells which standard's body a payment carries.
type PaymentType string

// Payment types carried by the Bank Connect paymentType + request envelope.
const (
	PaymentPIX      PaymentType = "pix-payments"              // Open Banking Brasil phase 3
	PaymentDomestic PaymentType = "domestic-payment-consents" // UK OBIE style, the platform's walkthrough
)

// LocalInstrument is how the creditor was identified for a PIX payment.
type LocalInstrument string

// PIX local instruments (OBB phase 3).
const (
	MANU LocalInstrument = "MANU" // manual entry of the creditor's account
	DICT LocalInstrument = "DICT" // a PIX key resolved in the DICT directory
	INIC LocalInstrument = "INIC" // initiated by the receiver (PIX key, key type from DICT)
	QRDN LocalInstrument = "QRDN" // dynamic QR code
	QRES LocalInstrument = "QRES" // static QR code
)

// PixKeyType classifies a PIX key.
type PixKeyType string

// PIX key types.
const (
	KeyCPF   PixKeyType = "CPF"
	KeyCNPJ  PixKeyType = "CNPJ"
	KeyPhone PixKeyType = "PHONE"
	KeyEmail PixKeyType = "EMAIL"
	KeyEVP   PixKeyType = "EVP" // random key, a UUID
)

// Creditor is who receives a payment.
type Creditor struct {
	Name        string
	TaxID       string // CPF or CNPJ
	PersonType  string // PESSOA_NATURAL or PESSOA_JURIDICA
	PixKey      string
	ISPB        string // 8 digits, the creditor institution's ISPB
	Issuer      string // branch, 4 digits
	Number      string // account number with check digit
	AccountType string // CACC, SLRY, SVGS, TRAN
}

// PaymentOrder is what the platform asks the bank to execute, after decoding the Bank Connect envelope.
type PaymentOrder struct {
	Type            PaymentType
	ConsentID       string
	IdempotencyKey  string // the TPP's x-idempotency-key; empty when not sent
	UserID          string // from o3-psu-identifier
	DebtorAccountID string // the consent's accountIds[0]
	Amount          Money
	Currency        string
	Creditor        Creditor
	LocalInstrument LocalInstrument
	Date            time.Time // the payment date the consent allows (zero: today)
	RemittanceInfo  string
	EndToEndID      string
	TPPClientID     string
	Request         []byte // the TPP's request body as received, kept for details and audit
}

// Payment is an executed (or rejected) payment order.
type Payment struct {
	ID                string
	Order             PaymentOrder
	Status            PaymentStatus
	RejectionReason   string // set when Status is Rejected
	RejectionDetail   string
	JournalID         string // the ledger journal that moved the money; empty when rejected
	Internal          bool   // the creditor account is held at this bank
	CreditorAccountID string // set when Internal
	CreatedAt         time.Time
	UpdatedAt         time.Time
	History           []PaymentStatusChange
}

// PaymentStatusChange is one step of a payment's lifecycle.
type PaymentStatusChange struct {
	Status PaymentStatus
	Reason string
	At     time.Time
}
