package bankclient

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// Defaults of Options.
const (
	DefaultTimeout          = 5 * time.Second
	DefaultRetries          = 2
	DefaultBackoff          = 50 * time.Millisecond
	DefaultBreakerThreshold = 5
	DefaultBreakerCooldown  = 10 * time.Second
	DefaultMaxConnsPerHost  = 256
	// maxResponse bounds a bank response body; a bigger one is a bank failure, not an OOM.
	maxResponse = 32 << 20
)

// Options configure a Client. BaseURL, TLS and ASPSPID are required.
type Options struct {
	// BaseURL is the bank's Bank Connect base URL, e.g. https://127.0.0.1:8443.
	BaseURL string
	// TLS is the client configuration: the platform's client certificate and the CA the bank's
	// server certificate chains to (pki.ClientConfig).
	TLS *tls.Config
	// ASPSPID is the bank's id, sent in o3-aspsp-id.
	ASPSPID string
	// Bearer, when set, is sent as "Authorization: Bearer …" (banks that also check a token).
	Bearer string
	// Timeout is the deadline of one call, retries included (default 5 s).
	Timeout time.Duration
	// Retries is how many times a failed GET is retried (default 2; negative disables).
	Retries int
	// Backoff is the first retry's wait; each retry doubles it, with jitter (default 50 ms).
	Backoff time.Duration
	// BreakerThreshold failures in a row open an endpoint's breaker for BreakerCooldown (defaults 5
	// and 10 s).
	BreakerThreshold int
	BreakerCooldown  time.Duration
	// MaxConnsPerHost bounds the pooled keep-alive connections to the bank (default 256).
	MaxConnsPerHost int
	// Now is the clock of the breakers; default time.Now.
	Now func() time.Time
	// Log receives one line per failed call; default discards.
	Log *slog.Logger
	// Observe, when set, is told of every call once it is over, retries included: the endpoint, how
	// long it took and its error (nil on success), for the platform's latency metrics.
	Observe func(endpoint string, d time.Duration, err error)
}

// Client calls one bank's Bank Connect server. It is safe for concurrent use.
type Client struct {
	opts     Options
	base     *url.URL
	http     *http.Client
	tr       *http.Transport
	breakers *breakers
}

