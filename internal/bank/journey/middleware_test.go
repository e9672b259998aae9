package journey

import (
	"net/http/httptest"
	"testing"
)

func TestClientIP(t *testing.T) {
	tests := []struct {
		header string
		values []string
		want   string
	}{
		{"", []string{"203.0.113.9"}, "192.0.2.1"}, // no proxy configured: the header is ignored
		{"X-Forwarded-For", nil, "192.0.2.1"},
		{"X-Forwarded-For", []string{"198.51.100.7, 203.0.113.9"}, "203.0.113.9"}, // the proxy appends last
		{"X-Forwarded-For", []string{"1.1.1.1", "203.0.113.9"}, "203.0.113.9"},
	}
	for _, tc := range tests {
		s := &Server{cfg: Config{ClientIPHeader: tc.header}}
		r := httptest.NewRequest("POST", "/login", nil)
		r.RemoteAddr = "192.0.2.1:4242"
		for _, v := range tc.values {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := s.clientIP(r); got != tc.want {
			t.Errorf("header %q values %v: got %s, want %s", tc.header, tc.values, got, tc.want)
		}
	}
}
