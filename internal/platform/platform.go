// Package platform assembles the TecBan platform sandbox: the authorization server (authz) with its
// signing keys (keys) and TPP register (registry), and the consent manager (consents), on one
// database, behind two listeners. The TPP-facing listener speaks TLS and asks for a client
// certificate without demanding one, so discovery and the JWKS are public while the token, PAR,
// introspection and revocation endpoints authenticate the certificate they are given. The
// bank-facing listener requires mutual TLS with the bank's client certificate and serves the
// headless authorization API and the Consent Manager API. It never imports the bank: the two meet
// over HTTPS, exactly as in production.
package platform

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/ifconnect/ifconnect/internal/audit"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/observe"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
	"github.com/ifconnect/ifconnect/internal/platform/bankclient"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
	"github.com/ifconnect/ifconnect/internal/platform/gateway"
	"github.com/ifconnect/ifconnect/internal/platform/keys"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
	"github.com/ifconnect/ifconnect/internal/ratelimit"
)

// Options configure the platform.
type Options struct {
	// Issuer is the TPP-facing base URL (https://host:port), the authorization server's issuer.
	Issuer string
	// BankAuthURL is the bank's public /auth page, advertised as the authorization endpoint.
	BankAuthURL string
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Log receives the platform's log; default discards.
	Log *slog.Logger
	// Keys configure the signing keys (tests pass a fast key generator).
	Keys keys.Options
	// Bank is the Bank Connect client through which the TPP-facing Open Banking Brasil APIs (package
	// gateway, under /open-banking/) call the bank; nil serves none of them.
	Bank *bankclient.Client
	// Metrics, when set, receives every request's count and latency, consent status changes and
	// rate-limit refusals; Audit, when set, gets every consent status change; RecordUsage, when set,
	// every served request (usage.Recorder); RateLimit, when set, caps each TPP client's calls to
	// the TPP-facing listener; MaxBody, when positive, limits request bodies on both listeners.
	Metrics     *observe.Metrics
	Audit       *audit.Log
	RecordUsage func(observe.Record)
	RateLimit   *ratelimit.Limiter
	MaxBody     int64
	// MaintenanceEvery is the period of the sweep that ends expired consents, purges used codes and
	// reloads signing keys rotated by another replica; default one minute.
	MaintenanceEvery time.Duration
}

// Platform is the assembled sandbox.
type Platform struct {
	Authz    *authz.Server
	Consents *consents.Service
	Registry *registry.Registry
	Keys     *keys.Set

	store          *authz.Store
	consentHandler http.Handler
	gateway        http.Handler
	opts           Options
	clients        *clientNames
}

// New migrates db and wires the platform's parts together.
func New(ctx context.Context, db *database.DB, opts Options) (*Platform, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.MaintenanceEvery <= 0 {
		opts.MaintenanceEvery = time.Minute
	}
	if opts.Keys.Now == nil {
		opts.Keys.Now = opts.Now
	}
	p := &Platform{opts: opts}
	var err error
	if p.Registry, err = registry.Open(ctx, db, opts.Now); err != nil {
		return nil, fmt.Errorf("platform: %w", err)
	}
	if p.Keys, err = keys.Open(ctx, db, opts.Keys); err != nil {
		return nil, fmt.Errorf("platform: %w", err)
	}
	if p.store, err = authz.OpenStore(ctx, db); err != nil {
		return nil, fmt.Errorf("platform: %w", err)
	}
	if err := consents.Migrate(ctx, db); err != nil {
		return nil, fmt.Errorf("platform: %w", err)
	}
	if p.Consents, err = consents.New(db, consents.Options{Now: opts.Now, Logger: opts.Log}); err != nil {
		return nil, fmt.Errorf("platform: %w", err)
	}
	p.Authz, err = authz.New(authz.Options{
		Issuer: opts.Issuer, AuthorizationEndpoint: opts.BankAuthURL,
		Clients: p.Registry, Consents: consentReader{p.Consents}, Signer: p.Keys, Storage: p.store,
		Now: opts.Now, Log: opts.Log,
	})
	if err != nil {
		return nil, fmt.Errorf("platform: %w", err)
	}
	p.Consents.OnStatusChange(p.revokeTokensOfEndedConsent)
	if opts.Metrics != nil || opts.Audit != nil {
		p.Consents.OnStatusChange(p.recordConsentChange)
	}
	p.clients = &clientNames{reg: p.Registry}
	p.consentHandler = consents.NewHandler(p.Consents, consents.HandlerOptions{Logger: opts.Log})
	if opts.Bank != nil {
		if err := gateway.Migrate(ctx, db); err != nil {
			return nil, fmt.Errorf("platform: %w", err)
		}
		p.gateway, err = gateway.New(gateway.Options{Tokens: p.Authz, Consents: p.Consents, Clients: p.Registry, Bank: opts.Bank,
			DB: db, Now: opts.Now, Log: opts.Log, RevokeTokens: p.Authz.RevokeConsent})
		if err != nil {
			return nil, fmt.Errorf("platform: %w", err)
		}
	}
	return p, nil
}

