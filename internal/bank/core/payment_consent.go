package core

import (
	"context"
	"time"
)

// ConsentStatus is a consent's status in the platform's consent manager (consent-manager-spec.yaml,
// ConsentStatusEnum).
type ConsentStatus string

// Consent statuses.
const (
	ConsentAwaitingAuthorisation ConsentStatus = "AwaitingAuthorisation"
	ConsentAuthorised            ConsentStatus = "Authorised"
	ConsentConsumed              ConsentStatus = "Consumed"
	ConsentRejected              ConsentStatus = "Rejected"
	ConsentRevoked               ConsentStatus = "Revoked"
)

// PaymentTerms is what a payment consent authorises, or what a payment order asks: how much, to whom,
// how the creditor was identified and when. Adapters fill it from the TPP's body (OBB PIX or UK
// domestic payment); fields the body does not carry stay zero.
type PaymentTerms struct {
	Amount          Money
	Currency        string
	Creditor        Creditor
	LocalInstrument LocalInstrument // empty for bodies that carry none (UK domestic payments)
	QRCode          string
	// Date is the payment date (a calendar day; the time of day is ignored). Zero means the body gives
	// no date, which is today.
	Date           time.Time
	RemittanceInfo string
	EndToEndID     string
	// Debtor is the debtor account the TPP named, when it named one (OBB debtorAccount, UK
	// DebtorAccount); the customer's choice at authorisation (accountIds[0]) is what pays.
	Debtor *AccountRef
}

// AccountRef identifies an account by the numbers the payment system uses.
type AccountRef struct {
	ISPB        string
	Branch      string
	Number      string // without the check digit
	CheckDigit  string
	AccountType string // CACC, SLRY, SVGS, TRAN
}

// PaymentConsent is a payment consent as the consent manager holds it (step 6003/6004), reduced to what
// the bank decides on.
type PaymentConsent struct {
	ID          string // the consent manager's id, sent as o3-consent-id
	Type        PaymentType
	Status      ConsentStatus
	UserID      string   // psuIdentifiers.userId, set once authorised
	AccountIDs  []string // accountIds, set once authorised; for payments, exactly the debtor account
	TPPClientID string
	Terms       PaymentTerms
	CreatedAt   time.Time
}

// ConsentReader reads payment consents from the platform's consent manager (GET /consents/{consentId},
// consent-manager-spec.yaml). It returns ENOTFOUND for an unknown consent, EINVALID for one whose body
// is not a payment the bank understands, and EUNAVAILABLE when the platform cannot be reached.
type ConsentReader interface {
	PaymentConsent(ctx context.Context, id string) (PaymentConsent, error)
}

// AccountFinder finds a customer account by the numbers that identify it in the payment system, for
// payments whose debtor or creditor is named by branch and number rather than by id.
type AccountFinder interface {
	// AccountByNumber returns the account with the branch, number and check digit given; leading
	// zeros of the number are not significant. ENOTFOUND when no account has them.
	AccountByNumber(ctx context.Context, branch, number, checkDigit string) (Account, error)
}

// PaymentLookup finds the payment an earlier order created, so a retry is answered without asking the
// platform again.
type PaymentLookup interface {
	// PaymentByOrder returns the payment created for consentID, or else for the non-empty
	// idempotencyKey; ENOTFOUND when there is none.
	PaymentByOrder(ctx context.Context, consentID, idempotencyKey string) (Payment, error)
}
