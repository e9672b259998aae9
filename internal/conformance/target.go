package conformance

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// maxResponse bounds what the harness reads of one answer.
const maxResponse = 8 << 20

// Target is the Bank Connect server under test.
type Target struct {
	// URL is the server's base URL, https://host:port with an optional path prefix.
	URL string
	// Client calls it: mutual TLS with the platform's client certificate.
	Client *http.Client
	// ASPSPID is the bank's id, the o3-aspsp-id value it expects.
	ASPSPID string
	// Bearer is the token the server accepts in Authorization: Bearer, "" when it authenticates the
	// platform by mutual TLS only. The 401 test cases (ACC-010-100 and kin) need it: without one the
	// harness cannot be an unauthorised caller and reports them skipped.
	Bearer string
}

// Exchange is one request the harness sent and the answer it got, kept for the report.
type Exchange struct {
	Method         string      `json:"method"`
	URL            string      `json:"url"`
	RequestHeader  http.Header `json:"requestHeader"`
	RequestBody    string      `json:"requestBody,omitempty"`
	Status         int         `json:"status"`
	ResponseHeader http.Header `json:"responseHeader,omitempty"`
	ResponseBody   string      `json:"responseBody,omitempty"`
	Error          string      `json:"error,omitempty"`
	Duration       time.Duration
}

// response is an answer as a case sees it.
type response struct {
	status int
	header http.Header
	body   []byte
	err    error
}

// do sends one request and records the exchange.
func (tg *Target) do(ctx context.Context, method, path string, h http.Header, body []byte) (response, Exchange) {
	u := strings.TrimRight(tg.URL, "/") + path
	x := Exchange{Method: method, URL: u, RequestHeader: redact(h, tg.Bearer), RequestBody: string(body)}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		x.Error = err.Error()
		return response{err: err}, x
	}
	req.Header = h.Clone()
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	start := time.Now()
	res, err := tg.Client.Do(req)
	if err != nil {
		x.Error = err.Error()
		x.Duration = time.Since(start)
		return response{err: fmt.Errorf("%s %s: %w", method, path, err)}, x
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, maxResponse))
	x.Duration = time.Since(start)
	x.Status, x.ResponseHeader, x.ResponseBody = res.StatusCode, res.Header, string(b)
	if err != nil {
		x.Error = err.Error()
		return response{status: res.StatusCode, header: res.Header, err: fmt.Errorf("%s %s: read body: %w", method, path, err)}, x
	}
	return response{status: res.StatusCode, header: res.Header, body: b}, x
}

// redact hides the target's bearer token in what the report shows; the made-up wrong tokens of the
// 401 cases stay visible.
func redact(h http.Header, token string) http.Header {
	out := h.Clone()
	if v := out.Get("Authorization"); token != "" && strings.Contains(v, token) {
		out.Set("Authorization", strings.ReplaceAll(v, token, "(the --bearer token)"))
	}
	return out
}

// contextHeaders are the headers of a well-formed call for the fixture's PSU, as the platform sends
// them (components.parameters of the contract).
func (tg *Target) contextHeaders(f *Fixture, method, apiURI string) http.Header {
	h := http.Header{}
	h.Set(bankconnect.HeaderASPSPID, tg.ASPSPID)
	h.Set(bankconnect.HeaderAPIURI, apiURI)
	h.Set(bankconnect.HeaderAPIOperation, method)
	h.Set(bankconnect.HeaderOzoneInteractionID, newID())
	h.Set(bankconnect.HeaderCallerInteractionID, newID())
	h.Set(bankconnect.HeaderConsentID, f.consentID())
	h.Set(bankconnect.HeaderCallerOrgID, "ifconnect-conformance-org")
	h.Set(bankconnect.HeaderCallerClientID, "ifconnect-conformance-client")
	h.Set(bankconnect.HeaderCallerSoftwareStatementID, "ifconnect-conformance-ssa")
	h.Set(bankconnect.HeaderPSUIdentifier, f.PSUHeader())
	if tg.Bearer != "" {
		h.Set("Authorization", "Bearer "+tg.Bearer)
	}
	return h
}
