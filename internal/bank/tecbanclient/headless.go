package tecbanclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
)

// AuthOutcome is one of the three answers of the headless GET /auth (step 3003/3004).
type AuthOutcome int

// The outcomes of GET /auth, as the headless contract names them.
const (
	// AuthStarted (200): the request is valid; continue the interaction.
	AuthStarted AuthOutcome = iota + 1
	// AuthRedirect (302): a redirectable failure; send the browser to Location, unmodified.
	AuthRedirect
	// AuthRejected (400): a non-redirectable failure; render an error page and never redirect.
	AuthRejected
)

// AuthResult is what GET /auth answered.
type AuthResult struct {
	Outcome AuthOutcome
	// Started is the 200 body.
	Started heimdall.AuthSuccessResponse
	// Location is the 302's Location, exactly as the platform sent it.
	Location string
	// Rejected is the 400 body, when it could be read.
	Rejected heimdall.AuthErrorResponse
}

// Headless calls the platform's headless authorization API (tecban/openapi/headless-heimdall-spec.yaml)
// over mutual TLS: GET /auth at step 3003, doConfirm at 4005 and doFail when the journey ends badly.
// It never follows redirects: a 302 is the answer, and its Location goes to the browser untouched.
type Headless struct {
	base string
	hc   *http.Client
}

// maxHeadlessBody bounds what is read of a headless answer; a 200 body is a few kilobytes.
const maxHeadlessBody = 1 << 20

// NewHeadless returns a client of the headless API at baseURL (the platform's bank-facing URL, e.g.
// https://127.0.0.1:8443). hc carries the mutual-TLS transport and a timeout; its redirect policy is
// replaced so the client sees every 302 itself.
func NewHeadless(baseURL string, hc *http.Client) (*Headless, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("headless client: base URL %q must be an absolute https URL", baseURL)
	}
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	if c.Timeout == 0 {
		c.Timeout = 15 * time.Second
	}
	return &Headless{base: strings.TrimRight(baseURL, "/"), hc: &c}, nil
}

// Auth forwards the TPP's authorization request to GET /auth. rawQuery is the query string the
// browser brought to the bank's /auth, passed on unchanged (the contract: "pass on all the query
// parameters"). A transport failure, a timeout or a 5xx is an error with code EUNAVAILABLE; any other
// unexpected answer is EINTERNAL.
func (h *Headless) Auth(ctx context.Context, rawQuery string) (AuthResult, error) {
	target := h.base + heimdall.PathAuth
	if rawQuery != "" {
		target += "?" + rawQuery
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return AuthResult{}, fmt.Errorf("headless GET /auth: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := h.hc.Do(req)
	if err != nil {
		return AuthResult{}, unavailable("GET /auth", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxHeadlessBody))
	if err != nil {
		return AuthResult{}, unavailable("GET /auth", err)
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		var ok heimdall.AuthSuccessResponse
		if err := json.Unmarshal(body, &ok); err != nil {
			return AuthResult{}, core.Errorf(core.EINTERNAL, "headless GET /auth: unreadable 200 body: %v", err)
		}
		if ok.Interaction.InteractionID == "" {
			return AuthResult{}, core.Errorf(core.EINTERNAL, "headless GET /auth: 200 without interaction.interactionId")
		}
		return AuthResult{Outcome: AuthStarted, Started: ok}, nil
	case resp.StatusCode == http.StatusFound || resp.StatusCode == http.StatusSeeOther:
		loc := resp.Header.Get("Location")
		if !absoluteHTTPS(loc) {
			return AuthResult{}, core.Errorf(core.EINTERNAL, "headless GET /auth: redirect without an absolute https Location")
		}
		return AuthResult{Outcome: AuthRedirect, Location: loc}, nil
	case resp.StatusCode == http.StatusBadRequest:
		var bad heimdall.AuthErrorResponse
		// The body is informative only: a 400 without a readable body is still a 400.
		_ = json.Unmarshal(body, &bad)
		return AuthResult{Outcome: AuthRejected, Rejected: bad}, nil
	case resp.StatusCode >= 500:
		return AuthResult{}, core.Errorf(core.EUNAVAILABLE, "headless GET /auth: platform answered %d", resp.StatusCode)
	default:
		return AuthResult{}, core.Errorf(core.EINTERNAL, "headless GET /auth: unexpected status %d", resp.StatusCode)
	}
}

// DoConfirm ends the interaction with success (step 4005) and returns the Location the browser must
// be sent to (step 4006/5001).
func (h *Headless) DoConfirm(ctx context.Context, interactionID string, c heimdall.Confirm) (string, error) {
	return h.end(ctx, heimdall.ConfirmPath(interactionID), c.Form(), "doConfirm")
}

// DoFail ends the interaction with an OAuth error (access_denied when the customer refused) and
// returns the Location the browser must be sent to.
func (h *Headless) DoFail(ctx context.Context, interactionID string, f heimdall.Fail) (string, error) {
	return h.end(ctx, heimdall.FailPath(interactionID), f.Form(), "doFail")
}

func (h *Headless) end(ctx context.Context, path string, form url.Values, op string) (string, error) {
	if strings.Contains(path, "/auth//") {
		return "", core.Errorf(core.EINVALID, "headless %s: empty interaction id", op)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("headless %s: %w", op, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := h.hc.Do(req)
	if err != nil {
		return "", unavailable(op, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxHeadlessBody))
	switch {
	case resp.StatusCode == http.StatusFound || resp.StatusCode == http.StatusSeeOther:
		loc := resp.Header.Get("Location")
		if !absoluteHTTPS(loc) {
			return "", core.Errorf(core.EINTERNAL, "headless %s: redirect without an absolute https Location", op)
		}
		return loc, nil
	case resp.StatusCode >= 500:
		return "", core.Errorf(core.EUNAVAILABLE, "headless %s: platform answered %d", op, resp.StatusCode)
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusBadRequest || resp.StatusCode == http.StatusConflict:
		var e heimdall.AuthErrorResponse
		_ = json.Unmarshal(body, &e)
		return "", core.Errorf(core.ENOTFOUND, "headless %s: interaction is not open (%d %s)", op, resp.StatusCode, e.Error)
	default:
		return "", core.Errorf(core.EINTERNAL, "headless %s: unexpected status %d", op, resp.StatusCode)
	}
}

// absoluteHTTPS reports whether loc is an absolute URL the browser can be sent to. The platform
// vouches for the destination (a registered redirect_uri); this only refuses what no FAPI redirect
// could be: a relative or non-https URL.
func absoluteHTTPS(loc string) bool {
	u, err := url.Parse(loc)
	return err == nil && u.Scheme == "https" && u.Host != ""
}

func unavailable(op string, err error) error {
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return core.Errorf(core.EUNAVAILABLE, "headless %s: platform did not answer in time", op)
	}
	return fmt.Errorf("headless %s: %w", op, core.Errorf(core.EUNAVAILABLE, "platform unreachable: %v", err))
}
