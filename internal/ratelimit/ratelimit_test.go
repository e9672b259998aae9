package ratelimit

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/obb"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestLimiterBucket(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	l := New(2, 3, c.now)
	for i := range 3 {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("request %d of the burst refused", i)
		}
	}
	ok, wait := l.Allow("a")
	if ok || wait != 500*time.Millisecond {
		t.Fatalf("4th request = %v, wait %v; want refused, 500ms", ok, wait)
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Fatal("another client shares the first one's bucket")
	}
	c.t = c.t.Add(500 * time.Millisecond)
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("a refilled token was refused")
	}
	c.t = c.t.Add(2 * time.Minute)
	l.Allow("c")
	if n := l.Len(); n != 1 {
		t.Errorf("after a quiet minute %d buckets remain; want only the new one", n)
	}
}

func TestMiddleware429(t *testing.T) {
	c := &clock{t: time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)}
	l := New(1, 1, c.now)
	var limited []string
	h := Middleware(l, Options{
		Key:     func(r *http.Request) string { return r.Header.Get("client") },
		Exempt:  func(r *http.Request) bool { return r.URL.Path == "/healthz" },
		Limited: func(_ *http.Request, key string) { limited = append(limited, key) },
		Now:     c.now,
	}, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	do := func(path, client string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", path, nil)
		r.Header.Set("client", client)
		r.Header.Set("x-fapi-interaction-id", "0d3a4c2e-4f1e-4c6b-9f5e-1f2a3b4c5d6e")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w
	}
	cases := []struct {
		path, client string
		want         int
	}{
		{"/x", "tpp1", http.StatusNoContent},
		{"/x", "tpp1", http.StatusTooManyRequests},
		{"/healthz", "tpp1", http.StatusNoContent},
		{"/x", "", http.StatusNoContent},
		{"/x", "", http.StatusNoContent},
		{"/x", "tpp2", http.StatusNoContent},
	}
	var last429 *httptest.ResponseRecorder
	for i, tc := range cases {
		w := do(tc.path, tc.client)
		if w.Code != tc.want {
			t.Errorf("case %d (%s %q) = %d; want %d", i, tc.path, tc.client, w.Code, tc.want)
		}
		if w.Code == http.StatusTooManyRequests {
			last429 = w
		}
	}
	if last429 == nil {
		t.Fatal("no 429")
	}
	if last429.Header().Get("Retry-After") != "1" || last429.Header().Get("x-fapi-interaction-id") == "" {
		t.Errorf("429 headers = %v", last429.Header())
	}
	var body obb.ResponseError
	if err := json.Unmarshal(last429.Body.Bytes(), &body); err != nil || len(body.Errors) != 1 || body.Errors[0].Code != "TOO_MANY_REQUESTS" ||
		body.Meta == nil || body.Meta.RequestDateTime != "2026-01-01T12:00:00Z" {
		t.Errorf("429 body = %s (%v); want the OBB envelope with TOO_MANY_REQUESTS", last429.Body, err)
	}
	if len(limited) != 1 || limited[0] != "tpp1" {
		t.Errorf("limited = %v; want [tpp1]", limited)
	}
}
