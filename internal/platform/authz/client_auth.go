package authz

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// assertionType is the only client_assertion_type accepted (RFC 7523 §2.2).
const assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// authenticatedClient is a client authenticated at the token, PAR, introspection or revocation
// endpoint, with the certificate of the mutual-TLS connection tokens are bound to.
type authenticatedClient struct {
	registry.Client
	Cert *x509.Certificate
}

// peerCertificate returns the connection's client certificate; the TPP listener verifies it against
// the CA when one is presented, so a certificate here is trusted.
func peerCertificate(r *http.Request) *x509.Certificate {
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return nil
	}
	return r.TLS.PeerCertificates[0]
}

// authenticateClient authenticates the caller by private_key_jwt (RFC 7523 §2.2) or tls_client_auth
// (RFC 8705 §2.1), the two methods FAPI 1.0 Advanced §5.2.2-14 allows, and only by the method the
// client registered. Either way the connection must carry a client certificate: every token is
// bound to it (FAPI 1.0 Advanced §5.2.2-5). Any failure is invalid_client.
func (s *Server) authenticateClient(ctx context.Context, r *http.Request, form url.Values) (authenticatedClient, error) {
	cert := peerCertificate(r)
	if cert == nil {
		return authenticatedClient{}, ErrInvalidClient.WithDescription("a client certificate is required (mutual TLS)")
	}
	if _, _, ok := r.BasicAuth(); ok || form.Get("client_secret") != "" {
		return authenticatedClient{}, ErrInvalidClient.WithDescription("client secrets are not accepted: use private_key_jwt or tls_client_auth")
	}
	claimedID := form.Get("client_id")
	if at := form.Get("client_assertion_type"); at != "" || form.Get("client_assertion") != "" {
		if at != assertionType {
			return authenticatedClient{}, ErrInvalidClient.WithDescription("client_assertion_type must be %s", assertionType)
		}
		c, err := s.verifyClientAssertion(ctx, form.Get("client_assertion"))
		if err != nil {
			return authenticatedClient{}, err
		}
		if claimedID != "" && claimedID != c.ID {
			return authenticatedClient{}, ErrInvalidClient.WithDescription("client_id does not match the client assertion")
		}
		return authenticatedClient{Client: c, Cert: cert}, nil
	}
	if claimedID == "" {
		return authenticatedClient{}, ErrInvalidClient.WithDescription("client authentication is required: client_id with tls_client_auth, or a client_assertion")
	}
	c, err := s.client(ctx, claimedID)
	if err != nil {
		return authenticatedClient{}, err
	}
	if c.TokenEndpointAuthMethod != registry.AuthTLSClientAuth {
		return authenticatedClient{}, ErrInvalidClient.WithDescription("client %s is registered for %s", c.ID, c.TokenEndpointAuthMethod)
	}
	if !s.certMatches(c, cert) {
		return authenticatedClient{}, ErrInvalidClient.WithDescription("the client certificate's subject is not the one registered for %s", c.ID)
	}
	return authenticatedClient{Client: c, Cert: cert}, nil
}

// client looks a client up; unknown is invalid_client.
func (s *Server) client(ctx context.Context, id string) (registry.Client, error) {
	c, err := s.opts.Clients.Get(ctx, id)
	if errors.Is(err, registry.ErrNotFound) {
		return registry.Client{}, ErrInvalidClient.WithDescription("unknown client_id %q", truncate(id))
	}
	if err != nil {
		return registry.Client{}, ErrServerError.WithCause(err)
	}
	return c, nil
}