// New checks the options and returns a client with its own pooled transport.
func New(opts Options) (*Client, error) {
	base, err := url.Parse(strings.TrimSuffix(opts.BaseURL, "/"))
	if err != nil || base.Scheme != "https" || base.Host == "" {
		return nil, fmt.Errorf("bankclient: base URL %q must be an https URL", opts.BaseURL)
	}
	if opts.TLS == nil {
		return nil, errors.New("bankclient: a TLS client configuration (mutual TLS) is required")
	}
	if opts.ASPSPID == "" {
		return nil, errors.New("bankclient: the ASPSP id is required")
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Retries == 0 {
		opts.Retries = DefaultRetries
	}
	if opts.Retries < 0 {
		opts.Retries = 0
	}
	if opts.Backoff <= 0 {
		opts.Backoff = DefaultBackoff
	}
	if opts.BreakerThreshold <= 0 {
		opts.BreakerThreshold = DefaultBreakerThreshold
	}
	if opts.BreakerCooldown <= 0 {
		opts.BreakerCooldown = DefaultBreakerCooldown
	}
	if opts.MaxConnsPerHost <= 0 {
		opts.MaxConnsPerHost = DefaultMaxConnsPerHost
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	tr := &http.Transport{
		TLSClientConfig:       opts.TLS.Clone(),
		DialContext:           (&net.Dialer{Timeout: opts.Timeout, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:          opts.MaxConnsPerHost,
		MaxIdleConnsPerHost:   opts.MaxConnsPerHost,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   opts.Timeout,
		ResponseHeaderTimeout: opts.Timeout,
	}
	return &Client{
		opts: opts, base: base, tr: tr,
		http:     &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		breakers: &breakers{threshold: opts.BreakerThreshold, cooldown: opts.BreakerCooldown, m: map[string]*breaker{}},
	}, nil
}

// Close drops the pooled connections.
func (c *Client) Close() { c.tr.CloseIdleConnections() }

// ASPSPID returns the bank's id the client sends.
func (c *Client) ASPSPID() string { return c.opts.ASPSPID }

// Context says who calls and for whom: the TPP's call the gateway checked and the consent it is made
// under. It becomes the o3-* headers of the Bank Connect call.
type Context struct {
	// APIURI is the parameterised path the TPP called ("/open-banking/accounts/v1/accounts/{accountId}")
	// and APIOperation its method.
	APIURI       string
	APIOperation string
	ConsentID    string
	// PSU is the customer the consent belongs to; nil for calls not made for one.
	PSU                       *bankconnect.PSUIdentifier
	CallerOrgID               string
	CallerClientID            string
	CallerSoftwareStatementID string
	// CallerInteractionID is the TPP's x-fapi-interaction-id; InteractionID the platform's own id
	// of the call (o3-ozone-interaction-id).
	CallerInteractionID string
	InteractionID       string
}

// Request is one Bank Connect call.
type Request struct {
	Method string
	// Endpoint is the contract's operation ("GET /accounts/{accountId}"): the breaker key and the
	// name in errors and logs.
	Endpoint string
	// Path is the concrete path ("/accounts/acc-1") and Query its parameters.
	Path  string
	Query url.Values
	// Body is encoded as JSON when not nil.
	Body any
}

// Do makes the call and decodes a 2xx body into out (when not nil). GETs that fail for want of an
// answer or with a 5xx are retried with backoff within the call's deadline.
func (c *Client) Do(ctx context.Context, cc Context, req Request, out any) error {
	if c.opts.Observe == nil {
		return c.do(ctx, cc, req, out)
	}
	start := time.Now()
	err := c.do(ctx, cc, req, out)
	c.opts.Observe(req.Endpoint, time.Since(start), err)
	return err
}

func (c *Client) do(ctx context.Context, cc Context, req Request, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	var body []byte
	if req.Body != nil {
		b, err := json.Marshal(req.Body)
		if err != nil {
			return fmt.Errorf("bankclient: encode %s: %w", req.Endpoint, err)
		}
		body = b
	}
	br := c.breakers.get(req.Endpoint)
	attempts := 1
	if req.Method == http.MethodGet {
		attempts += c.opts.Retries
	}
	var err error
	for i := range attempts {
		if i > 0 {
			if werr := sleep(ctx, c.backoff(i)); werr != nil {
				break
			}
		}
		if !br.allow(c.opts.Now()) {
			err = &Error{Kind: KindUnavailable, Endpoint: req.Endpoint, Err: ErrCircuitOpen}
			break
		}
		err = c.once(ctx, cc, req, body, out)
		br.report(!failure(err), c.opts.Now())
		if !failure(err) {
			return err
		}
	}
	c.opts.Log.Warn("bank connect call failed", "endpoint", req.Endpoint, "interactionId", cc.InteractionID, "error", err)
	return err
}

// failure reports whether err counts against the bank: no answer or a 5xx. A 4xx is the bank
// working as it should.
func failure(err error) bool {
	k := KindOf(err)
	return err != nil && k != KindRejected && k != 0
}

// backoff is the wait before retry i (1-based): Backoff·2^(i−1), with up to 50% jitter.
func (c *Client) backoff(i int) time.Duration {
	d := c.opts.Backoff << (i - 1)
	return d/2 + rand.N(d/2+1)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// once makes one attempt.
func (c *Client) once(ctx context.Context, cc Context, req Request, body []byte, out any) error {
	u := *c.base
	u.Path = c.base.Path + req.Path
	u.RawQuery = req.Query.Encode()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, u.String(), rd)
	if err != nil {
		return fmt.Errorf("bankclient: build %s: %w", req.Endpoint, err)
	}
	c.setHeaders(hr.Header, cc, body != nil)
	res, err := c.http.Do(hr)
	if err != nil {
		return &Error{Kind: KindTimeout, Endpoint: req.Endpoint, Err: err}
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, maxResponse+1))
	if err != nil {
		return &Error{Kind: KindTimeout, Endpoint: req.Endpoint, Err: err}
	}
	if len(data) > maxResponse {
		return &Error{Kind: KindBankFailure, Endpoint: req.Endpoint, Status: res.StatusCode, Err: errors.New("response body too large")}
	}
	if res.StatusCode >= 300 {
		e := &Error{Kind: KindRejected, Endpoint: req.Endpoint, Status: res.StatusCode}
		if res.StatusCode >= 500 {
			e.Kind = KindBankFailure
		}
		var be bankconnect.Error
		if json.Unmarshal(data, &be) == nil {
			e.Code, e.Message = be.ErrorCode, be.ErrorMessage
		}
		return e
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &Error{Kind: KindBankFailure, Endpoint: req.Endpoint, Status: res.StatusCode, Err: fmt.Errorf("decode response: %w", err)}
	}
	return nil
}

// setHeaders writes the context headers of the contract (components.parameters).
func (c *Client) setHeaders(h http.Header, cc Context, hasBody bool) {
	h.Set("Accept", "application/json")
	if hasBody {
		h.Set("Content-Type", "application/json")
	}
	if c.opts.Bearer != "" {
		h.Set("Authorization", "Bearer "+c.opts.Bearer)
	}
	h.Set(bankconnect.HeaderASPSPID, c.opts.ASPSPID)
	set := func(name, v string) {
		if v != "" {
			h.Set(name, v)
		}
	}
	set(bankconnect.HeaderAPIURI, cc.APIURI)
	set(bankconnect.HeaderAPIOperation, cc.APIOperation)
	set(bankconnect.HeaderConsentID, cc.ConsentID)
	set(bankconnect.HeaderCallerOrgID, cc.CallerOrgID)
	set(bankconnect.HeaderCallerClientID, cc.CallerClientID)
	set(bankconnect.HeaderCallerSoftwareStatementID, cc.CallerSoftwareStatementID)
	set(bankconnect.HeaderCallerInteractionID, cc.CallerInteractionID)
	set(bankconnect.HeaderOzoneInteractionID, cc.InteractionID)
	set(bankconnect.HeaderFAPIInteractionID, cc.CallerInteractionID)
	if cc.PSU != nil {
		h.Set(bankconnect.HeaderPSUIdentifier, bankconnect.EncodePSUIdentifier(*cc.PSU))
	}
}
