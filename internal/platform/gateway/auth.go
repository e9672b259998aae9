package gateway

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// authorise runs the platform's checks of one call (step 6001): the client certificate of the
// mutual-TLS connection, the bearer token bound to it with the operation's scope, the caller's rate,
// and for consent-bound operations the consent and its permission. It returns the call and the
// release of the caller's in-flight slot.
func (g *gateway) authorise(w http.ResponseWriter, r *http.Request, op *operation) (*call, func(), error) {
	if r.TLS == nil || len(r.TLS.PeerCertificates) == 0 {
		return nil, nil, unauthorized("a client certificate (mutual TLS) is required")
	}
	raw, ok := bearer(r.Header.Values("Authorization"))
	if !ok {
		return nil, nil, unauthorized("an Authorization: Bearer access token is required")
	}
	t, err := g.tokens.AccessToken(r.Context(), raw, r.TLS.PeerCertificates[0])
	if errors.Is(err, authz.ErrTokenInvalid) {
		return nil, nil, unauthorized("the access token is not valid, has expired or is bound to another certificate")
	}
	if err != nil {
		return nil, nil, internal(err)
	}
	if !hasScope(t.Scope, op.scope) {
		return nil, nil, forbidden("the access token lacks the scope %q", op.scope)
	}
	client, err := g.client(r, t.ClientID)
	if err != nil {
		return nil, nil, err
	}
	if !g.limiter.acquire(t.ClientID) {
		return nil, nil, tooManyRequests("too many requests in progress for this client; retry later")
	}
	release := func() { g.limiter.release(t.ClientID) }
	c := &call{w: w, r: r, op: op, token: t, client: client}
	if op.consent != noConsent {
		if err := g.checkConsent(c); err != nil {
			release()
			return nil, nil, err
		}
	}
	return c, release, nil
}

// bearer extracts the token of a single "Authorization: Bearer …" header.
func bearer(values []string) (string, bool) {
	if len(values) != 1 {
		return "", false
	}
	scheme, tok, ok := strings.Cut(values[0], " ")
	tok = strings.TrimSpace(tok)
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" || len(tok) > 2048 {
		return "", false
	}
	return tok, true
}

// checkConsent loads the consent the token carries and checks it allows the operation: it exists,
// is the caller's, of the right kind, Authorised and not expired, and for data operations its
// permissions include the operation's.
func (g *gateway) checkConsent(c *call) error {
	if c.token.ConsentID == "" {
		return forbidden("the access token carries no consent; this operation needs one authorised by the customer")
	}
	cs, err := g.consents.Get(c.r.Context(), c.token.ConsentID)
	if consents.ErrorCode(err) == consents.ENOTFOUND {
		return forbidden("the consent of the access token does not exist")
	}
	if err != nil {
		return internal(err)
	}
	if cs.TPP.ClientID != c.token.ClientID {
		return forbidden("the consent belongs to another client")
	}
	wantData := c.op.consent == dataConsent
	if (cs.Type == consentmgr.TypeAccountAccess) != wantData {
		return forbidden("the consent of the access token is not for this API")
	}
	// A consumed payment consent still admits its payment's replay, which the idempotency store
	// answers; a new payment under it is refused by the handler (422, code 07).
	consumed := c.op.consent == paymentConsent && cs.Status == consentmgr.StatusConsumed
	if !cs.Usable(g.now()) && !consumed {
		return unauthorized("the consent is %s, not Authorised", cs.Status)
	}
	if wantData && !hasPermission(cs, c.op.permission) {
		return forbidden("the consent does not include the permission %s", c.op.permission)
	}
	c.consent = cs
	return nil
}

// clientTTL is how long a TPP client's record is reused before it is read again: the registry
// changes rarely and every call needs the organisation and software statement ids.
const clientTTL = 30 * time.Second

type cachedClient struct {
	client registry.Client
	at     time.Time
}

// client returns the registered client, from a short-lived cache.
func (g *gateway) client(r *http.Request, id string) (registry.Client, error) {
	now := g.now()
	if v, ok := g.clientCache.Load(id); ok {
		if cc := v.(cachedClient); now.Sub(cc.at) < clientTTL {
			return cc.client, nil
		}
	}
	c, err := g.clients.Get(r.Context(), id)
	if errors.Is(err, registry.ErrNotFound) {
		return registry.Client{}, unauthorized("the client of the access token is no longer registered")
	}
	if err != nil {
		return registry.Client{}, internal(err)
	}
	g.clientCache.Store(id, cachedClient{client: c, at: now})
	return c, nil
}
