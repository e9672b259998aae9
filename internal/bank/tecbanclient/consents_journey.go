package tecbanclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// The customer journey's calls to the consent manager: reading the consent being authorised by the
// id the interaction names (step 3005), patching it (step 4003: authorise, reject, revoke) and listing
// a customer's consents for the "Open Banking" area.

// ReadConsent returns the consent named by either of its ids: the URN of consentBody.Data.ConsentId
// (the openbanking_intent_id of the interaction) or the consent manager's own id.
func (c *ConsentManager) ReadConsent(ctx context.Context, id string) (consentmgr.ConsentGetResponse, error) {
	var out consentmgr.ConsentGetResponse
	if id == "" {
		return out, core.Errorf(core.EINVALID, "a consent id is required")
	}
	body, status, err := c.do(ctx, http.MethodGet, "/consents/"+url.PathEscape(id), nil)
	if err != nil {
		return out, err
	}
	if status != http.StatusOK {
		return out, statusError(status, body, id)
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return out, core.Errorf(core.EUNAVAILABLE, "the consent manager's answer for consent %s is not a consent: %v", id, err)
	}
	if out.ID != id && (out.ConsentBody == nil || out.ConsentBody.Data.ConsentID != id) {
		return out, core.Errorf(core.EUNAVAILABLE, "the consent manager answered with another consent for %q", id)
	}
	return out, nil
}

// PatchConsent applies p to the consent (PATCH /consents/{consentId}). A change the consent manager
// refuses (a transition its lifecycle forbids, an expired consent) is ECONFLICT; an unknown consent
// ENOTFOUND.
func (c *ConsentManager) PatchConsent(ctx context.Context, id string, p consentmgr.ConsentPatchRequest) error {
	if id == "" {
		return core.Errorf(core.EINVALID, "a consent id is required")
	}
	b, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("consent manager: patch %s: %w", id, err)
	}
	body, status, err := c.do(ctx, http.MethodPatch, "/consents/"+url.PathEscape(id), b)
	if err != nil {
		return err
	}
	switch {
	case status == http.StatusNoContent || status == http.StatusOK:
		return nil
	case status == http.StatusBadRequest:
		var e consentmgr.Error
		_ = json.Unmarshal(body, &e)
		switch e.ErrorCode {
		case consentmgr.CodeConsentNotFound:
			return core.Errorf(core.ENOTFOUND, "consent %s not found", id)
		case consentmgr.CodeInvalidTransition, consentmgr.CodeConflict, consentmgr.CodeConsentExpired:
			return core.Errorf(core.ECONFLICT, "the consent manager refused the change of consent %s: %s", id, e.ErrorMessage)
		default:
			return core.Errorf(core.EINVALID, "the consent manager refused the change of consent %s (%s: %s)", id, e.ErrorCode, e.ErrorMessage)
		}
	default:
		return statusError(status, body, id)
	}
}

// ConsentsOfPSU lists the consents whose psuIdentifiers.userId is userID (GET /psu/{userId}/consents).
func (c *ConsentManager) ConsentsOfPSU(ctx context.Context, userID string) ([]consentmgr.ConsentGetResponse, error) {
	if userID == "" {
		return nil, core.Errorf(core.EINVALID, "a user id is required")
	}
	body, status, err := c.do(ctx, http.MethodGet, "/psu/"+url.PathEscape(userID)+"/consents", nil)
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, statusError(status, body, "of user "+userID)
	}
	var out consentmgr.ConsentsGetResponse
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, core.Errorf(core.EUNAVAILABLE, "the consent manager's list of consents is unreadable: %v", err)
	}
	return out, nil
}

// do sends one request to the consent manager and returns the bounded body and status.
func (c *ConsentManager) do(ctx context.Context, method, path string, body []byte) ([]byte, int, error) {
	// path is already escaped segment by segment; the base carries no query or fragment.
	target := c.base.String() + path
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return nil, 0, fmt.Errorf("consent manager: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, 0, consentUnavailable(ctx, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return nil, 0, consentUnavailable(ctx, err)
	}
	if len(b) > maxResponse {
		return nil, 0, core.Errorf(core.EUNAVAILABLE, "the consent manager's answer is larger than %d bytes", maxResponse)
	}
	return b, resp.StatusCode, nil
}
