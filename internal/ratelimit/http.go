package ratelimit

import (
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/obb"
)

// Options configure Middleware.
type Options struct {
	// Key names the bucket of a request; "" exempts the request (no client to charge).
	Key func(*http.Request) string
	// Exempt, when set, lets matching requests through without a token (discovery, JWKS, probes).
	Exempt func(*http.Request) bool
	// Limited is told of every refused request (metrics, logs).
	Limited func(r *http.Request, key string)
	// Now is the clock of the error's requestDateTime; default time.Now.
	Now func() time.Time
}

// Middleware refuses requests over l's limit with 429 in the OBB error format.
func Middleware(l *Limiter, o Options, next http.Handler) http.Handler {
	now := o.Now
	if now == nil {
		now = time.Now
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if o.Exempt != nil && o.Exempt(r) {
			next.ServeHTTP(w, r)
			return
		}
		key := o.Key(r)
		if key == "" {
			next.ServeHTTP(w, r)
			return
		}
		ok, wait := l.Allow(key)
		if ok {
			next.ServeHTTP(w, r)
			return
		}
		if o.Limited != nil {
			o.Limited(r, key)
		}
		WriteTooManyRequests(w, r, wait, now())
	})
}

// WriteTooManyRequests answers 429 with Retry-After (whole seconds, at least 1) and the OBB error
// envelope, echoing the caller's x-fapi-interaction-id as every OBB answer does.
func WriteTooManyRequests(w http.ResponseWriter, r *http.Request, wait time.Duration, now time.Time) {
	secs := int(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	body, _ := json.Marshal(obb.ResponseError{
		Errors: []obb.Error{{Code: "TOO_MANY_REQUESTS", Title: "Muitas requisições",
			Detail: "o limite de requisições do cliente foi excedido; tente novamente em " + strconv.Itoa(secs) + " s"}},
		Meta: &obb.Meta{TotalRecords: 1, TotalPages: 1, RequestDateTime: obb.DateTime(now)},
	})
	h := w.Header()
	if id := r.Header.Get("x-fapi-interaction-id"); id != "" && len(id) <= 128 {
		h.Set("x-fapi-interaction-id", id)
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Retry-After", strconv.Itoa(secs))
	w.WriteHeader(http.StatusTooManyRequests)
	w.Write(body)
}
