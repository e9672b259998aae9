package tpp

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"
)

// AuthRequest is an authorization request pushed to the platform (step 3000): the URL to send the
// customer's browser to and the secrets the callback and the code exchange are checked with.
type AuthRequest struct {
	ConsentID string
	Scope     string
	URL       string // the bank's authorization_endpoint with client_id and request_uri
	State     string
	Nonce     string
	Verifier  string // PKCE code_verifier (RFC 7636)
}

// PushAuthorization signs a request object for consentID (PS256, with nonce, state and a PKCE S256
// challenge), pushes it to the PAR endpoint (RFC 9126) and returns the authorization URL — the
// bank's /auth, as the platform's discovery advertises — carrying only client_id and request_uri.
// The scope names the consent as consent:{consentId} and the request object carries it as the
// openbanking_intent_id essential claim too.
func (c *Client) PushAuthorization(ctx context.Context, consentID, scope string) (AuthRequest, Exchange, error) {
	d, err := c.Discover(ctx)
	if err != nil {
		return AuthRequest{}, Exchange{}, err
	}
	a := AuthRequest{ConsentID: consentID, Scope: "openid " + scope + " consent:" + consentID,
		State: randomString(24), Nonce: randomString(24), Verifier: randomString(48)}
	sum := sha256.Sum256([]byte(a.Verifier))
	now := c.cfg.Now()
	obj, err := c.sign(map[string]any{
		"iss": c.cfg.ClientID, "aud": c.cfg.Issuer, "client_id": c.cfg.ClientID, "response_type": "code id_token",
		"redirect_uri": c.cfg.RedirectURI, "scope": a.Scope, "state": a.State, "nonce": a.Nonce,
		"code_challenge": base64.RawURLEncoding.EncodeToString(sum[:]), "code_challenge_method": "S256",
		"nbf": now.Unix(), "iat": now.Unix(), "exp": now.Add(10 * time.Minute).Unix(), "jti": uuid.NewString(),
		"claims": map[string]any{"id_token": map[string]any{
			"openbanking_intent_id": map[string]any{"value": consentID, "essential": true},
			"acr":                   map[string]any{"essential": true, "values": []string{"urn:brasil:openbanking:loa2"}},
		}},
	})
	if err != nil {
		return AuthRequest{}, Exchange{}, err
	}
	form := url.Values{"response_type": {"code id_token"}, "request": {obj}}
	if err := c.authenticate(form, d.PAREndpoint); err != nil {
		return AuthRequest{}, Exchange{}, err
	}
	x, err := c.postForm(ctx, d.PAREndpoint, form)
	if err != nil {
		return AuthRequest{}, x, err
	}
	if x.Status != http.StatusCreated {
		return AuthRequest{}, x, &StatusError{Exchange: x, Want: http.StatusCreated}
	}
	var par struct {
		RequestURI string `json:"request_uri"`
	}
	if err := json.Unmarshal(x.Body, &par); err != nil || par.RequestURI == "" {
		return AuthRequest{}, x, fmt.Errorf("tpp: PAR response without request_uri: %s", snippet(x.Body))
	}
	q := url.Values{"client_id": {c.cfg.ClientID}, "request_uri": {par.RequestURI}}
	sep := "?"
	if strings.Contains(d.AuthorizationEndpoint, "?") {
		sep = "&"
	}
	a.URL = d.AuthorizationEndpoint + sep + q.Encode()
	return a, x, nil
}

// Callback is the authorization response at the redirect URI (step 5001/5002): in the fragment for
// the hybrid flow, in the query otherwise.
type Callback struct {
	Code, State, IDToken    string
	Error, ErrorDescription string
	Raw                     string
}

// ParseCallback reads the authorization response from the URL the browser arrived at.
func ParseCallback(raw string) (Callback, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return Callback{}, fmt.Errorf("tpp: callback URL: %w", err)
	}
	v := u.Query()
	if u.Fragment != "" {
		if v, err = url.ParseQuery(u.Fragment); err != nil {
			return Callback{}, fmt.Errorf("tpp: callback fragment: %w", err)
		}
	}
	return CallbackFromValues(v, raw), nil
}

// CallbackFromValues is the authorization response carried by v (the fragment's or query's
// parameters, or the form the TPP web app's callback page posts).
func CallbackFromValues(v url.Values, raw string) Callback {
	return Callback{Code: v.Get("code"), State: v.Get("state"), IDToken: v.Get("id_token"),
		Error: v.Get("error"), ErrorDescription: v.Get("error_description"), Raw: raw}
}

// randomString is n random bytes, base64url: state, nonce and PKCE verifiers (RFC 7636 §4.1 asks
// 43–128 characters of a verifier; 48 bytes give 64).
func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
