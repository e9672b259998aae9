package gateway

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
	"github.com/ifconnect/ifconnect/internal/platform/bankclient"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// Tokens validates the access tokens TPPs present (authz.Server implements it).
type Tokens interface {
	// AccessToken returns the token when it is an active access token bound to cert; an error
	// wrapping authz.ErrTokenInvalid otherwise.
	AccessToken(ctx context.Context, raw string, cert *x509.Certificate) (authz.Token, error)
}

// Consents is the consent manager as the gateway uses it (*consents.Service implements it).
type Consents interface {
	Create(ctx context.Context, n consents.NewConsent) (consents.Consent, error)
	Get(ctx context.Context, id string) (consents.Consent, error)
	Transition(ctx context.Context, id string, to consents.Status, by string, info map[string]json.RawMessage) (consents.Consent, error)
}

// Clients is the register of TPP clients (*registry.Store implements it).
type Clients interface {
	Get(ctx context.Context, clientID string) (registry.Client, error)
}

// Options configure the gateway. Tokens, Consents, Clients, Bank and DB are required; DB must have
// been migrated with Migrate.
type Options struct {
	Tokens   Tokens
	Consents Consents
	Clients  Clients
	Bank     *bankclient.Client
	DB       *database.DB
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Log receives one line per server-side failure; default discards.
	Log *slog.Logger
	// RevokeTokens, when set, revokes the tokens of a consent the TPP deletes
	// (authz.Server.RevokeConsent); the consent manager's status listener normally does it already.
	RevokeTokens func(ctx context.Context, consentID string) error
	// MaxBody bounds request bodies (default 64 KiB); a bigger one is refused with 400.
	MaxBody int64
	// MaxInFlightPerClient bounds the requests one TPP client has in progress; more are refused
	// with 429 (default 256).
	MaxInFlightPerClient int
}

// gateway is the handler set.
type gateway struct {
	tokens       Tokens
	consents     Consents
	clients      Clients
	bank         *bankclient.Client
	idem         *idempotencyStore
	revokeTokens func(ctx context.Context, consentID string) error
	now          func() time.Time
	log          *slog.Logger
	maxBody      int64
	limiter      *inFlight
	locks        keyedMutex
	// clientCache holds registry.Client records by id (cachedClient).
	clientCache sync.Map
	mux         *http.ServeMux
}

// New returns the gateway's handler: every operation of routes.go behind the FAPI middleware. It
// serves plain HTTP; the platform mounts it on its TPP-facing mutual-TLS listener, whose client
// certificate the gateway reads from r.TLS.
func New(opts Options) (http.Handler, error) {
	if opts.Tokens == nil || opts.Consents == nil || opts.Clients == nil || opts.Bank == nil || opts.DB == nil {
		return nil, errors.New("gateway: tokens, consents, clients, bank client and database are required")
	}
	g := &gateway{
		tokens: opts.Tokens, consents: opts.Consents, clients: opts.Clients, bank: opts.Bank,
		idem: &idempotencyStore{db: opts.DB}, revokeTokens: opts.RevokeTokens, now: opts.Now, log: opts.Log, maxBody: opts.MaxBody,
		limiter: &inFlight{max: opts.MaxInFlightPerClient, n: map[string]int{}}, mux: http.NewServeMux(),
	}
	if g.now == nil {
		g.now = time.Now
	}
	if g.log == nil {
		g.log = slog.New(slog.DiscardHandler)
	}
	if g.maxBody <= 0 {
		g.maxBody = 64 << 10
	}
	if g.limiter.max <= 0 {
		g.limiter.max = 256
	}
	g.routes()
	return g.fapi(g.mux), nil
}

// inFlight counts each client's requests in progress.
type inFlight struct {
	max int
	mu  sync.Mutex
	n   map[string]int
}

// acquire reserves a slot for client; false when it has max requests in progress.
func (f *inFlight) acquire(client string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n[client] >= f.max {
		return false
	}
	f.n[client]++
	return true
}

func (f *inFlight) release(client string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n[client]--; f.n[client] <= 0 {
		delete(f.n, client)
	}
}

// keyedMutex serialises work on one key (a payment consent) within this process; the bank's
// exactly-once rule per consent covers several processes.
type keyedMutex struct {
	mu sync.Mutex
	m  map[string]*keyedEntry
}

type keyedEntry struct {
	mu   sync.Mutex
	refs int
}

// lock locks key and returns its unlock.
func (k *keyedMutex) lock(key string) func() {
	k.mu.Lock()
	if k.m == nil {
		k.m = map[string]*keyedEntry{}
	}
	e := k.m[key]
	if e == nil {
		e = &keyedEntry{}
		k.m[key] = e
	}
	e.refs++
	k.mu.Unlock()
	e.mu.Lock()
	return func() {
		e.mu.Unlock()
		k.mu.Lock()
		if e.refs--; e.refs == 0 {
			delete(k.m, key)
		}
		k.mu.Unlock()
	}
}