// verifyClientAssertion checks a private_key_jwt assertion (RFC 7523 §3): a compact JWS signed with
// PS256 by a key of the client's JWKS, iss and sub the client id, aud this server, exp in the future,
// a jti never seen before.
func (s *Server) verifyClientAssertion(ctx context.Context, raw string) (registry.Client, error) {
	if raw == "" {
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion is empty")
	}
	tok, err := jwt.ParseSigned(raw, []jose.SignatureAlgorithm{jose.PS256})
	if err != nil {
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion is not a JWT signed with PS256")
	}
	var unverified jwt.Claims
	if err := tok.UnsafeClaimsWithoutVerification(&unverified); err != nil {
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion claims are not a JSON object")
	}
	if unverified.Issuer == "" {
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion has no iss")
	}
	c, err := s.client(ctx, unverified.Issuer)
	if err != nil {
		return registry.Client{}, err
	}
	if c.TokenEndpointAuthMethod != registry.AuthPrivateKeyJWT {
		return registry.Client{}, ErrInvalidClient.WithDescription("client %s is registered for %s", c.ID, c.TokenEndpointAuthMethod)
	}
	key, err := signingKey(c.JWKS, tok.Headers[0].KeyID)
	if err != nil {
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion: %v", err)
	}
	var cl jwt.Claims
	if err := tok.Claims(key, &cl); err != nil {
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion signature does not verify with the client's keys")
	}
	now := s.opts.Now()
	switch {
	case cl.Subject != c.ID || cl.Issuer != c.ID:
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion iss and sub must both be the client id")
	case !slices.ContainsFunc(cl.Audience, func(a string) bool { return slices.Contains(s.audiences, a) }):
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion aud must be the issuer %s or the endpoint", s.opts.Issuer)
	case cl.Expiry == nil:
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion has no exp")
	case !now.Before(cl.Expiry.Time()):
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion has expired")
	case cl.IssuedAt != nil && cl.IssuedAt.Time().After(now.Add(clockSkew)):
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion iat is in the future")
	case cl.NotBefore != nil && cl.NotBefore.Time().After(now.Add(clockSkew)):
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion is not valid yet (nbf)")
	case cl.ID == "":
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion has no jti")
	}
	// The jti is remembered until exp, so an assertion may not live longer than the memory is kept.
	exp := cl.Expiry.Time()
	if exp.After(now.Add(maxAssertionLifetime)) {
		return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion exp is more than %s ahead", maxAssertionLifetime)
	}
	if err := s.opts.Storage.UseAssertion(ctx, c.ID, cl.ID, exp); err != nil {
		if errors.Is(err, ErrReplay) {
			return registry.Client{}, ErrInvalidClient.WithDescription("client_assertion jti was used before")
		}
		return registry.Client{}, ErrServerError.WithCause(err)
	}
	return c, nil
}

// signingKey picks the verification key named kid from a client's JWKS, or its only signing key when
// kid is empty. Encryption keys never verify.
func signingKey(set jose.JSONWebKeySet, kid string) (jose.JSONWebKey, error) {
	var candidates []jose.JSONWebKey
	for _, k := range set.Keys {
		if k.Use == "enc" || (kid != "" && k.KeyID != kid) {
			continue
		}
		candidates = append(candidates, k)
	}
	switch {
	case len(candidates) == 1:
		return candidates[0], nil
	case len(candidates) == 0 && kid != "":
		return jose.JSONWebKey{}, fmt.Errorf("no key %q in the client's JWKS", truncate(kid))
	case len(candidates) == 0:
		return jose.JSONWebKey{}, errors.New("the client's JWKS has no signing key")
	default:
		return jose.JSONWebKey{}, errors.New("the JWS header must name its key (kid): the client has several")
	}
}

// maxAssertionLifetime bounds a client assertion's exp.
const maxAssertionLifetime = time.Hour

// truncate keeps attacker-supplied values short in error descriptions.
func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// certMatches is c.MatchesCertificate, remembered per client, registered DN and certificate: parsing
// a certificate's subject on every token request is the costliest step of tls_client_auth, and a
// client presents the same certificate on every connection.
func (s *Server) certMatches(c registry.Client, cert *x509.Certificate) bool {
	key := c.ID + "\x00" + c.SubjectDN + "\x00" + pki.Thumbprint(cert)
	if v, ok := s.dnCache.Load(key); ok {
		return v.(bool)
	}
	ok := c.MatchesCertificate(cert)
	// Bounded: a flood of distinct certificates empties the cache rather than growing it.
	if s.dnCacheSize.Add(1) > maxDNCache {
		s.dnCache.Clear()
		s.dnCacheSize.Store(0)
	}
	s.dnCache.Store(key, ok)
	return ok
}

// maxDNCache bounds the certificate match cache.
const maxDNCache = 10000
