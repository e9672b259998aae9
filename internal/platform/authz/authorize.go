package authz

import (
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// Response types: FAPI 1.0 Advanced §5.2.2-2 asks for the hybrid "code id_token"; the TecBan
// integration notes (step 3001) show plain "code", which the platform accepts as well.
const (
	responseCodeIDToken = "code id_token"
	responseCode        = "code"
)

// consentScopePrefix marks the dynamic scope that names the consent (OBB security profile §5.2.2.2).
const consentScopePrefix = "consent:"

// AuthorizationRequest is a verified authorization request: the parameters of the request object,
// the only ones that count (FAPI 1.0 Advanced §5.2.2-10).
type AuthorizationRequest struct {
	ClientID            string
	ResponseType        string
	ResponseMode        string
	RedirectURI         string
	Scope               string
	Scopes              []string
	State               string
	Nonce               string
	CodeChallenge       string
	CodeChallengeMethod string
	// ConsentID is the consent being authorised, from openbanking_intent_id or the consent: scope.
	ConsentID string
	Claims    *heimdall.RequestedClaims
	ViaPAR    bool
	// Params are the outer query parameters overridden by the object's claims, for the bank.
	Params map[string]any
}

// useFragment reports whether the response to the TPP travels in the fragment: always for the
// hybrid flow (OAuth 2.0 Multiple Response Types §5), otherwise in the query.
func (a AuthorizationRequest) useFragment() bool {
	return a.ResponseMode == "fragment" || strings.Contains(a.ResponseType, "id_token")
}

// pkceVerifierOrChallenge is the RFC 7636 §4.1 form of a code_verifier, and of an S256 challenge.
var pkceChars = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

// buildAuthorizationRequest checks the parameters of a verified request object (and the few outer
// parameters that must agree with it) and returns the request. Its errors are all redirectable: the
// caller has already checked the redirect URI.
func buildAuthorizationRequest(c registry.Client, claims map[string]any, outer url.Values, viaPAR bool) (AuthorizationRequest, error) {
	str := func(name string) (string, error) {
		v, ok := claims[name]
		if !ok || v == nil {
			return "", nil
		}
		s, ok := v.(string)
		if !ok {
			return "", ErrInvalidRequestObject.WithDescription("%s must be a string", name)
		}
		return s, nil
	}
	a := AuthorizationRequest{ClientID: c.ID, ViaPAR: viaPAR}
	var err error
	for _, f := range []struct {
		name string
		dst  *string
	}{
		{"response_type", &a.ResponseType}, {"response_mode", &a.ResponseMode}, {"redirect_uri", &a.RedirectURI},
		{"scope", &a.Scope}, {"state", &a.State}, {"nonce", &a.Nonce},
		{"code_challenge", &a.CodeChallenge}, {"code_challenge_method", &a.CodeChallengeMethod},
	} {
		if *f.dst, err = str(f.name); err != nil {
			return a, err
		}
	}
	if cid, err := str("client_id"); err != nil {
		return a, err
	} else if cid != "" && cid != c.ID {
		return a, ErrInvalidRequestObject.WithDescription("the request object's client_id is not the client's")
	}
	// OIDC Core §6.1: response_type and client_id sent outside the object must equal those inside.
	if rt := outer.Get("response_type"); rt != "" && rt != a.ResponseType {
		return a, ErrInvalidRequest.WithDescription("response_type differs from the request object's")
	}
	switch a.ResponseType {
	case responseCodeIDToken, responseCode:
	case "":
		return a, ErrInvalidRequest.WithDescription("response_type is required in the request object")
	default:
		return a, ErrUnsupportedResponseType.WithDescription("response_type must be %q or %q", responseCodeIDToken, responseCode)
	}
	switch a.ResponseMode {
	case "", "fragment":
	case "query":
		if a.ResponseType != responseCode {
			return a, ErrInvalidRequest.WithDescription("response_mode query is not allowed with %s", a.ResponseType)
		}
	default:
		return a, ErrInvalidRequest.WithDescription("response_mode must be fragment or query")
	}
	a.Scopes = strings.Fields(a.Scope)
	if !slices.Contains(a.Scopes, "openid") {
		return a, ErrInvalidScope.WithDescription("scope must include openid")
	}
	allowed := c.AllowedScopes()
	scopeConsent := ""
	for _, sc := range a.Scopes {
		if id, ok := strings.CutPrefix(sc, consentScopePrefix); ok {
			if id == "" || (scopeConsent != "" && scopeConsent != id) {
				return a, ErrInvalidScope.WithDescription("scope names no consent or several")
			}
			scopeConsent = id
			continue
		}
		if !slices.Contains(allowed, sc) {
			return a, ErrInvalidScope.WithDescription("scope %q is not allowed for this client", truncate(sc))
		}
	}
	if a.Nonce == "" {
		return a, ErrInvalidRequest.WithDescription("nonce is required (FAPI 1.0 Advanced 5.2.2.2)")
	}
	if raw, ok := claims["claims"]; ok && raw != nil {
		b, _ := json.Marshal(raw)
		var rc heimdall.RequestedClaims
		if err := json.Unmarshal(b, &rc); err != nil {
			return a, ErrInvalidRequest.WithDescription("claims is not a valid OIDC claims request")
		}
		a.Claims = &rc
	}
	claimConsent := heimdall.Params{Claims: a.Claims}.ConsentID()
	switch {
	case claimConsent == "" && scopeConsent == "":
		return a, ErrInvalidRequest.WithDescription("the consent id is required: claims.id_token.openbanking_intent_id or scope consent:{consentId}")
	case claimConsent != "" && scopeConsent != "" && claimConsent != scopeConsent:
		return a, ErrInvalidRequest.WithDescription("openbanking_intent_id and the consent: scope name different consents")
	case claimConsent != "":
		a.ConsentID = claimConsent
	default:
		a.ConsentID = scopeConsent
	}
	// The consent travels both ways from here on: as the dynamic scope and as the requested claim.
	if scopeConsent == "" {
		a.Scopes = append(a.Scopes, consentScopePrefix+a.ConsentID)
		a.Scope = strings.Join(a.Scopes, " ")
	}
	if a.Claims == nil {
		a.Claims = &heimdall.RequestedClaims{}
	}
	if a.Claims.IDToken == nil {
		a.Claims.IDToken = map[string]*heimdall.ClaimRequest{}
	}
	if a.Claims.IDToken[heimdall.ClaimIntentID] == nil {
		a.Claims.IDToken[heimdall.ClaimIntentID] = &heimdall.ClaimRequest{Value: a.ConsentID, Essential: true}
	}
	switch {
	case a.CodeChallenge == "" && a.CodeChallengeMethod != "":
		return a, ErrInvalidRequest.WithDescription("code_challenge_method without code_challenge")
	case a.CodeChallenge == "" && viaPAR:
		return a, ErrInvalidRequest.WithDescription("PKCE with S256 is required with pushed authorization requests")
	case a.CodeChallenge != "" && a.CodeChallengeMethod != "S256":
		return a, ErrInvalidRequest.WithDescription("code_challenge_method must be S256")
	case a.CodeChallenge != "" && !pkceChars.MatchString(a.CodeChallenge):
		return a, ErrInvalidRequest.WithDescription("code_challenge is malformed")
	}
	a.Params = map[string]any{}
	for k, v := range outer {
		if len(v) > 0 {
			a.Params[k] = v[0]
		}
	}
	for k, v := range claims {
		a.Params[k] = v
	}
	a.Params["scope"] = a.Scope
	a.Params["scopes"] = a.Scopes
	a.Params["claims"] = a.Claims
	a.Params["client_id"] = c.ID
	return a, nil
}
