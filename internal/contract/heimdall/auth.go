package heimdall

import (
	"encoding/json"
	"fmt"
)

// InteractionStatusStarted is the status of an interaction GET /auth has just opened.
const InteractionStatusStarted = "started"

// AuthSuccessResponse is the 200 body of GET /auth (AuthSuccessResponse in the contract): the
// interaction to continue and the TPP that asked.
type AuthSuccessResponse struct {
	Interaction Interaction `json:"interaction"`
	TPP         TPP         `json:"tpp"`
}

// Interaction is an open authorization interaction.
type Interaction struct {
	// InteractionID identifies the interaction in doConfirm and doFail.
	InteractionID string `json:"interactionId"`
	// Params are the authorization request's parameters: the query the TPP sent, overridden by the
	// claims of its verified request object (which are the only ones that count).
	Params Params `json:"params"`
	// Claims is the set of claims gathered so far; empty when the interaction starts.
	Claims   map[string]any `json:"claims"`
	ClientID string         `json:"client_id,omitempty"`
	Status   string         `json:"status"`
}

// Params are the authorization request's parameters. The named fields are those the contract and
// the bank's journey use; every other parameter (aud, exp, iss, code_challenge, …) is kept in Extra
// and marshalled at the same level, as the contract's additionalProperties allows.
type Params struct {
	ClientID     string           `json:"client_id,omitempty"`
	ResponseType string           `json:"response_type,omitempty"`
	Scope        string           `json:"scope,omitempty"`
	Request      string           `json:"request,omitempty"`
	RequestURI   string           `json:"request_uri,omitempty"`
	Scopes       []string         `json:"scopes,omitempty"`
	RedirectURI  string           `json:"redirect_uri,omitempty"`
	State        string           `json:"state,omitempty"`
	Nonce        string           `json:"nonce,omitempty"`
	Claims       *RequestedClaims `json:"claims,omitempty"`
	// Extra holds the other parameters by name.
	Extra map[string]any `json:"-"`
}

// ConsentID returns the consent being authorised: claims.id_token.openbanking_intent_id.value.
func (p Params) ConsentID() string {
	if p.Claims == nil || p.Claims.IDToken == nil {
		return ""
	}
	if c := p.Claims.IDToken[ClaimIntentID]; c != nil {
		return c.Value
	}
	return ""
}

// paramsFields is Params without its methods, so the codec below can use the default encoding.
type paramsFields Params

// MarshalJSON writes the named fields and Extra as one object; a named field wins over an Extra key
// of the same name.
func (p Params) MarshalJSON() ([]byte, error) {
	named, err := json.Marshal(paramsFields(p))
	if err != nil {
		return nil, err
	}
	if len(p.Extra) == 0 {
		return named, nil
	}
	var m map[string]any
	if err := json.Unmarshal(named, &m); err != nil {
		return nil, err
	}
	out := make(map[string]any, len(p.Extra)+len(m))
	for k, v := range p.Extra {
		out[k] = v
	}
	for k, v := range m {
		out[k] = v
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads the named fields and keeps every other member in Extra.
func (p *Params) UnmarshalJSON(b []byte) error {
	var f paramsFields
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("interaction params: %w", err)
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		return fmt.Errorf("interaction params: %w", err)
	}
	for _, k := range []string{"client_id", "response_type", "scope", "request", "request_uri", "scopes", "redirect_uri", "state", "nonce", "claims"} {
		delete(all, k)
	}
	f.Extra = nil
	if len(all) > 0 {
		f.Extra = make(map[string]any, len(all))
		for k, raw := range all {
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				return fmt.Errorf("interaction params: %s: %w", k, err)
			}
			f.Extra[k] = v
		}
	}
	*p = Params(f)
	return nil
}

// ClaimIntentID is the claim carrying the consent id (openbanking_intent_id), both in the request's
// claims parameter and in the id_token.
const ClaimIntentID = "openbanking_intent_id"

// RequestedClaims is the OIDC claims request parameter (OpenID Connect Core §5.5).
type RequestedClaims struct {
	IDToken  map[string]*ClaimRequest `json:"id_token,omitempty"`
	Userinfo map[string]*ClaimRequest `json:"userinfo,omitempty"`
}

// ClaimRequest is one requested claim; a claim requested with JSON null is a nil *ClaimRequest.
type ClaimRequest struct {
	Essential bool     `json:"essential,omitempty"`
	Value     string   `json:"value,omitempty"`
	Values    []string `json:"values,omitempty"`
}

// TPP is the third party's record as the platform holds it.
type TPP struct {
	ClientID            string         `json:"clientId"`
	OrgID               string         `json:"orgId,omitempty"`
	SoftwareStatementID string         `json:"softwareStatementId,omitempty"`
	TPPName             string         `json:"tppName,omitempty"`
	DirectoryRecord     map[string]any `json:"directoryRecord,omitempty"`
}

// AuthErrorResponse is the body of a headless call that fails without a redirect to the TPP
// (AuthErrorResponse in the contract): the bank renders an error page and must not redirect.
type AuthErrorResponse struct {
	NoRedirect       bool   `json:"noRedirect"`
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description,omitempty"`
	InteractionID    string `json:"interactionId,omitempty"`
}
