package journey

import (
	"context"

	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
)

// Authorizer is the platform's headless authorization API (tecban/openapi/headless-heimdall-spec.yaml).
// *tecbanclient.Headless implements it. Errors carry core codes: EUNAVAILABLE when the platform cannot
// be reached or fails, ENOTFOUND when the interaction is no longer open.
type Authorizer interface {
	// Auth forwards the TPP's query string to GET /auth (steps 3002–3004).
	Auth(ctx context.Context, rawQuery string) (tecbanclient.AuthResult, error)
	// DoConfirm ends the interaction with success (step 4005) and returns the browser's next Location.
	DoConfirm(ctx context.Context, interactionID string, c heimdall.Confirm) (string, error)
	// DoFail ends the interaction with an OAuth error and returns the browser's next Location.
	DoFail(ctx context.Context, interactionID string, f heimdall.Fail) (string, error)
}

// ConsentManager is the part of the platform's Consent Manager API (consent-manager-spec.yaml) the
// journey uses. Errors carry core codes: ENOTFOUND for an unknown consent, EINVALID or ECONFLICT for a
// refused change, EUNAVAILABLE when the platform cannot be reached or fails.
type ConsentManager interface {
	// ReadConsent is GET /consents/{consentId} (step 3005). consentID is either of the consent's ids:
	// the URN of consentBody.Data.ConsentId (the openbanking_intent_id) or the manager's own id.
	ReadConsent(ctx context.Context, consentID string) (consentmgr.ConsentGetResponse, error)
	// PatchConsent is PATCH /consents/{consentId} (step 4003).
	PatchConsent(ctx context.Context, consentID string, p consentmgr.ConsentPatchRequest) error
	// ConsentsOfPSU is GET /psu/{userId}/consents.
	ConsentsOfPSU(ctx context.Context, userID string) ([]consentmgr.ConsentGetResponse, error)
}

var (
	_ Authorizer     = (*tecbanclient.Headless)(nil)
	_ ConsentManager = (*tecbanclient.ConsentManager)(nil)
)
