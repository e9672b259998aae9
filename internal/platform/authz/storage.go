package authz

import (
	"context"
	"errors"
	"time"
)

// Storage is split by capability, as the flows use it; Store implements all of it on SQL.

// ParStorage keeps pushed authorization requests (RFC 9126) until the authorization call uses them.
type ParStorage interface {
	SavePushedRequest(ctx context.Context, uriHash string, r PushedRequest) error
	// TakePushedRequest returns the request and marks it used, atomically; ErrNotFound when it is
	// unknown, used or expired at now.
	TakePushedRequest(ctx context.Context, uriHash string, now time.Time) (PushedRequest, error)
}

// InteractionStorage keeps the interactions GET /auth opens.
type InteractionStorage interface {
	SaveInteraction(ctx context.Context, it Interaction) error
	// TakeInteraction returns the interaction and marks it completed, atomically; ErrNotFound when it
	// is unknown, completed or expired at now.
	TakeInteraction(ctx context.Context, id string, now time.Time) (Interaction, error)
}

// AuthorizeCodeStorage keeps authorization codes (stored by hash).
type AuthorizeCodeStorage interface {
	SaveCode(ctx context.Context, codeHash string, g CodeGrant) error
	// UseCode marks the code used and returns its grant. A code used before returns its grant with
	// ErrCodeReused, so the caller can revoke what it produced; an unknown code returns ErrNotFound.
	UseCode(ctx context.Context, codeHash string, now time.Time) (CodeGrant, error)
	// CodeReused reports whether the code was presented again after its first use.
	CodeReused(ctx context.Context, codeHash string) (bool, error)
}

// TokenStorage keeps access and refresh tokens (stored by hash).
type TokenStorage interface {
	SaveTokens(ctx context.Context, ts ...Token) error
	// Token returns the token with the hash whether or not it is active; ErrNotFound when unknown.
	Token(ctx context.Context, hash string) (Token, error)
	RevokeToken(ctx context.Context, hash string, now time.Time) error
	// RevokeGrant revokes every token issued from one authorization (one code and its refreshes).
	RevokeGrant(ctx context.Context, grantID string, now time.Time) (int64, error)
	// RevokeConsent revokes every token carrying the consent.
	RevokeConsent(ctx context.Context, consentID string, now time.Time) (int64, error)
}

// AssertionStorage remembers client assertion ids (jti) until they expire, so an assertion is
// accepted once (RFC 7523 §3, item 7).
type AssertionStorage interface {
	// UseAssertion records the jti; ErrReplay when the client used it before.
	UseAssertion(ctx context.Context, clientID, jti string, expires time.Time) error
}

// Storage is every capability the server needs.
type Storage interface {
	ParStorage
	InteractionStorage
	AuthorizeCodeStorage
	TokenStorage
	AssertionStorage
}

// Storage errors.
var (
	ErrNotFound   = errors.New("not found")
	ErrCodeReused = errors.New("authorization code used before")
	ErrReplay     = errors.New("assertion id used before")
)

// PushedRequest is a verified request object lodged at the PAR endpoint.
type PushedRequest struct {
	ClientID string
	// Claims are the request object's verified claims.
	Claims    map[string]any
	ExpiresAt time.Time
}

// Interaction is an authorization in progress between GET /auth and doConfirm or doFail.
type Interaction struct {
	ID        string
	ClientID  string
	Request   AuthorizationRequest
	CreatedAt time.Time
	ExpiresAt time.Time
}

// CodeGrant is what an authorization code stands for.
type CodeGrant struct {
	GrantID   string
	ClientID  string
	Request   AuthorizationRequest
	Subject   string
	Claims    map[string]string // id_token claims the bank added at doConfirm
	AuthTime  time.Time
	ExpiresAt time.Time
	// AccessTTL and RefreshTTL are the bank's heimdall.* overrides, zero for the defaults.
	AccessTTL            time.Duration
	RefreshTTL           time.Duration
	SuppressRefreshToken bool
}

// Token kinds.
const (
	KindAccess  = "access"
	KindRefresh = "refresh"
)

// Token is an issued access or refresh token.
type Token struct {
	Hash      string
	Kind      string
	GrantID   string // empty for client_credentials
	ClientID  string
	Subject   string
	Scope     string
	ConsentID string
	// Thumbprint is the base64url SHA-256 of the client certificate the token is bound to (cnf.x5t#S256).
	Thumbprint string
	IssuedAt   time.Time
	ExpiresAt  time.Time
	RevokedAt  time.Time // zero while not revoked
	// AccessTTL is, for a refresh token, the validity of the access tokens it yields.
	AccessTTL time.Duration
}

// Active reports whether t is neither revoked nor expired at now.
func (t Token) Active(now time.Time) bool { return t.RevokedAt.IsZero() && now.Before(t.ExpiresAt) }
