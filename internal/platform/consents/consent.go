package consents

import (
	"encoding/json"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// Consent is one consent as the consent manager holds it. The TPP's request, its headers and the
// open parts of the consent body are kept verbatim as the contract requires ("the entire content
// payload … is stored"); the members the consent manager computes or the bank patches are fields.
type Consent struct {
	// ID is the consent manager's uuid v4; ConsentID the URN TPPs and the PSU see.
	ID        string
	ConsentID string
	Type      consentmgr.ConsentType
	Status    Status

	RequestURL     string
	Request        json.RawMessage
	RequestHeaders json.RawMessage
	TPP            consentmgr.TPP

	// PSU is nil until the bank patches it in (at the latest when it authorises the consent).
	PSU        *consentmgr.PSUIdentifiers
	AccountIDs []string

	// Data holds the members of consentBody.Data other than the computed ones (Permissions,
	// Initiation …); BodyExtra the members of consentBody other than Data (Risk, Links, Meta …).
	Data      map[string]json.RawMessage
	BodyExtra map[string]json.RawMessage

	// Supplementary is the merge of every PATCH's supplementaryInformation.
	Supplementary map[string]json.RawMessage

	CreatedAt       time.Time
	StatusUpdatedAt time.Time
	// ExpiresAt is consentBody.Data.ExpirationDateTime; zero when the consent does not expire.
	ExpiresAt time.Time

	// History lists every change, oldest first, starting with the creation.
	History []Change
	// Version counts the changes; a Patch with ExpectVersion set applies only to that version.
	Version int64
}

// Expired reports whether the consent has an expiry and it has passed at now.
func (c Consent) Expired(now time.Time) bool {
	return !c.ExpiresAt.IsZero() && !now.Before(c.ExpiresAt)
}

// Usable reports whether the consent may be acted on at now: Authorised and not expired.
func (c Consent) Usable(now time.Time) bool {
	return c.Status == consentmgr.StatusAuthorised && !c.Expired(now)
}

// Change is one entry of a consent's history.
type Change struct {
	At time.Time
	// By names who made the change (see CertificateCaller).
	By string
	// From is the status before (empty for the creation), To after; equal when the status did not change.
	From, To Status
	// Changed lists the members set, with the contract's names ("psuIdentifiers", "accountIds",
	// "consentBody.Data.Status", "supplementaryInformation").
	Changed []string
	// Supplementary is the supplementaryInformation the change carried.
	Supplementary map[string]json.RawMessage
}

// Callers the consent manager names in history entries of its own.
const (
	// ByExpiry marks the change that ends an expired consent.
	ByExpiry = "consent-manager:expiry"
)

// NewConsent is what a TPP lodges (POST /consents, or the gateway in-process).
type NewConsent struct {
	RequestURL     string
	Type           consentmgr.ConsentType
	Request        json.RawMessage
	RequestHeaders json.RawMessage
	TPP            consentmgr.TPP
	PSU            *consentmgr.PSUIdentifiers
	AccountIDs     []string
	// Body is the consent body to store; nil builds it from Request (its Data and other members).
	// Data.ConsentId may name the TPP-facing id (a URN); the consent manager makes one otherwise.
	// Data.Status, CreationDateTime and StatusUpdateDateTime are always computed.
	Body *consentmgr.ConsentBody
	// By names the creator for the history (see CertificateCaller).
	By string
}

// Patch is a change to a consent (PATCH /consents/{consentId}); nil members are left alone (an empty,
// non-nil AccountIDs is refused, as the contract's minItems: 1 says).
type Patch struct {
	PSU           *consentmgr.PSUIdentifiers
	AccountIDs    []string
	Status        Status
	Supplementary map[string]json.RawMessage
	// By names who patches, for the history (see CertificateCaller).
	By string
	// ExpectVersion, when not zero, makes the patch apply only if the consent is still at that
	// version (ECONFLICT otherwise): optimistic locking for callers that decided on a read.
	ExpectVersion int64
}
