package authz

import (
	"context"
	"crypto/x509"
	"errors"
	"net/http"

	"github.com/ifconnect/ifconnect/internal/pki"
)

// introspection is the response of RFC 7662 §2.2, with the certificate binding of RFC 8705 §3.2 and
// the consent the token carries.
type introspection struct {
	Active    bool              `json:"active"`
	Scope     string            `json:"scope,omitempty"`
	ClientID  string            `json:"client_id,omitempty"`
	TokenType string            `json:"token_type,omitempty"`
	Exp       int64             `json:"exp,omitempty"`
	Iat       int64             `json:"iat,omitempty"`
	Sub       string            `json:"sub,omitempty"`
	Iss       string            `json:"iss,omitempty"`
	ConsentID string            `json:"consent_id,omitempty"`
	Cnf       map[string]string `json:"cnf,omitempty"`
}

// Introspect serves POST /token/introspection (RFC 7662). The caller authenticates like at the token
// endpoint and learns only about its own tokens: any other token, like an unknown, expired or revoked
// one, is {"active": false}.
func (s *Server) Introspect() http.Handler {
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
		raw, err := requireParam(form, "token")
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		t, err := s.opts.Storage.Token(r.Context(), hashToken(raw))
		if err != nil && !errors.Is(err, ErrNotFound) {
			s.writeError(w, r, ErrServerError.WithCause(err))
			return
		}
		if err != nil || !t.Active(s.opts.Now()) || t.ClientID != c.ID {
			writeJSON(w, http.StatusOK, introspection{Active: false})
			return
		}
		out := introspection{
			Active: true, Scope: t.Scope, ClientID: t.ClientID, Exp: t.ExpiresAt.Unix(), Iat: t.IssuedAt.Unix(),
			Sub: t.Subject, Iss: s.opts.Issuer, ConsentID: t.ConsentID, Cnf: map[string]string{"x5t#S256": t.Thumbprint},
			TokenType: "Bearer",
		}
		if t.Kind == KindRefresh {
			out.TokenType = "refresh_token"
		}
		writeJSON(w, http.StatusOK, out)
	})
}

// ErrTokenInvalid is returned by AccessToken for a token that is unknown, expired, revoked, not an
// access token or bound to another certificate.
var ErrTokenInvalid = errors.New("access token is not valid")

// AccessToken checks an access token presented to a resource server of the platform over a
// connection authenticated with cert: it must be active and bound to that certificate (RFC 8705 §3).
func (s *Server) AccessToken(ctx context.Context, raw string, cert *x509.Certificate) (Token, error) {
	if raw == "" || cert == nil {
		return Token{}, ErrTokenInvalid
	}
	t, err := s.opts.Storage.Token(ctx, hashToken(raw))
	if errors.Is(err, ErrNotFound) {
		return Token{}, ErrTokenInvalid
	}
	if err != nil {
		return Token{}, err
	}
	if t.Kind != KindAccess || !t.Active(s.opts.Now()) || t.Thumbprint != pki.Thumbprint(cert) {
		return Token{}, ErrTokenInvalid
	}
	return t, nil
}
