package authz

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// Paths of the TPP-facing endpoints, relative to the issuer.
const (
	PathDiscovery  = "/.well-known/openid-configuration"
	PathJWKS       = "/jwks"
	PathPAR        = "/par"
	PathToken      = "/token"
	PathIntrospect = "/token/introspection"
	PathRevoke     = "/token/revoke"
)

// Limits of the Open Banking Brasil security profile and FAPI 1.0 Advanced.
const (
	// MinAccessTokenTTL and MaxAccessTokenTTL bound expires_in (OBB security profile §7.1: 300–900 s).
	MinAccessTokenTTL = 300 * time.Second
	MaxAccessTokenTTL = 900 * time.Second
	// MaxCodeTTL is the longest an authorization code lives (FAPI 1.0 Advanced §5.2.2-?; OBB: 60 s).
	MaxCodeTTL = 60 * time.Second
	// MaxRequestObjectLifetime bounds exp−nbf and the age of nbf (FAPI 1.0 Advanced §5.2.2-13, -17).
	MaxRequestObjectLifetime = 60 * time.Minute
	// ACR is the authentication context the platform asserts (OBB security profile §5.2.2.4).
	ACR = "urn:brasil:openbanking:loa2"
	// ACRLoA3 is the stronger context a bank may assert at doConfirm.
	ACRLoA3 = "urn:brasil:openbanking:loa3"
	// clockSkew is the tolerance for iat/nbf slightly in the future.
	clockSkew = 10 * time.Second
	// maxBody bounds every form and JSON body the server reads.
	maxBody = 64 << 10
)

// Clients is the register of TPP clients the server trusts (package registry).
type Clients interface {
	// Get returns the client; an error wrapping registry.ErrNotFound when it is unknown.
	Get(ctx context.Context, clientID string) (registry.Client, error)
}

// Signer signs id_tokens and publishes the keys to verify them (package keys).
type Signer interface {
	Sign(payload []byte) (string, error)
	JWKS() jose.JSONWebKeySet
}

// Consent is what the authorization server needs to know of a consent.
type Consent struct {
	// ID is the consent id TPPs use (the URN in openbanking_intent_id and the consent: scope).
	ID string
	// ClientID is the client that created the consent; empty when unknown.
	ClientID string
	Status   consentmgr.Status
	// ExpiresAt is the consent's expiry; zero when it does not expire.
	ExpiresAt time.Time
}

// Consents reads consents from the consent manager.
type Consents interface {
	// Consent returns the consent; an error wrapping ErrConsentNotFound when there is none.
	Consent(ctx context.Context, consentID string) (Consent, error)
}

// ErrConsentNotFound is wrapped by Consents.Consent for an unknown consent id.
var ErrConsentNotFound = errors.New("no such consent")

// Options configure a Server. Issuer, AuthorizationEndpoint, Clients, Consents, Signer and Storage
// are required.
type Options struct {
	// Issuer is the TPP-facing base URL, e.g. https://127.0.0.1:9443; endpoints hang off it.
	Issuer string
	// AuthorizationEndpoint is the bank's public /auth page, advertised in discovery: on this
	// platform the TPP sends the customer straight to the bank (step 3001).
	AuthorizationEndpoint string
	Clients               Clients
	Consents              Consents
	Signer                Signer
	Storage               Storage
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Log receives server errors; default discards.
	Log *slog.Logger

	// AccessTokenTTL is the default access token validity (300–900 s; default 900 s).
	AccessTokenTTL time.Duration
	// RefreshTokenTTL caps refresh tokens of consents that never expire (default 365 days); a
	// refresh token otherwise lives as long as its consent.
	RefreshTokenTTL time.Duration
	// CodeTTL is the authorization code validity (at most 60 s, the default).
	CodeTTL time.Duration
	// InteractionTTL is how long the bank has between GET /auth and doConfirm/doFail (default 10 min).
	InteractionTTL time.Duration
	// PARTTL is the validity of a request_uri from the PAR endpoint (default 60 s).
	PARTTL time.Duration
	// IDTokenTTL is the id_token validity (default 15 min).
	IDTokenTTL time.Duration
}

