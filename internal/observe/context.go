package observe

import (
	"context"
	"sync"
)

// Request is what the logs and the audit trail know of the request being served. Middleware puts
// one in the request's context; handlers deeper down fill in the consent and client once they know
// them (SetConsent, SetClient), so the access log line and the audit records carry them too.
type Request struct {
	// InteractionID is the caller's x-fapi-interaction-id; OzoneInteractionID the platform's
	// o3-ozone-interaction-id on a Bank Connect call.
	InteractionID      string
	OzoneInteractionID string
	// Remote is the peer address; Server the listener's name (bank-connect, platform-tpp …).
	Remote string
	Server string

	mu        sync.Mutex
	consentID string
	clientID  string
	psu       string
	operation string
}

type requestKey struct{}

// WithRequest returns ctx carrying r.
func WithRequest(ctx context.Context, r *Request) context.Context {
	return context.WithValue(ctx, requestKey{}, r)
}

// RequestFrom returns the request ctx carries, nil when it carries none.
func RequestFrom(ctx context.Context) *Request {
	r, _ := ctx.Value(requestKey{}).(*Request)
	return r
}

// SetConsent records the consent the request acts on, when ctx carries a request.
func SetConsent(ctx context.Context, consentID string) {
	if r := RequestFrom(ctx); r != nil && consentID != "" {
		r.mu.Lock()
		r.consentID = consentID
		r.mu.Unlock()
	}
}

// SetClient records the calling client (the TPP's client id, or the platform's certificate name).
func SetClient(ctx context.Context, clientID string) {
	if r := RequestFrom(ctx); r != nil && clientID != "" {
		r.mu.Lock()
		r.clientID = clientID
		r.mu.Unlock()
	}
}

// SetPSU records the customer the request is for (a user id, never a CPF in clear: logs mask it).
func SetPSU(ctx context.Context, psu string) {
	if r := RequestFrom(ctx); r != nil && psu != "" {
		r.mu.Lock()
		r.psu = psu
		r.mu.Unlock()
	}
}

// ConsentID returns the consent set for the request.
func (r *Request) ConsentID() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.consentID
}

// ClientID returns the client set for the request.
func (r *Request) ClientID() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.clientID
}

// PSU returns the customer set for the request.
func (r *Request) PSU() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.psu
}

// SetOperation names the operation being served (an OpenAPI operationId) for servers whose route
// pattern is not visible to the middleware, such as a sub-handler that copies the request.
func SetOperation(ctx context.Context, operation string) {
	if r := RequestFrom(ctx); r != nil && operation != "" {
		r.mu.Lock()
		r.operation = operation
		r.mu.Unlock()
	}
}

// Operation returns the operation set for the request.
func (r *Request) Operation() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.operation
}
