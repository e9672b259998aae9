package connect

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// maxBodyBytes bounds request bodies; the AIS operations take none, the PIS ones take a payment.
const maxBodyBytes = 1 << 20

// publicPaths answer without a bearer token: they reveal nothing about customers, and the mutual-TLS
// allow-list still guards them.
var publicPaths = map[string]bool{"/openapi.json": true, "/healthz": true}

// middleware wraps the routes with, outermost first: panic recovery (a 500 in the contract's body,
// never a dropped connection), the interaction-id echo and one log line per request, the size limits
// on headers, query and body (the contract's 400 instead of a bare 431 or a slow read), and the
// bearer check (ACC-010-100 and kin: 401).
func (s *server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		echoInteractionIDs(w.Header(), r.Header)
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.LogAttrs(r.Context(), slog.LevelError, "bank connect handler panicked",
					slog.String("path", r.URL.Path), slog.Any("panic", v), slog.String("stack", string(debug.Stack())))
				if !rec.wrote {
					s.writeError(rec, r, core.Errorf(core.EINTERNAL, "internal error"))
				}
			}
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "bank connect",
				slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", rec.status),
				slog.Duration("duration", time.Since(start)),
				slog.String("interactionId", clip(r.Header.Get(bankconnect.HeaderOzoneInteractionID))),
				slog.String("callerInteractionId", clip(r.Header.Get(bankconnect.HeaderCallerInteractionID))),
				slog.String("consentId", clip(r.Header.Get(bankconnect.HeaderConsentID))))
		}()
		if err := checkHeaderSizes(r.Header); err != nil {
			s.writeError(rec, r, err)
			return
		}
		if len(r.URL.RawQuery) > maxQueryLen {
			s.writeError(rec, r, core.Errorf(codeTooLarge, "query string is longer than %d bytes", maxQueryLen))
			return
		}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(rec, r.Body, maxBodyBytes)
		}
		if s.Bearer != nil && !publicPaths[r.URL.Path] {
			if err := s.authenticate(r); err != nil {
				s.writeError(rec, r, err)
				return
			}
		}
		next.ServeHTTP(rec, r)
	})
}

// authenticate checks "Authorization: Bearer TOKEN" with the configured Authenticator.
func (s *server) authenticate(r *http.Request) error {
	v := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(v, " ")
	token = strings.TrimSpace(token)
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return core.Errorf(core.EUNAUTHORIZED, "a bearer token is required")
	}
	if err := s.Bearer.Authenticate(r.Context(), token); err != nil {
		if core.ErrorCode(err) == core.EUNAUTHORIZED {
			return err
		}
		return core.Errorf(core.EUNAUTHORIZED, "the bearer token is not valid")
	}
	return nil
}

// echoInteractionIDs copies the interaction ids of the request to the response, x-fapi-interaction-id
// included, so the platform, the TPP and the bank's logs correlate (DESIGN: echoed end to end).
func echoInteractionIDs(out, in http.Header) {
	ozone := idValue(in.Get(bankconnect.HeaderOzoneInteractionID))
	caller := idValue(in.Get(bankconnect.HeaderCallerInteractionID))
	if ozone != "" {
		out.Set(bankconnect.HeaderOzoneInteractionID, ozone)
	}
	if caller != "" {
		out.Set(bankconnect.HeaderCallerInteractionID, caller)
	}
	switch {
	case caller != "":
		out.Set(bankconnect.HeaderFAPIInteractionID, caller)
	case ozone != "":
		out.Set(bankconnect.HeaderFAPIInteractionID, ozone)
	}
}

// idValue returns v when it is fit to echo: short and printable.
func idValue(v string) string {
	v = strings.TrimSpace(v)
	if len(v) > maxIDHeader || !printable(v) {
		return ""
	}
	return v
}

// clip shortens untrusted values before they are logged.
func clip(s string) string {
	if len(s) > 128 {
		return s[:128]
	}
	return s
}

// recorder remembers the status written, for the log line and the panic handler.
type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.wrote {
		r.status, r.wrote = http.StatusOK, true
	}
	return r.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
