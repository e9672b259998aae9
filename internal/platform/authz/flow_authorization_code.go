package authz

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// authorizationCode is the authorization_code grant (RFC 6749 §4.1.3). The code is single use — a
// second use is invalid_grant and revokes every token issued from it (RFC 6749 §4.1.2) — lives at
// most 60 s, belongs to the client it was issued to and to the redirect URI of the request, and
// answers its PKCE challenge (RFC 7636 §4.6). The consent must be Authorised by now: the bank
// authorised it before confirming the interaction (steps 4003–4005).
func (s *Server) authorizationCode(r *http.Request, c authenticatedClient, form url.Values) (tokenResponse, error) {
	code, err := requireParam(form, "code")
	if err != nil {
		return tokenResponse{}, err
	}
	redirectURI, err := requireParam(form, "redirect_uri")
	if err != nil {
		return tokenResponse{}, err
	}
	ctx := r.Context()
	now := s.opts.Now()
	g, err := s.opts.Storage.UseCode(ctx, hashToken(code), now)
	switch {
	case errors.Is(err, ErrCodeReused):
		if _, rerr := s.opts.Storage.RevokeGrant(ctx, g.GrantID, now); rerr != nil {
			return tokenResponse{}, ErrServerError.WithCause(rerr)
		}
		return tokenResponse{}, ErrInvalidGrant.WithDescription("the authorization code was used before; the tokens issued from it are revoked")
	case errors.Is(err, ErrNotFound):
		return tokenResponse{}, ErrInvalidGrant.WithDescription("unknown authorization code")
	case err != nil:
		return tokenResponse{}, ErrServerError.WithCause(err)
	}
	a := g.Request
	switch {
	case !now.Before(g.ExpiresAt):
		return tokenResponse{}, ErrInvalidGrant.WithDescription("the authorization code has expired")
	case g.ClientID != c.ID:
		return tokenResponse{}, ErrInvalidGrant.WithDescription("the authorization code was issued to another client")
	case a.RedirectURI != redirectURI:
		return tokenResponse{}, ErrInvalidGrant.WithDescription("redirect_uri differs from the authorization request's")
	}
	if err := checkPKCE(a.CodeChallenge, form.Get("code_verifier")); err != nil {
		return tokenResponse{}, err
	}
	con, err := s.usableConsent(ctx, a.ConsentID)
	if err != nil {
		return tokenResponse{}, err
	}
	ttl := s.opts.AccessTokenTTL
	if g.AccessTTL != 0 {
		ttl = g.AccessTTL
	}
	raw, at := newAccessToken(c, g.GrantID, g.Subject, a.Scope, a.ConsentID, now, ttl)
	tokens := []Token{at}
	res := tokenResponse{AccessToken: raw, TokenType: "Bearer", ExpiresIn: int64(ttl / time.Second), Scope: a.Scope}
	if !g.SuppressRefreshToken {
		// A refresh token lives as long as the consent (OBB security profile §5.2.2.3), capped by the
		// bank's heimdall.refreshTokenValidity.
		exp := con.ExpiresAt
		if exp.IsZero() {
			exp = now.Add(s.opts.RefreshTokenTTL)
		}
		if g.RefreshTTL != 0 && now.Add(g.RefreshTTL).Before(exp) {
			exp = now.Add(g.RefreshTTL)
		}
		rraw, rt := newAccessToken(c, g.GrantID, g.Subject, a.Scope, a.ConsentID, now, 0)
		rt.Kind, rt.ExpiresAt, rt.AccessTTL = KindRefresh, exp, ttl
		tokens = append(tokens, rt)
		res.RefreshToken = rraw
	}
	if res.IDToken, err = s.idToken(g, code, raw, now); err != nil {
		return tokenResponse{}, ErrServerError.WithCause(err)
	}
	if err := s.opts.Storage.SaveTokens(ctx, tokens...); err != nil {
		return tokenResponse{}, ErrServerError.WithCause(err)
	}
	// A second use of the code while this exchange ran revoked the grant before these tokens
	// existed: look again, so they cannot escape the revocation.
	reused, err := s.opts.Storage.CodeReused(ctx, hashToken(code))
	if err != nil {
		return tokenResponse{}, ErrServerError.WithCause(err)
	}
	if reused {
		if _, err := s.opts.Storage.RevokeGrant(ctx, g.GrantID, now); err != nil {
			return tokenResponse{}, ErrServerError.WithCause(err)
		}
		return tokenResponse{}, ErrInvalidGrant.WithDescription("the authorization code was used twice; the tokens issued from it are revoked")
	}
	return res, nil
}

// checkPKCE verifies code_verifier against an S256 challenge (RFC 7636 §4.6). A verifier sent for a
// request that had no challenge is refused too: it means the client and the server disagree.
func checkPKCE(challenge, verifier string) error {
	switch {
	case challenge == "" && verifier == "":
		return nil
	case challenge == "":
		return ErrInvalidGrant.WithDescription("code_verifier sent but the authorization request had no code_challenge")
	case verifier == "":
		return ErrInvalidGrant.WithDescription("code_verifier is required (PKCE)")
	case !pkceChars.MatchString(verifier):
		return ErrInvalidGrant.WithDescription("code_verifier is malformed (RFC 7636 4.1)")
	}
	h := sha256.Sum256([]byte(verifier))
	if subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(h[:])), []byte(challenge)) != 1 {
		return ErrInvalidGrant.WithDescription("code_verifier does not match the code_challenge")
	}
	return nil
}

// usableConsent returns the consent when it is Authorised and not expired; invalid_grant otherwise.
func (s *Server) usableConsent(ctx context.Context, consentID string) (Consent, error) {
	con, err := s.opts.Consents.Consent(ctx, consentID)
	if errors.Is(err, ErrConsentNotFound) {
		return Consent{}, ErrInvalidGrant.WithDescription("the consent no longer exists")
	}
	if err != nil {
		return Consent{}, ErrServerError.WithCause(err)
	}
	if con.Status != consentmgr.StatusAuthorised {
		return Consent{}, ErrInvalidGrant.WithDescription("the consent is %s, not Authorised", con.Status)
	}
	if !con.ExpiresAt.IsZero() && !s.opts.Now().Before(con.ExpiresAt) {
		return Consent{}, ErrInvalidGrant.WithDescription("the consent has expired")
	}
	return con, nil
}
