package consents

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// Create stores a new consent, AwaitingAuthorisation, and returns it with its ids and computed
// members. The body's Data is the TPP's request Data (or the given Body's) plus ConsentId,
// CreationDateTime, Status and StatusUpdateDateTime, as the contract's OBIEConsentBody describes.
func (s *Service) Create(ctx context.Context, n NewConsent) (Consent, error) {
	now := s.clock()
	if err := validateNew(n); err != nil {
		return Consent{}, err
	}
	id, consentID, err := newIDs(s.ns)
	if err != nil {
		return Consent{}, err
	}
	body := n.Body
	if body == nil {
		if body, err = bodyFromRequest(n.Request); err != nil {
			return Consent{}, err
		}
	}
	if body.Data.ConsentID != "" {
		if !ValidConsentID(body.Data.ConsentID) {
			return Consent{}, errorf(EINVALID, "consentBody.Data.ConsentId %q is not a URN (urn:<namespace>:<id>)", body.Data.ConsentID)
		}
		consentID = body.Data.ConsentID
	}
	if body.Data.Status != "" && body.Data.Status != consentmgr.StatusAwaitingAuthorisation {
		return Consent{}, errorf(EINVALID, "a new consent is AwaitingAuthorisation, not %q", body.Data.Status)
	}
	expires := body.Data.ExpirationDateTime.UTC()
	if !body.Data.ExpirationDateTime.IsZero() && !expires.After(now) {
		return Consent{}, errorf(EINVALID, "ExpirationDateTime %s is not in the future", expires.Format(timeLayout))
	}
	c := Consent{
		ID: id, ConsentID: consentID, Type: n.Type, Status: consentmgr.StatusAwaitingAuthorisation,
		RequestURL: n.RequestURL, Request: n.Request, RequestHeaders: n.RequestHeaders, TPP: n.TPP,
		PSU: n.PSU, AccountIDs: slices.Clone(n.AccountIDs),
		Data: maps.Clone(body.Data.Extra), BodyExtra: maps.Clone(body.Extra),
		CreatedAt: now, StatusUpdatedAt: now, ExpiresAt: expires,
		History: []Change{{At: now, By: n.By, To: consentmgr.StatusAwaitingAuthorisation}},
		Version: 1,
	}
	if err := s.store.insert(ctx, c); err != nil {
		return Consent{}, err
	}
	return c, nil
}

// validateNew checks what the contract requires of ConsentPostRequest beyond its JSON shape.
func validateNew(n NewConsent) error {
	switch {
	case n.Type == "":
		return errorf(EINVALID, "consentType is required")
	case !n.Type.Known():
		return errorf(EINVALID, "consentType %q is not supported (one of %s)", n.Type, typeList())
	case !isJSONObject(n.Request):
		return errorf(EINVALID, "request is required and must be an object")
	case !isJSONObject(n.RequestHeaders):
		return errorf(EINVALID, "requestHeaders is required and must be an object")
	case n.PSU != nil && n.PSU.UserID == "":
		return errorf(EINVALID, "psuIdentifiers.userId is required")
	}
	if n.AccountIDs != nil {
		return validateAccountIDs(n.AccountIDs)
	}
	return nil
}

// bodyFromRequest builds the consent body from the TPP's request: its Data (OBIE) or data (Open
// Banking Brasil) object becomes consentBody.Data, the other members (Risk …) stay beside it.
func bodyFromRequest(request json.RawMessage) (*consentmgr.ConsentBody, error) {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(request, &members); err != nil {
		return nil, errorf(EINVALID, "request: %v", err)
	}
	body := &consentmgr.ConsentBody{}
	for k, v := range members {
		if k != "Data" && k != "data" {
			if body.Extra == nil {
				body.Extra = map[string]json.RawMessage{}
			}
			body.Extra[k] = v
			continue
		}
		var d consentmgr.ConsentData
		if err := json.Unmarshal(v, &d); err != nil {
			return nil, errorf(EINVALID, "request.%s: %v", k, err)
		}
		// The TPP does not choose the computed members; only its expiry is kept.
		body.Data = consentmgr.ConsentData{ExpirationDateTime: d.ExpirationDateTime, Extra: d.Extra}
	}
	return body, nil
}

func validateAccountIDs(ids []string) error {
	if len(ids) == 0 {
		return errorf(EINVALID, "accountIds must have at least one element")
	}
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if strings.TrimSpace(id) == "" {
			return errorf(EINVALID, "accountIds must not contain an empty id")
		}
		if seen[id] {
			return errorf(EINVALID, "accountIds names %q twice", id)
		}
		seen[id] = true
	}
	return nil
}

func isJSONObject(b json.RawMessage) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '{' && json.Valid(b)
}

func typeList() string {
	names := make([]string, len(consentmgr.ConsentTypes))
	for i, t := range consentmgr.ConsentTypes {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}