// revokeTokensOfEndedConsent revokes the tokens of a consent that became Revoked or Rejected: no
// access survives its consent. A Consumed payment consent keeps its access tokens until they expire
// (minutes): the OBB payments API answers a repeated POST /pix/payments with the same
// x-idempotency-key with the first answer for 24 hours, and a TPP whose first answer was lost has no
// other way to learn the payment's id. Such a token can do nothing else: the gateway refuses a new
// payment under a consumed consent (422, code 07), and the token endpoint refuses to refresh it (the
// consent is no longer Authorised).
func (p *Platform) revokeTokensOfEndedConsent(ctx context.Context, c consents.Consent, _, to consents.Status) {
	if !to.Final() || to == consentmgr.StatusConsumed {
		return
	}
	for _, id := range []string{c.ConsentID, c.ID} {
		if err := p.Authz.RevokeConsent(ctx, id); err != nil {
			p.opts.Log.ErrorContext(ctx, "revoking the tokens of an ended consent failed", "consent", id, "err", err)
		}
	}
}

// consentReader adapts the consent manager to what the authorization server reads of a consent.
type consentReader struct{ svc *consents.Service }

func (r consentReader) Consent(ctx context.Context, id string) (authz.Consent, error) {
	c, err := r.svc.Get(ctx, id)
	if consents.ErrorCode(err) == consents.ENOTFOUND {
		return authz.Consent{}, fmt.Errorf("consent %s: %w", id, authz.ErrConsentNotFound)
	}
	if err != nil {
		return authz.Consent{}, err
	}
	return authz.Consent{ID: c.ConsentID, ClientID: c.TPP.ClientID, Status: consentmgr.Status(c.Status), ExpiresAt: c.ExpiresAt}, nil
}

// Maintain runs the periodic sweep until ctx is done: consents past their expiry are ended (which
// revokes their tokens), spent authorization records are purged, signing keys are reloaded.
func (p *Platform) Maintain(ctx context.Context) {
	t := time.NewTicker(p.opts.MaintenanceEvery)
	defer t.Stop()
	for {
		if _, err := p.Consents.ExpireDue(ctx); err != nil && ctx.Err() == nil {
			p.opts.Log.Error("consent expiry sweep failed", "err", err)
		}
		if err := p.store.Purge(ctx, p.opts.Now()); err != nil && ctx.Err() == nil {
			p.opts.Log.Error("purge of spent authorization records failed", "err", err)
		}
		if err := p.Keys.Reload(ctx); err != nil && ctx.Err() == nil {
			p.opts.Log.Error("signing key reload failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Listener is one of the platform's listeners with its TLS configuration.
type Listener struct {
	Net net.Listener
	TLS *tls.Config
}

// Serve serves the TPP-facing and bank-facing handlers on their listeners until ctx is done, then
// shuts both down, letting requests in flight finish for up to drain.
func (p *Platform) Serve(ctx context.Context, tpp, bank Listener, drain time.Duration) error {
	servers := []*http.Server{newServer(p.TPPHandler(), tpp.TLS, p.opts.Log), newServer(p.BankHandler(), bank.TLS, p.opts.Log)}
	lns := []net.Listener{tpp.Net, bank.Net}
	errc := make(chan error, len(servers))
	for i, srv := range servers {
		go func() {
			if err := srv.ServeTLS(lns[i], "", ""); !errors.Is(err, http.ErrServerClosed) {
				errc <- err
				return
			}
			errc <- nil
		}()
	}
	var first error
	select {
	case <-ctx.Done():
	case first = <-errc:
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), drain)
	defer cancel()
	for _, srv := range servers {
		if err := srv.Shutdown(sctx); err != nil && first == nil {
			first = fmt.Errorf("platform: shutdown: %w", err)
		}
	}
	return first
}

// newServer is an http.Server with the timeouts every server of ours has.
func newServer(h http.Handler, cfg *tls.Config, log *slog.Logger) *http.Server {
	// Each server gets its own copy: ServeTLS adds the HTTP/2 protocols to the config it is given, and
	// the two listeners may have been handed the same one.
	return &http.Server{
		Handler:           h,
		TLSConfig:         cfg.Clone(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}
