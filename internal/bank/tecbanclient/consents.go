package tecbanclient

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/paymentbody"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

var _ core.ConsentReader = (*ConsentManager)(nil)

// maxResponse bounds a consent manager response the client reads.
const maxResponse = 1 << 20

// Options configure a ConsentManager client.
type Options struct {
	// BaseURL is the consent manager's base URL, e.g. https://127.0.0.1:8443 (the "platform-bank"
	// endpoint of the sandbox).
	BaseURL string
	// TLS is the mutual-TLS client configuration: the bank's client certificate and the CA the
	// platform's server certificate chains to (see pki.ClientConfig).
	TLS *tls.Config
	// Timeout bounds each call (default 10s).
	Timeout time.Duration
	// MaxConns is the number of keep-alive connections kept to the platform (default 128), enough for
	// the PIS server's concurrency without a new TLS handshake per payment.
	MaxConns int
}

// ConsentManager calls the platform's Consent Manager over mutual TLS.
type ConsentManager struct {
	base *url.URL
	hc   *http.Client
}

// NewConsentManager returns a client of the consent manager at o.BaseURL.
func NewConsentManager(o Options) (*ConsentManager, error) {
	u, err := url.Parse(o.BaseURL)
	if err != nil || u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("consent manager: base URL %q must be an https URL", o.BaseURL)
	}
	if o.TLS == nil {
		return nil, errors.New("consent manager: a mutual-TLS client configuration is required")
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.MaxConns <= 0 {
		o.MaxConns = 128
	}
	tr := &http.Transport{
		TLSClientConfig:     o.TLS.Clone(),
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout: 5 * time.Second,
		MaxIdleConns:        o.MaxConns,
		MaxIdleConnsPerHost: o.MaxConns,
		IdleConnTimeout:     90 * time.Second,
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return &ConsentManager{base: u, hc: &http.Client{Transport: tr, Timeout: o.Timeout}}, nil
}

// Close releases the client's idle connections.
func (c *ConsentManager) Close() { c.hc.CloseIdleConnections() }

// Consent returns the consent with the consent manager's id (GET /consents/{consentId}).
func (c *ConsentManager) Consent(ctx context.Context, id string) (consentmgr.ConsentGetResponse, error) {
	var out consentmgr.ConsentGetResponse
	err := c.get(ctx, id, &out)
	if err == nil && out.ID != id {
		err = core.Errorf(core.EUNAVAILABLE, "the consent manager answered with consent %q for %q", out.ID, id)
	}
	return out, err
}

// get reads the consent with id into out, which the answer's JSON is decoded into.
func (c *ConsentManager) get(ctx context.Context, id string, out any) error {
	if id == "" {
		return core.Errorf(core.EINVALID, "a consent id is required")
	}
	u := *c.base
	u.RawPath = c.base.EscapedPath() + "/consents/" + url.PathEscape(id)
	u.Path += "/consents/" + id
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fmt.Errorf("consent manager: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.hc.Do(req)
	if err != nil {
		return consentUnavailable(ctx, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse+1))
	if err != nil {
		return consentUnavailable(ctx, err)
	}
	if len(body) > maxResponse {
		return core.Errorf(core.EUNAVAILABLE, "the consent manager's answer is larger than %d bytes", maxResponse)
	}
	if resp.StatusCode != http.StatusOK {
		return statusError(resp.StatusCode, body, id)
	}
	if err := json.Unmarshal(body, out); err != nil {
		return core.Errorf(core.EUNAVAILABLE, "the consent manager's answer for consent %s is not a consent: %v", id, err)
	}
	return nil
}

// PaymentConsent returns the payment consent with the consent manager's id in core terms
// (core.ConsentReader).
func (c *ConsentManager) PaymentConsent(ctx context.Context, id string) (core.PaymentConsent, error) {
	var v paymentConsentView
	if err := c.get(ctx, id, &v); err != nil {
		return core.PaymentConsent{}, err
	}
	if v.ID != id {
		return core.PaymentConsent{}, core.Errorf(core.EUNAVAILABLE, "the consent manager answered with consent %q for %q", v.ID, id)
	}
	pc, err := paymentbody.Consent(v.response())
	if err != nil {
		return core.PaymentConsent{}, fmt.Errorf("consent %s: %w", id, err)
	}
	return pc, nil
}

// paymentConsentView is the part of a consent manager's answer a payment reads. A payment decodes
// only it, in one pass: the contract's full types keep every unknown member of the consent body, the
// TPP and the PSU identifiers (which takes a second decoding of each), and that was a tenth of the PIS
// server's CPU per payment.
type paymentConsentView struct {
	ID          string                 `json:"id"`
	ConsentType consentmgr.ConsentType `json:"consentType"`
	Request     json.RawMessage        `json:"request"`
	ConsentBody *struct {
		Data struct {
			Status           consentmgr.Status `json:"Status"`
			CreationDateTime time.Time         `json:"CreationDateTime"`
		} `json:"Data"`
	} `json:"consentBody"`
	TPP struct {
		ClientID string `json:"clientId"`
	} `json:"tpp"`
	PSUIdentifiers *struct {
		UserID string `json:"userId"`
	} `json:"psuIdentifiers"`
	AccountIDs []string `json:"accountIds"`
}

// response is v in the contract's type, with the members v reads.
func (v paymentConsentView) response() consentmgr.ConsentGetResponse {
	r := consentmgr.ConsentGetResponse{
		ID: v.ID, ConsentType: v.ConsentType, Request: v.Request,
		TPP: consentmgr.TPP{ClientID: v.TPP.ClientID}, AccountIDs: v.AccountIDs,
	}
	if v.ConsentBody != nil {
		r.ConsentBody = &consentmgr.ConsentBody{Data: consentmgr.ConsentData{
			Status: v.ConsentBody.Data.Status, CreationDateTime: v.ConsentBody.Data.CreationDateTime}}
	}
	if v.PSUIdentifiers != nil {
		r.PSUIdentifiers = &consentmgr.PSUIdentifiers{UserID: v.PSUIdentifiers.UserID}
	}
	return r
}

// statusError maps a failure status of the consent manager to a core error. The contract answers
// every failure with 400 and {"errorCode","errorMessage"}; the code tells an unknown consent apart.
func statusError(status int, body []byte, id string) error {
	var e consentmgr.Error
	_ = json.Unmarshal(body, &e)
	switch {
	case e.ErrorCode == consentmgr.CodeConsentNotFound || status == http.StatusNotFound:
		return core.Errorf(core.ENOTFOUND, "consent %s not found", id)
	case status >= 500:
		return core.Errorf(core.EUNAVAILABLE, "the consent manager failed (%d %s)", status, e.ErrorCode)
	default:
		return core.Errorf(core.EUNAVAILABLE, "the consent manager refused to read consent %s (%d %s: %s)", id, status, e.ErrorCode, e.ErrorMessage)
	}
}

func consentUnavailable(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("consent manager: %w", ctx.Err())
	}
	return fmt.Errorf("consent manager: %w", core.Errorf(core.EUNAVAILABLE, "the consent manager cannot be reached: %v", err))
}