// Server is the authorization server. Its handler makers (Discovery, JWKS, PAR, Token, Introspect,
// Revoke for TPPs; HeadlessAuth, DoConfirm, DoFail for the bank) are mounted by the platform's routes.
type Server struct {
	opts      Options
	discovery []byte
	// audiences are the values accepted in a client assertion's aud (RFC 7523 §3, item 3).
	audiences []string
	// dnCache remembers which certificate matches which client's subject DN (see certMatches).
	dnCache     sync.Map
	dnCacheSize atomic.Int64
}

// New checks the options and returns the server.
func New(opts Options) (*Server, error) {
	if opts.Issuer == "" || opts.AuthorizationEndpoint == "" {
		return nil, errors.New("authz: issuer and authorization endpoint are required")
	}
	for name, u := range map[string]string{"issuer": opts.Issuer, "authorization endpoint": opts.AuthorizationEndpoint} {
		p, err := url.Parse(u)
		if err != nil || p.Scheme != "https" || p.Host == "" || p.RawQuery != "" || p.Fragment != "" {
			return nil, fmt.Errorf("authz: %s %q must be an https URL without query or fragment", name, u)
		}
	}
	opts.Issuer = strings.TrimSuffix(opts.Issuer, "/")
	if opts.Clients == nil || opts.Consents == nil || opts.Signer == nil || opts.Storage == nil {
		return nil, errors.New("authz: clients, consents, signer and storage are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.AccessTokenTTL == 0 {
		opts.AccessTokenTTL = MaxAccessTokenTTL
	}
	if opts.AccessTokenTTL < MinAccessTokenTTL || opts.AccessTokenTTL > MaxAccessTokenTTL {
		return nil, fmt.Errorf("authz: access token validity %s is outside %s–%s", opts.AccessTokenTTL, MinAccessTokenTTL, MaxAccessTokenTTL)
	}
	if opts.RefreshTokenTTL <= 0 {
		opts.RefreshTokenTTL = 365 * 24 * time.Hour
	}
	if opts.CodeTTL <= 0 {
		opts.CodeTTL = MaxCodeTTL
	}
	if opts.CodeTTL > MaxCodeTTL {
		return nil, fmt.Errorf("authz: code validity %s exceeds %s", opts.CodeTTL, MaxCodeTTL)
	}
	if opts.InteractionTTL <= 0 {
		opts.InteractionTTL = 10 * time.Minute
	}
	if opts.PARTTL <= 0 {
		opts.PARTTL = 60 * time.Second
	}
	if opts.IDTokenTTL <= 0 {
		opts.IDTokenTTL = 15 * time.Minute
	}
	s := &Server{opts: opts}
	s.audiences = []string{opts.Issuer, opts.Issuer + PathToken, opts.Issuer + PathPAR, opts.Issuer + PathIntrospect, opts.Issuer + PathRevoke}
	d, err := s.buildDiscovery()
	if err != nil {
		return nil, err
	}
	s.discovery = d
	return s, nil
}

// Issuer returns the issuer identifier.
func (s *Server) Issuer() string { return s.opts.Issuer }

// RevokeConsent revokes every token carrying the consent: the consent manager calls it when a
// consent becomes Revoked, Rejected or Consumed, so no token outlives its consent.
func (s *Server) RevokeConsent(ctx context.Context, consentID string) error {
	n, err := s.opts.Storage.RevokeConsent(ctx, consentID, s.opts.Now())
	if err != nil {
		return err
	}
	s.opts.Log.Info("tokens revoked with their consent", "consentId", consentID, "tokens", n)
	return nil
}

// randomToken returns 32 random bytes, base64url: the form of every code, token and request_uri.
func randomToken() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// hashToken is the storage key of a code, token or request_uri: hex SHA-256, so a stolen database
// yields no usable token.
func hashToken(t string) string {
	h := sha256.Sum256([]byte(t))
	return hex.EncodeToString(h[:])
}

// leftHalfHash is the OIDC at_hash/c_hash/s_hash of v for PS256: base64url of the left half of its
// SHA-256 (OIDC Core §3.3.2.11, FAPI 1.0 Advanced §5.2.2.1).
func leftHalfHash(v string) string {
	h := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(h[:16])
}
