package observe

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestRedact(t *testing.T) {
	cases := []struct{ in, want string }{
		{"cpf 12345678909 here", "cpf ***.456.789-** here"},
		{"cpf=123.456.789-09", "cpf=***.456.789-**"},
		{"cnpj 12345678000195 stays", "cnpj 12345678000195 stays"},
		{"Authorization: Bearer abc.def-ghi", "Authorization: Bearer [redacted]"},
		{"token eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln end", "token [redacted] end"},
		{"grant_type=authorization_code&code=xyz&code_verifier=abc", "grant_type=authorization_code&code=[redacted]&code_verifier=[redacted]"},
		{"no digits at all", "no digits at all"},
		{"account 0001-123456-7", "account 0001-123456-7"},
		{"two 00000000000A11111111111", "two ***.000.000-**A***.111.111-**"},
		{"after a date 2026-12345678909", "after a date 2026-***.456.789-**"},
		{"longer 123456789091", "longer 123456789091"},
	}
	for _, tc := range cases {
		if got := Redact(tc.in); got != tc.want {
			t.Errorf("Redact(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
}

func TestLoggerRedactsAndCarriesIDs(t *testing.T) {
	var buf bytes.Buffer
	log := NewLogger(&buf, slog.LevelDebug)
	req := &Request{InteractionID: "ia-1", OzoneInteractionID: "oz-1"}
	ctx := WithRequest(context.Background(), req)
	SetConsent(ctx, "urn:ifconnect:c1")
	SetClient(ctx, "tpp1")
	log.InfoContext(ctx, "login of 12345678909", "password", "hunter2", "access_token", "t0k", "cpf", "123.456.789-09",
		"err", errors.New("bad Bearer abcdef"), slog.Group("g", "client_secret", "s"))
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("not one JSON line: %s", buf.String())
	}
	want := map[string]any{
		"msg": "login of ***.456.789-**", "password": "[redacted]", "access_token": "[redacted]", "cpf": "***.456.789-**",
		"err": "bad Bearer [redacted]", "x-fapi-interaction-id": "ia-1", "o3-ozone-interaction-id": "oz-1",
		"consent_id": "urn:ifconnect:c1", "client_id": "tpp1",
	}
	for k, v := range want {
		if rec[k] != v {
			t.Errorf("%s = %v; want %v", k, rec[k], v)
		}
	}
	if g, _ := rec["g"].(map[string]any); g["client_secret"] != "[redacted]" {
		t.Errorf("group = %v; want client_secret redacted", rec["g"])
	}
	for _, secret := range []string{"hunter2", "t0k", "12345678909", "abcdef"} {
		if strings.Contains(buf.String(), secret) {
			t.Errorf("log line holds %q: %s", secret, buf.String())
		}
	}
}

func TestMiddlewareMetricsAndRecord(t *testing.T) {
	m := NewMetrics()
	var recs []Record
	var logBuf bytes.Buffer
	mux := http.NewServeMux()
	mux.HandleFunc("GET /accounts/{id}", func(w http.ResponseWriter, r *http.Request) {
		if RequestFrom(r.Context()).ConsentID() != "urn:c:1" {
			t.Errorf("o3-consent-id not in the request context")
		}
		w.Write([]byte("{}"))
	})
	mux.HandleFunc("POST /pay", func(w http.ResponseWriter, r *http.Request) {
		SetOperation(r.Context(), "paymentsPostPixPayments")
		SetClient(r.Context(), "tpp2")
		w.WriteHeader(http.StatusUnprocessableEntity)
	})
	h := Middleware(Options{Server: "test", Metrics: m, Log: NewLogger(&logBuf, slog.LevelInfo),
		Client: func(r *http.Request) string { return r.Header.Get("o3-caller-client-id") },
		Record: func(r Record) { recs = append(recs, r) }}, mux)
	do := func(method, path string, hdr ...string) int {
		r := httptest.NewRequest(method, path, nil)
		for i := 0; i+1 < len(hdr); i += 2 {
			r.Header.Set(hdr[i], hdr[i+1])
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	do("GET", "/accounts/a1", "o3-caller-client-id", "tpp1", "o3-consent-id", "urn:c:1")
	do("GET", "/accounts/a2", "o3-caller-client-id", "tpp1", "o3-consent-id", "urn:c:1")
	do("POST", "/pay")
	do("GET", "/nowhere/12345")
	if len(recs) != 4 || recs[2].Operation != "paymentsPostPixPayments" || recs[2].Status != 422 || recs[3].Path != "/nowhere/12345" {
		t.Errorf("records = %+v", recs)
	}
	if logBuf.Len() != 0 {
		t.Errorf("2xx and 4xx logged at info: %s", logBuf.String())
	}
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, want := range []string{`ifconnect_http_requests_total{client="tpp1",operation="GET /accounts/{id}",server="test",status_class="2xx"} 2`,
		`ifconnect_http_requests_total{client="tpp2",operation="paymentsPostPixPayments",server="test",status_class="4xx"} 1`,
		`ifconnect_http_requests_total{client="unknown",operation="unmatched",server="test",status_class="4xx"} 1`,
		`ifconnect_http_request_duration_seconds_bucket{client="tpp1",operation="GET /accounts/{id}",server="test",status_class="2xx",le="1"} 2`,
		`ifconnect_http_requests_in_flight{server="test"} 0`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestReadyz(t *testing.T) {
	h := Readyz(map[string]Check{
		"database": func(context.Context) error { return nil },
		"platform": func(context.Context) error { return errors.New("dial tcp 127.0.0.1:9444: connection refused") },
	}, time.Second)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
	var body struct {
		Status string
		Checks map[string]string
	}
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != 503 || body.Status != "unavailable" ||
		body.Checks["database"] != "ok" || !strings.Contains(body.Checks["platform"], "refused") {
		t.Errorf("readyz = %d %s", w.Code, w.Body)
	}
	ok := Readyz(map[string]Check{"database": func(context.Context) error { return nil }}, time.Second)
	w = httptest.NewRecorder()
	ok.ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
	if w.Code != 200 {
		t.Errorf("all checks pass: readyz = %d", w.Code)
	}
	w = httptest.NewRecorder()
	Healthz().ServeHTTP(w, httptest.NewRequest("GET", "/healthz", nil))
	if w.Code != 200 {
		t.Errorf("healthz = %d", w.Code)
	}
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{"12345678909", "123.456.789-09", "Bearer x", "eyJa.b.c", "code=1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Redact(s)
		if Redact(out) != out {
			t.Errorf("Redact is not idempotent on %q: %q then %q", s, out, Redact(out))
		}
		if maskCPFs(out) != out {
			t.Errorf("Redact(%q) = %q still holds a CPF", s, out)
		}
	})
}

func TestMiddlewareBodyLimitKeepsPattern(t *testing.T) {
	m := NewMetrics()
	mux := http.NewServeMux()
	var readErr error
	mux.HandleFunc("POST /pay", func(w http.ResponseWriter, r *http.Request) {
		_, readErr = io.ReadAll(r.Body)
		var mbe *http.MaxBytesError
		if errors.As(readErr, &mbe) {
			w.WriteHeader(http.StatusRequestEntityTooLarge)
		}
	})
	var got []Record
	h := Middleware(Options{Server: "t", Metrics: m, MaxBody: 8, Record: func(r Record) { got = append(got, r) }}, mux)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("POST", "/pay", strings.NewReader(strings.Repeat("x", 9))))
	if w.Code != http.StatusRequestEntityTooLarge || readErr == nil {
		t.Errorf("9-byte body over an 8-byte limit: %d, read error %v", w.Code, readErr)
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest("POST", "/pay", strings.NewReader("12345678")))
	if w.Code != http.StatusOK {
		t.Errorf("8-byte body: %d", w.Code)
	}
	if len(got) != 2 || got[0].Operation != "POST /pay" || got[1].Operation != "POST /pay" {
		t.Errorf("records = %+v; want the route pattern on both", got)
	}
}
