package consents

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// HandlerOptions configure the HTTP handler. The zero value is usable.
type HandlerOptions struct {
	// MaxBodyBytes bounds request bodies; 0 means 1 MiB.
	MaxBodyBytes int64
	// Caller names who makes a request, for the history. Nil means CertificateCaller of the
	// verified client certificate, or "anonymous" on a connection without one.
	Caller func(*http.Request) string
	// Logger receives platform failures; nil discards.
	Logger *slog.Logger
}

// handler serves the Consent Manager API.
type handler struct {
	svc    *Service
	limit  int64
	caller func(*http.Request) string
	log    *slog.Logger
	mux    *http.ServeMux
}

var _ http.Handler = (*handler)(nil)

// NewHandler returns the Consent Manager API (consent-manager-spec.yaml) over svc. It authenticates
// nobody itself: mount it on a mutual-TLS listener whose tls.Config requires and verifies the bank's
// client certificate against the allow-list (pki.ServerConfig with RequireClientCert), as the
// platform's bank-facing server does; the certificate then names the caller in the history. Paths
// are the contract's, at the root: mount it under a prefix with http.StripPrefix if needed.
func NewHandler(svc *Service, opts HandlerOptions) http.Handler {
	h := &handler{svc: svc, limit: opts.MaxBodyBytes, caller: opts.Caller, log: opts.Logger, mux: http.NewServeMux()}
	if h.limit <= 0 {
		h.limit = 1 << 20
	}
	if h.caller == nil {
		h.caller = certificateCaller
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	h.routes()
	return h
}

// ServeHTTP echoes the interaction id and routes.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if id := r.Header.Get("x-fapi-interaction-id"); id != "" {
		w.Header().Set("x-fapi-interaction-id", id)
	}
	h.mux.ServeHTTP(w, r)
}

// methodNotAllowed answers a known path with another method in the contract's error format (the
// mux's own 405 is plain text).
func methodNotAllowed(allow string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		encode(w, http.StatusMethodNotAllowed, consentmgr.Error{ErrorCode: consentmgr.CodeMethodNotAllowed,
			ErrorMessage: r.Method + " is not allowed here; use " + allow})
	})
}

// notFound answers any other path in the contract's error format.
func notFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		encode(w, http.StatusNotFound, consentmgr.Error{ErrorCode: consentmgr.CodeNotFound,
			ErrorMessage: "no operation at " + r.Method + " " + r.URL.Path})
	})
}

func certificateCaller(r *http.Request) string {
	if r.TLS != nil && len(r.TLS.PeerCertificates) > 0 {
		return CertificateCaller(r.TLS.PeerCertificates[0])
	}
	return "anonymous"
}

// handleCreate serves POST /consents (addConsent).
func (h *handler) handleCreate() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, aerr := readJSONBody(w, r, h.limit)
		if aerr != nil {
			writeError(w, r, h.log, aerr, nil)
			return
		}
		req, err := decodePostRequest(data)
		if err != nil {
			writeError(w, r, h.log, badRequest(consentmgr.CodeInvalidRequest, err.Error()), nil)
			return
		}
		c, err := h.svc.Create(r.Context(), newConsentFromWire(req, h.caller(r)))
		if err != nil {
			writeError(w, r, h.log, wireError(err), err)
			return
		}
		w.Header().Set("Location", "/consents/"+c.ID)
		encode(w, http.StatusCreated, c.PostResponse())
	})
}

// handleGet serves GET /consents/{consentId} (getConsentsByConsentId, step 3005).
func (h *handler) handleGet() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := h.svc.getRendered(r.Context(), r.PathValue("consentId"))
		if err != nil {
			writeError(w, r, h.log, wireError(err), err)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(body)
	})
}

// handlePatch serves PATCH /consents/{consentId} (patchConsent, step 4003).
func (h *handler) handlePatch() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, aerr := readJSONBody(w, r, h.limit)
		if aerr != nil {
			writeError(w, r, h.log, aerr, nil)
			return
		}
		req, err := decodePatchRequest(data)
		if err != nil {
			writeError(w, r, h.log, badRequest(consentmgr.CodeInvalidRequest, err.Error()), nil)
			return
		}
		if _, err := h.svc.Patch(r.Context(), r.PathValue("consentId"), patchFromWire(req, h.caller(r))); err != nil {
			writeError(w, r, h.log, wireError(err), err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// handleListByPSU serves GET /psu/{userId}/consents (getConsents).
func (h *handler) handleListByPSU() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cs, err := h.svc.ListByPSU(r.Context(), r.PathValue("userId"), consentmgr.ConsentType(r.URL.Query().Get("consentType")))
		if err != nil {
			writeError(w, r, h.log, wireError(err), err)
			return
		}
		out := make(consentmgr.ConsentsGetResponse, len(cs))
		for i, c := range cs {
			out[i] = c.GetResponse()
		}
		encode(w, http.StatusOK, out)
	})
}

// encode writes v as the JSON body with status.
func encode(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"errorCode":"` + consentmgr.CodeInternal + `","errorMessage":"internal error"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b)
}
