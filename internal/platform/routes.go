package platform

import (
	"net/http"

	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
)

// TPPHandler is the TPP-facing API: OpenID Connect and OAuth 2.0 for the Open Banking Brasil
// profile. Discovery and the JWKS need no client certificate; the other endpoints authenticate the
// one the connection carries. The authorization endpoint is the bank's own /auth page (step 3001).
func (p *Platform) TPPHandler() http.Handler {
	a := p.Authz
	mux := http.NewServeMux()
	mux.Handle("GET "+authz.PathDiscovery, a.Discovery())    // OIDC Discovery §4
	mux.Handle("GET "+authz.PathJWKS, a.JWKS())              // id_token keys, old and new during a rotation
	mux.Handle("POST "+authz.PathPAR, a.PAR())               // RFC 9126 pushed authorization requests
	mux.Handle("POST "+authz.PathToken, a.Token())           // RFC 6749 §3.2: client_credentials, authorization_code (5003), refresh_token
	mux.Handle("POST "+authz.PathIntrospect, a.Introspect()) // RFC 7662
	mux.Handle("POST "+authz.PathRevoke, a.Revoke())         // RFC 7009
	mux.Handle("GET /healthz", healthz())
	if p.gateway != nil {
		mux.Handle("/open-banking/", p.gateway) // the Open Banking Brasil APIs (package gateway, routes.go)
	}
	return p.observed("platform-tpp", p.limited(mux, echoInteractionID(mux)), p.clients.name)
}

// BankHandler is the bank-facing API, served only over mutual TLS with the bank's certificate: the
// headless authorization API (headless-heimdall-spec.yaml) and the Consent Manager API
// (consent-manager-spec.yaml: /consents/{consentId}, /psu/{userId}/consents), which has its own routes.
func (p *Platform) BankHandler() http.Handler {
	a := p.Authz
	mux := http.NewServeMux()
	mux.Handle("GET "+heimdall.PathAuth, a.HeadlessAuth())            // headlessAuthorization (3003/3004)
	mux.Handle("POST /auth/{interactionId}/doConfirm", a.DoConfirm()) // the PSU authorised (4005/4006)
	mux.Handle("POST /auth/{interactionId}/doFail", a.DoFail())       // the PSU refused or failed
	mux.Handle("GET /healthz", healthz())
	mux.Handle("/", p.consentHandler) // Consent Manager API (3005, 4003, revocation)
	return p.observed("platform-bank", echoInteractionID(mux), bankName)
}

func healthz() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
}

// echoInteractionID returns the caller's x-fapi-interaction-id on the response, so a request can be
// followed from the TPP through the platform to the bank by one id.
func echoInteractionID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id := r.Header.Get("x-fapi-interaction-id"); id != "" && len(id) <= 128 {
			w.Header().Set("x-fapi-interaction-id", id)
		}
		next.ServeHTTP(w, r)
	})
}
