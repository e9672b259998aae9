package authz

import (
	"net/http"
	"net/url"
	"time"

	"github.com/ifconnect/ifconnect/internal/pki"
)

// Grant types of the token endpoint.
const (
	grantClientCredentials = "client_credentials"
	grantAuthorizationCode = "authorization_code"
	grantRefreshToken      = "refresh_token"
)

// tokenResponse is the successful token response (RFC 6749 §5.1, OIDC Core §3.1.3.3).
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	Scope        string `json:"scope,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
}

// Token serves POST /token: client authentication, then the grant.
func (s *Server) Token() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		form, err := readForm(w, r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		c, err := s.authenticateClient(r.Context(), r, form)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		var res tokenResponse
		switch gt := form.Get("grant_type"); gt {
		case grantClientCredentials:
			res, err = s.clientCredentials(r, c, form)
		case grantAuthorizationCode:
			res, err = s.authorizationCode(r, c, form)
		case grantRefreshToken:
			res, err = s.refresh(r, c, form)
		case "":
			err = ErrInvalidRequest.WithDescription("grant_type is required")
		default:
			err = ErrUnsupportedGrantType.WithDescription("grant_type %q is not supported", truncate(gt))
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, res)
	})
}

// newAccessToken makes an access token bound to the client's certificate (RFC 8705 §3).
func newAccessToken(c authenticatedClient, grantID, subject, scope, consentID string, now time.Time, ttl time.Duration) (string, Token) {
	raw := randomToken()
	return raw, Token{
		Hash: hashToken(raw), Kind: KindAccess, GrantID: grantID, ClientID: c.ID, Subject: subject, Scope: scope,
		ConsentID: consentID, Thumbprint: pki.Thumbprint(c.Cert), IssuedAt: now, ExpiresAt: now.Add(ttl),
	}
}

// requireParam returns a required form parameter; missing is invalid_request.
func requireParam(form url.Values, name string) (string, error) {
	v := form.Get(name)
	if v == "" {
		return "", ErrInvalidRequest.WithDescription("%s is required", name)
	}
	return v, nil
}
