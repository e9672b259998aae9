package tpp

import (
	"context"
	"crypto"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// Client authentication methods at the token endpoint (OpenID Connect Core §9, RFC 8705 §2).
const (
	AuthPrivateKeyJWT = "private_key_jwt"
	AuthTLSClientAuth = "tls_client_auth"
)

// Config is one TPP as the platform registered it.
type Config struct {
	// Issuer is the platform's TPP-facing URL and OpenID issuer; the Open Banking APIs are served
	// under it too unless APIBaseURL says otherwise.
	Issuer     string
	APIBaseURL string
	ClientID   string
	// AuthMethod is AuthPrivateKeyJWT or AuthTLSClientAuth.
	AuthMethod string
	// TLS carries the TPP's transport certificate and the CAs the platform's certificate chains to.
	TLS *tls.Config
	// SigningKey signs request objects, client assertions and the payments API's request bodies
	// (x-jws-signature), all PS256; KeyID is its kid, empty for none.
	SigningKey crypto.Signer
	KeyID      string
	// RedirectURI is the registered redirect URI the authorization response comes back to.
	RedirectURI string
	// Timeout bounds each HTTP exchange; default 30 s.
	Timeout time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Client is a TPP client of one platform. It is safe for concurrent use; its connections are kept
// alive and shared by every flow.
type Client struct {
	cfg       Config
	http      *http.Client
	transport *http.Transport

	mu    sync.Mutex
	disco *Discovery
	jwks  *jose.JSONWebKeySet
}

// Discovery is the part of the OpenID Provider metadata the client uses.
type Discovery struct {
	Issuer                string `json:"issuer"`
	AuthorizationEndpoint string `json:"authorization_endpoint"`
	TokenEndpoint         string `json:"token_endpoint"`
	PAREndpoint           string `json:"pushed_authorization_request_endpoint"`
	JWKSURI               string `json:"jwks_uri"`
}

// New returns a client for cfg.
func New(cfg Config) (*Client, error) {
	switch {
	case cfg.Issuer == "":
		return nil, errors.New("tpp: an issuer URL is required")
	case cfg.ClientID == "":
		return nil, errors.New("tpp: a client id is required")
	case cfg.TLS == nil || len(cfg.TLS.Certificates) == 0 && cfg.TLS.GetClientCertificate == nil:
		return nil, errors.New("tpp: a transport certificate is required (FAPI mutual TLS)")
	case cfg.SigningKey == nil:
		return nil, errors.New("tpp: a request-object signing key is required")
	case cfg.RedirectURI == "":
		return nil, errors.New("tpp: a redirect URI is required")
	case cfg.AuthMethod != AuthPrivateKeyJWT && cfg.AuthMethod != AuthTLSClientAuth:
		return nil, fmt.Errorf("tpp: authentication method %q is neither %s nor %s", cfg.AuthMethod, AuthPrivateKeyJWT, AuthTLSClientAuth)
	}
	cfg.Issuer = strings.TrimSuffix(cfg.Issuer, "/")
	if cfg.APIBaseURL == "" {
		cfg.APIBaseURL = cfg.Issuer
	}
	cfg.APIBaseURL = strings.TrimSuffix(cfg.APIBaseURL, "/")
	if cfg.Timeout == 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	tr := &http.Transport{TLSClientConfig: cfg.TLS.Clone(), ForceAttemptHTTP2: true, MaxIdleConnsPerHost: 64,
		IdleConnTimeout: 90 * time.Second, TLSHandshakeTimeout: 10 * time.Second}
	return &Client{cfg: cfg, transport: tr, http: &http.Client{Transport: tr, Timeout: cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}, nil
}

// Config returns the client's configuration.
func (c *Client) Config() Config { return c.cfg }

// Close releases idle connections.
func (c *Client) Close() { c.transport.CloseIdleConnections() }

// Discover reads (once) the platform's OpenID Provider metadata.
func (c *Client) Discover(ctx context.Context) (Discovery, error) {
	c.mu.Lock()
	d := c.disco
	c.mu.Unlock()
	if d != nil {
		return *d, nil
	}
	var md Discovery
	if err := c.getJSON(ctx, c.cfg.Issuer+"/.well-known/openid-configuration", &md); err != nil {
		return Discovery{}, fmt.Errorf("tpp: discovery: %w", err)
	}
	if md.Issuer != c.cfg.Issuer {
		return Discovery{}, fmt.Errorf("tpp: discovery: issuer %q is not the configured %q", md.Issuer, c.cfg.Issuer)
	}
	if md.TokenEndpoint == "" || md.AuthorizationEndpoint == "" || md.PAREndpoint == "" || md.JWKSURI == "" {
		return Discovery{}, fmt.Errorf("tpp: discovery: the metadata lacks an endpoint the flows need: %+v", md)
	}
	c.mu.Lock()
	c.disco = &md
	c.mu.Unlock()
	return md, nil
}

// keys returns the platform's JWKS, fetched again when refresh is set (a kid not seen yet, after a
// key rotation).
func (c *Client) keys(ctx context.Context, refresh bool) (jose.JSONWebKeySet, error) {
	c.mu.Lock()
	k := c.jwks
	c.mu.Unlock()
	if k != nil && !refresh {
		return *k, nil
	}
	d, err := c.Discover(ctx)
	if err != nil {
		return jose.JSONWebKeySet{}, err
	}
	var set jose.JSONWebKeySet
	if err := c.getJSON(ctx, d.JWKSURI, &set); err != nil {
		return jose.JSONWebKeySet{}, fmt.Errorf("tpp: JWKS: %w", err)
	}
	c.mu.Lock()
	c.jwks = &set
	c.mu.Unlock()
	return set, nil
}

func (c *Client) getJSON(ctx context.Context, url string, v any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %d %s", url, res.StatusCode, snippet(b))
	}
	return json.Unmarshal(b, v)
}

// snippet is the start of a response body for an error message.
func snippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}
