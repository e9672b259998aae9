package platform

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/ifconnect/ifconnect/internal/audit"
	"github.com/ifconnect/ifconnect/internal/observe"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
	"github.com/ifconnect/ifconnect/internal/ratelimit"
)

// recordConsentChange counts a consent status change and appends it to the audit trail with who
// made it (the change's By: a certificate, the TPP, the expiry sweep) and the request it came in.
func (p *Platform) recordConsentChange(ctx context.Context, c consents.Consent, from, to consents.Status) {
	if p.opts.Metrics != nil {
		p.opts.Metrics.ObserveConsentChange(string(from), string(to))
	}
	if p.opts.Audit == nil {
		return
	}
	e := audit.Event{Kind: audit.KindConsent, Subject: c.ConsentID, ConsentID: c.ConsentID, From: string(from), To: string(to),
		Actor: audit.Actor("tpp", c.TPP.ClientID)}
	if n := len(c.History); n > 0 {
		last := c.History[n-1]
		e.At, e.Actor = last.At, last.By
		// The supplementary information says why: the payment that consumed a payment consent
		// ({"paymentId":…}), the reason of a revocation or an expiry.
		if len(last.Supplementary) > 0 {
			if b, err := json.Marshal(last.Supplementary); err == nil {
				e.Detail = string(b)
			}
		}
	}
	if c.PSU != nil {
		e.PSU = c.PSU.UserID
	}
	if err := p.opts.Audit.Append(ctx, e); err != nil {
		p.opts.Log.ErrorContext(ctx, "audit record of a consent change failed", "consent", c.ConsentID, "err", err)
	}
}

// observed wraps a listener's handler in the request context, metrics, access log, usage record and
// body limit (observe.Middleware); without Metrics it is h unchanged.
func (p *Platform) observed(server string, h http.Handler, client func(*http.Request) string) http.Handler {
	if p.opts.Metrics == nil && p.opts.RecordUsage == nil && p.opts.MaxBody <= 0 {
		return h
	}
	return observe.Middleware(observe.Options{Server: server, Metrics: p.opts.Metrics, Log: p.opts.Log, Client: client,
		Record: p.opts.RecordUsage, MaxBody: p.opts.MaxBody, Now: p.opts.Now}, h)
}

// limited applies the per-client rate limit to the TPP-facing API: the bucket is the client's
// transport certificate, so it holds before any token is checked. Discovery, the JWKS and the
// health probe are public and not charged. A refused request is still named by the route mux would
// have given it, so the 429 counts against its operation.
func (p *Platform) limited(mux *http.ServeMux, h http.Handler) http.Handler {
	if p.opts.RateLimit == nil {
		return h
	}
	return ratelimit.Middleware(p.opts.RateLimit, ratelimit.Options{
		Key: func(r *http.Request) string {
			if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
				return ""
			}
			return pki.Fingerprint(r.TLS.PeerCertificates[0])
		},
		Exempt: func(r *http.Request) bool {
			return r.Method == http.MethodGet && (strings.HasPrefix(r.URL.Path, "/.well-known/") || r.URL.Path == "/jwks" || r.URL.Path == "/healthz")
		},
		Limited: func(r *http.Request, _ string) {
			if _, pattern := mux.Handler(r); pattern != "" {
				observe.SetOperation(r.Context(), pattern)
			}
			if p.opts.Metrics != nil {
				p.opts.Metrics.ObserveRateLimited("platform-tpp", p.clients.name(r))
			}
		},
		Now: p.opts.Now,
	}, h)
}

// clientNames names the TPP client behind a transport certificate for metrics and logs: the
// registered client whose certificate it is, found in the register at most once a minute per
// certificate, or "unknown". The gateway refines it with the token's client (observe.SetClient).
type clientNames struct {
	reg *registry.Registry

	mu    sync.Mutex
	names map[string]cachedName
}

type cachedName struct {
	name string
	at   time.Time
}

// maxCachedNames bounds the cache: certificates of unregistered callers must not grow it forever.
const maxCachedNames = 4096

func (c *clientNames) name(r *http.Request) string {
	if c == nil || c.reg == nil || r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return ""
	}
	cert := r.TLS.PeerCertificates[0]
	fp := pki.Fingerprint(cert)
	now := time.Now()
	c.mu.Lock()
	if n, ok := c.names[fp]; ok && now.Sub(n.at) < time.Minute {
		c.mu.Unlock()
		return n.name
	}
	c.mu.Unlock()
	name := c.lookup(r.Context(), cert)
	c.mu.Lock()
	if c.names == nil || len(c.names) >= maxCachedNames {
		c.names = map[string]cachedName{}
	}
	c.names[fp] = cachedName{name: name, at: now}
	c.mu.Unlock()
	return name
}

func (c *clientNames) lookup(ctx context.Context, cert *x509.Certificate) string {
	cs, err := c.reg.List(ctx)
	if err != nil {
		return "unknown"
	}
	for _, cl := range cs {
		if cl.MatchesCertificate(cert) {
			return cl.ID
		}
	}
	return "unknown"
}

// bankName names the bank behind the bank-facing listener's client certificate: its common name.
func bankName(r *http.Request) string {
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return ""
	}
	if cn := r.TLS.PeerCertificates[0].Subject.CommonName; cn != "" && len(cn) <= 64 {
		return cn
	}
	return "bank"
}
