package connect_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkHandler measures the handler alone (no TLS, no network) per request, to separate the
// server's own cost from the store's and the transport's; `ifconnect bench ais` measures the whole.
func BenchmarkHandler(b *testing.B) {
	for _, tc := range []struct{ name, path string }{
		{"accounts", "/accounts?accountIds={checking},{savings},{card}"},
		{"transactions", "/accounts/{checking}/transactions"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			e := newEnv(b)
			h := e.handler
			path := e.fill(tc.path)
			hdr := e.headers()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, path, nil)
				req.Header = hdr
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("%d %s", w.Code, w.Body)
				}
			}
		})
	}
}
