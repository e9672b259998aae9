package tpp

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"
)

// Browser plays the customer's browser in the authorization journey: it keeps cookies, follows
// redirects, fills in and submits HTML forms, and stops when it arrives at the TPP's redirect URI
// (which it does not request: the arrival is the authorization response).
type Browser struct {
	client      *http.Client
	redirectURI *url.URL
}

// Navigation is where a request ended: an HTML page of the bank, or the TPP's redirect URI.
type Navigation struct {
	Page    *Page
	Arrived string // the redirect URI with the authorization response, when reached
	Status  int    // status of the last response received
}

// NewBrowserTransport is a transport for browsers: server certificates checked against tlsCfg's
// roots, no client certificate. One transport may serve many browsers.
func NewBrowserTransport(tlsCfg *tls.Config) *http.Transport {
	cfg := tlsCfg.Clone()
	cfg.Certificates, cfg.GetClientCertificate = nil, nil
	return &http.Transport{TLSClientConfig: cfg, ForceAttemptHTTP2: true, MaxIdleConnsPerHost: 64, IdleConnTimeout: 90 * time.Second,
		TLSHandshakeTimeout: 10 * time.Second}
}

// NewBrowser returns a browser with an empty cookie jar over the transport.
func NewBrowser(tr http.RoundTripper, redirectURI string) (*Browser, error) {
	ru, err := url.Parse(redirectURI)
	if err != nil || ru.Host == "" {
		return nil, fmt.Errorf("tpp: redirect URI %q is not an absolute URL", redirectURI)
	}
	jar, _ := cookiejar.New(nil)
	return &Browser{redirectURI: ru, client: &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}, nil
}

// maxRedirects is as many redirects as a browser follows before giving up.
const maxRedirects = 10

// Open navigates to u.
func (b *Browser) Open(ctx context.Context, u string) (Navigation, error) {
	return b.navigate(ctx, http.MethodGet, u, nil)
}

// Submit presses the form's button with the id ("" for its first button).
func (b *Browser) Submit(ctx context.Context, f *Form, buttonID string) (Navigation, error) {
	action, values, err := f.submission(buttonID)
	if err != nil {
		return Navigation{}, err
	}
	if f.Method == http.MethodGet {
		u, err := url.Parse(action)
		if err != nil {
			return Navigation{}, err
		}
		u.RawQuery = values.Encode()
		return b.navigate(ctx, http.MethodGet, u.String(), nil)
	}
	return b.navigate(ctx, http.MethodPost, action, values)
}

func (b *Browser) navigate(ctx context.Context, method, u string, form url.Values) (Navigation, error) {
	status := 0
	for range maxRedirects {
		if b.isRedirectURI(u) {
			return Navigation{Arrived: u, Status: status}, nil
		}
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, err := http.NewRequestWithContext(ctx, method, u, body)
		if err != nil {
			return Navigation{}, fmt.Errorf("tpp: browser: %w", err)
		}
		req.Header.Set("Accept", "text/html")
		req.Header.Set("User-Agent", "ifconnect-tpp-browser")
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			// The bank's CSRF defence may check the Origin of a form post, as browsers send it.
			if pu, err := url.Parse(u); err == nil {
				req.Header.Set("Origin", pu.Scheme+"://"+pu.Host)
			}
		}
		res, err := b.client.Do(req)
		if err != nil {
			return Navigation{}, fmt.Errorf("tpp: browser: %s %s: %w", method, req.URL.Path, err)
		}
		data, err := io.ReadAll(io.LimitReader(res.Body, maxBody))
		res.Body.Close()
		if err != nil {
			return Navigation{}, fmt.Errorf("tpp: browser: %s %s: %w", method, req.URL.Path, err)
		}
		status = res.StatusCode
		if status >= 300 && status < 400 {
			loc, err := req.URL.Parse(res.Header.Get("Location"))
			if err != nil || res.Header.Get("Location") == "" {
				return Navigation{Status: status}, fmt.Errorf("tpp: browser: %s %s: redirect %d without a usable Location", method, req.URL.Path, status)
			}
			// 302 and 303 turn a POST into a GET, as browsers do; 307 and 308 do not occur here.
			u, method, form = loc.String(), http.MethodGet, nil
			continue
		}
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			return Navigation{Status: status}, fmt.Errorf("tpp: browser: %s %s: %d %s is not an HTML page: %s", method, req.URL.Path, status,
				res.Header.Get("Content-Type"), snippet(data))
		}
		p, err := parsePage(req.URL, status, data)
		if err != nil {
			return Navigation{Status: status}, err
		}
		return Navigation{Page: p, Status: status}, nil
	}
	return Navigation{Status: status}, fmt.Errorf("tpp: browser: more than %d redirects from %s", maxRedirects, u)
}

// isRedirectURI reports whether u is the TPP's redirect URI (scheme, host and path; the response
// travels in the query or the fragment).
func (b *Browser) isRedirectURI(u string) bool {
	p, err := url.Parse(u)
	return err == nil && strings.EqualFold(p.Scheme, b.redirectURI.Scheme) && strings.EqualFold(p.Host, b.redirectURI.Host) && p.Path == b.redirectURI.Path
}
