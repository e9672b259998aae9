package gateway

import (
	"context"
	"mime"
	"net"
	"net/http"
	"regexp"
	"strings"

	"github.com/google/uuid"
)

// FAPI and OBB request headers (components.parameters of every spec).
const (
	headerInteractionID = "x-fapi-interaction-id"
	headerAuthDate      = "x-fapi-auth-date"
	headerCustomerIP    = "x-fapi-customer-ip-address"
	headerUserAgent     = "x-customer-user-agent"
	headerIdempotency   = "x-idempotency-key"
)

var (
	// interactionIDPattern is xFapiInteractionId's pattern.
	interactionIDPattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9\-]{0,99}$`)
	// authDatePattern is xFapiAuthDate's pattern (an RFC 7231 date).
	authDatePattern = regexp.MustCompile(`^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|UTC)$`)
)

type ctxKey int

const interactionKey ctxKey = 1

// interactionID returns the call's x-fapi-interaction-id (the TPP's, or the one the gateway made).
func interactionID(ctx context.Context) string {
	s, _ := ctx.Value(interactionKey).(string)
	return s
}

// fapi is the middleware every call passes first: it fixes the interaction id (the TPP's when well
// formed, a new uuid when absent) and echoes it, checks the optional FAPI headers' form and the
// Accept header, and turns a panic into the OBB 500.
func (g *gateway) fapi(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				g.log.ErrorContext(r.Context(), "gateway: panic", "path", r.URL.Path, "panic", v)
				g.writeError(w, r, internal(nil))
			}
		}()
		id := r.Header.Get(headerInteractionID)
		valid := id == "" || interactionIDPattern.MatchString(id)
		if id == "" || !valid {
			id = uuid.NewString()
		}
		w.Header().Set(headerInteractionID, id)
		r = r.WithContext(context.WithValue(r.Context(), interactionKey, id))
		if !valid {
			g.writeError(w, r, badRequest(codeInvalidHeader, "%s must match %s", headerInteractionID, interactionIDPattern))
			return
		}
		if err := checkFAPIHeaders(r.Header); err != nil {
			g.writeError(w, r, err)
			return
		}
		if !acceptsJSON(r.Header.Values("Accept")) {
			g.writeError(w, r, &apiError{status: http.StatusNotAcceptable, code: "NOT_ACCEPTABLE", title: "Formato não aceito",
				detail: "the responses of this API are application/json; the Accept header does not allow it"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

// checkFAPIHeaders checks the form of the optional headers the specs define.
func checkFAPIHeaders(h http.Header) error {
	if v := h.Get(headerAuthDate); v != "" && !authDatePattern.MatchString(v) {
		return badRequest(codeInvalidHeader, "%s must be an RFC 7231 date such as \"Sun, 10 Sep 2017 19:43:31 UTC\"", headerAuthDate)
	}
	if v, ok := h[http.CanonicalHeaderKey(headerCustomerIP)]; ok {
		if len(v) != 1 || net.ParseIP(strings.TrimSpace(v[0])) == nil {
			return badRequest(codeInvalidHeader, "%s must be one IPv4 or IPv6 address", headerCustomerIP)
		}
	}
	if v, ok := h[http.CanonicalHeaderKey(headerUserAgent)]; ok {
		if len(v) != 1 || len(v[0]) < 1 || len(v[0]) > 100 {
			return badRequest(codeInvalidHeader, "%s must be 1 to 100 characters", headerUserAgent)
		}
	}
	return nil
}

// acceptsJSON reports whether the Accept header values allow application/json (absent allows all).
func acceptsJSON(values []string) bool {
	if len(values) == 0 {
		return true
	}
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
			if err != nil {
				continue
			}
			if q, ok := params["q"]; ok && (q == "0" || q == "0.0" || q == "0.00" || q == "0.000") {
				continue
			}
			if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
				continue
			}
			if mt == "*/*" || mt == "application/*" || mt == "application/json" {
				return true
			}
		}
	}
	return false
}

// methodNotAllowed answers a known path called with a method it does not serve.
func (g *gateway) methodNotAllowed(allow string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		g.writeError(w, r, &apiError{status: http.StatusMethodNotAllowed, code: "METHOD_NOT_ALLOWED", title: "Método não permitido",
			detail: r.Method + " is not served on this path; use " + allow})
	})
}

// noRoute answers a path no operation serves.
func (g *gateway) noRoute(w http.ResponseWriter, r *http.Request) {
	g.writeError(w, r, notFound("no Open Banking operation is served at %s", clip(r.URL.Path, 200)))
}
