package gateway

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/observe"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
	"github.com/ifconnect/ifconnect/internal/platform/bankclient"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// consentRule says which consent an operation runs under.
type consentRule int

const (
	// noConsent: a client_credentials call (consents and payment-consent APIs, payment status).
	noConsent consentRule = iota
	// dataConsent: the token carries an Authorised account-access consent with the operation's
	// permission.
	dataConsent
	// paymentConsent: the token carries a payment consent (POST /pix/payments).
	paymentConsent
)

// operation is one OBB operation: where it is served, what it needs, and its handler.
type operation struct {
	// id is the spec's operationId.
	id     string
	method string
	// path is the parameterised path, as sent to the bank in o3-api-uri.
	path string
	// scope is the OAuth scope the token must carry.
	scope   string
	consent consentRule
	// permission is the consent permission that covers the operation (dataConsent).
	permission string
	handle     func(c *call) (status int, body any, err error)
}

// call is one authorised request handed to a handler.
type call struct {
	w       http.ResponseWriter
	r       *http.Request
	op      *operation
	token   authz.Token
	client  registry.Client
	consent consents.Consent
}

// serve turns an operation into an http.Handler that runs the platform's checks (auth.go), then the
// handler, and encodes its answer.
func (g *gateway) serve(op *operation) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		observe.SetOperation(r.Context(), op.id) // metrics and usage per operationId
		c, release, err := g.authorise(w, r, op)
		if err != nil {
			g.writeError(w, r, err)
			return
		}
		defer release()
		observe.SetClient(r.Context(), c.client.ID)
		observe.SetConsent(r.Context(), c.consent.ConsentID)
		status, body, err := op.handle(c)
		if err != nil {
			g.writeError(w, r, err)
			return
		}
		if body == nil {
			w.WriteHeader(status)
			return
		}
		writeJSON(w, status, "application/json", body)
	})
}

// bankContext is the Bank Connect context of the call: the o3-* headers (bankclient.Context).
func (c *call) bankContext() bankclient.Context {
	bc := bankclient.Context{
		APIURI: c.op.path, APIOperation: c.op.method,
		CallerOrgID: c.client.OrganisationID, CallerClientID: c.client.ID, CallerSoftwareStatementID: c.client.SoftwareStatementID,
		CallerInteractionID: interactionID(c.r.Context()), InteractionID: uuid.NewString(),
	}
	if c.consent.ID != "" {
		// The consent manager's own id: the bank reads the consent back with it (PIS, step 6013) and
		// checks that the consent manager answers with that id.
		bc.ConsentID = c.consent.ID
		bc.PSU = psuOf(c.consent.PSU)
	}
	return bc
}

// psuOf is the o3-psu-identifier of a consent's psuIdentifiers: userId and, when the bank patched
// one in, customerId.
func psuOf(p *consentmgr.PSUIdentifiers) *bankconnect.PSUIdentifier {
	if p == nil {
		return nil
	}
	out := &bankconnect.PSUIdentifier{UserID: p.UserID}
	if raw, ok := p.Extra["customerId"]; ok {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			out.CustomerID = s
		}
	}
	return out
}

// allowsResource reports whether the consent names the resource id (accountIds, patched by the bank
// at authorisation with the accounts, cards and contracts the customer chose).
func (c *call) allowsResource(id string) bool {
	return slices.Contains(c.consent.AccountIDs, id)
}

// requireResource refuses a resource id the consent does not name: 403 as the specs say for a
// resource outside the consent.
func (c *call) requireResource(name, id string) error {
	if !resourceIDPattern.MatchString(id) {
		return badRequest(codeInvalidParameter, "%s must match %s", name, resourceIDPattern)
	}
	if !c.allowsResource(id) {
		return forbidden("%s %s is not among the resources of the consent", name, id)
	}
	return nil
}

// selfURL is the absolute URL of the request, as links.self. The TPP-facing base is the host the TPP
// called over TLS.
func selfURL(r *http.Request) string {
	u := "https://" + r.Host + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		u += "?" + r.URL.RawQuery
	}
	return u
}

// scopes splits a token's scope.
func hasScope(scope, want string) bool {
	for _, s := range strings.Fields(scope) {
		if s == want {
			return true
		}
	}
	return false
}
