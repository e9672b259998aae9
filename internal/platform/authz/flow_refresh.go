package authz

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/pki"
)

// refresh is the refresh_token grant (RFC 6749 §6). The refresh token is bound to the client, valid
// while its consent is Authorised, and not rotated: the client keeps using it. A narrower scope may
// be asked for, never a wider one.
//
// Certificate rotation: access tokens are bound to the certificate they were issued over (RFC 8705
// §3, cnf.x5t#S256) and stop working when the TPP moves to a new transport certificate. RFC 8705
// requires binding refresh tokens to the certificate only for public clients (§4); every client here
// is confidential and authenticates at this endpoint, so its refresh token is bound to the client,
// and a refresh made over a new certificate is accepted when that certificate is the client's own
// (its registered subject DN) — the new access token is bound to the new certificate. A certificate
// that is not the client's is refused with invalid_grant saying so.
func (s *Server) refresh(r *http.Request, c authenticatedClient, form url.Values) (tokenResponse, error) {
	raw, err := requireParam(form, "refresh_token")
	if err != nil {
		return tokenResponse{}, err
	}
	ctx := r.Context()
	now := s.opts.Now()
	rt, err := s.opts.Storage.Token(ctx, hashToken(raw))
	switch {
	case errors.Is(err, ErrNotFound):
		return tokenResponse{}, ErrInvalidGrant.WithDescription("unknown refresh token")
	case err != nil:
		return tokenResponse{}, ErrServerError.WithCause(err)
	case rt.Kind != KindRefresh:
		return tokenResponse{}, ErrInvalidGrant.WithDescription("not a refresh token")
	case !rt.Active(now):
		return tokenResponse{}, ErrInvalidGrant.WithDescription("the refresh token has expired or was revoked")
	case rt.ClientID != c.ID:
		return tokenResponse{}, ErrInvalidGrant.WithDescription("the refresh token was issued to another client")
	case rt.Thumbprint != pki.Thumbprint(c.Cert) && (c.Cert == nil || !s.certMatches(c.Client, c.Cert)):
		return tokenResponse{}, ErrInvalidGrant.WithDescription("the refresh token was issued over another certificate and this one is not the client's registered certificate")
	}
	if _, err := s.usableConsent(ctx, rt.ConsentID); err != nil {
		return tokenResponse{}, err
	}
	scope := rt.Scope
	if asked := strings.Fields(form.Get("scope")); len(asked) > 0 {
		granted := strings.Fields(rt.Scope)
		for _, sc := range asked {
			if !slices.Contains(granted, sc) {
				return tokenResponse{}, ErrInvalidScope.WithDescription("scope %q was not granted", truncate(sc))
			}
		}
		scope = strings.Join(asked, " ")
	}
	ttl := rt.AccessTTL
	if ttl == 0 {
		ttl = s.opts.AccessTokenTTL
	}
	access, at := newAccessToken(c, rt.GrantID, rt.Subject, scope, rt.ConsentID, now, ttl)
	if err := s.opts.Storage.SaveTokens(ctx, at); err != nil {
		return tokenResponse{}, ErrServerError.WithCause(err)
	}
	return tokenResponse{AccessToken: access, TokenType: "Bearer", ExpiresIn: int64(ttl / time.Second), Scope: scope}, nil
}
