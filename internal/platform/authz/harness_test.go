package authz_test

import (
	"context"
	"crypto/rsa"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/google/uuid"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
	"github.com/ifconnect/ifconnect/internal/platform/keys"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// Keys of the pkitest cache used for JOSE, beyond those the certificates of one PKI take.
const (
	keyTPP1    = 10
	keyTPP2    = 11
	keyOther   = 12
	keyPlatfrm = 13
)

const (
	tpp1Redirect = "https://tpp1.localhost/callback"
	tpp2Redirect = "https://tpp2.localhost/callback"
)

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// fakeConsents is the consent manager as the authorization server sees it.
type fakeConsents struct {
	mu sync.Mutex
	m  map[string]authz.Consent
}

func (f *fakeConsents) Consent(_ context.Context, id string) (authz.Consent, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c, ok := f.m[id]
	if !ok {
		return authz.Consent{}, fmt.Errorf("consent %s: %w", id, authz.ErrConsentNotFound)
	}
	return c, nil
}

func (f *fakeConsents) set(c authz.Consent) {
	f.mu.Lock()
	f.m[c.ID] = c
	f.mu.Unlock()
}

// env is one authorization server on real TLS listeners: the TPP-facing one (client certificate
// verified when given) and the bank-facing one (mutual TLS, bank-client only).
type env struct {
	t        *testing.T
	pki      *pkitest.PKI
	clock    *clock
	consents *fakeConsents
	server   *authz.Server
	store    *authz.Store
	// options are the options server was made with.
	options func() authz.Options
	tppURL  string
	bankURL string
	issuer  string

	tpp1, tpp2, bank pki.Identity
	tpp1Key, tpp2Key *rsa.PrivateKey
}

func newEnv(t *testing.T) *env {
	return newEnvOn(t, databasetest.SQLiteURL(t))
}

func newEnvOn(t *testing.T, dbURL string) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, pki: pkitest.New(t), clock: &clock{now: time.Now().Truncate(time.Second)},
		consents: &fakeConsents{m: map[string]authz.Consent{}}}
	e.tpp1, e.tpp2, e.bank = e.pki.TPP("tpp1"), e.pki.TPP("tpp2"), e.pki.Client("bank-client")
	e.tpp1Key, e.tpp2Key = pkitest.Key(t, keyTPP1), pkitest.Key(t, keyTPP2)

	db, err := database.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	reg, err := registry.Open(ctx, db, e.clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []registry.Client{
		{ID: "tpp1", Name: "TPP One", OrganisationID: pkitest.TPPSubject("tpp1").OrganizationID, SoftwareStatementID: pkitest.TPPSubject("tpp1").SoftwareStatementID,
			RedirectURIs: []string{tpp1Redirect}, JWKS: publicJWKS(e.tpp1Key, "tpp1-sig"),
			SubjectDN: pki.SubjectDN(e.pki.Certificate(e.tpp1)), TokenEndpointAuthMethod: registry.AuthPrivateKeyJWT},
		{ID: "tpp2", Name: "TPP Two", OrganisationID: pkitest.TPPSubject("tpp2").OrganizationID, SoftwareStatementID: pkitest.TPPSubject("tpp2").SoftwareStatementID,
			RedirectURIs: []string{tpp2Redirect}, JWKS: publicJWKS(e.tpp2Key, "tpp2-sig"),
			SubjectDN: pki.SubjectDN(e.pki.Certificate(e.tpp2)), TokenEndpointAuthMethod: registry.AuthTLSClientAuth},
	} {
		if err := reg.Add(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	ks, err := keys.Open(ctx, db, keys.Options{Now: e.clock.Now, Generate: func() (*rsa.PrivateKey, error) { return pkitest.Key(t, keyPlatfrm), nil }})
	if err != nil {
		t.Fatal(err)
	}
	if e.store, err = authz.OpenStore(ctx, db); err != nil {
		t.Fatal(err)
	}

	tppSrv := httptest.NewUnstartedServer(nil)
	tlsCfg := e.pki.WebServerConfig()
	pool, err := pki.LoadCertPool(e.pki.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	tlsCfg.ClientAuth, tlsCfg.ClientCAs = tls.VerifyClientCertIfGiven, pool
	tppSrv.TLS = tlsCfg
	e.issuer = "https://" + tppSrv.Listener.Addr().String()
	e.options = func() authz.Options {
		return authz.Options{
			Issuer: e.issuer, AuthorizationEndpoint: "https://bank.localhost/auth",
			Clients: reg, Consents: e.consents, Signer: ks, Storage: e.store, Now: e.clock.Now,
		}
	}
	e.server, err = authz.New(e.options())
	if err != nil {
		t.Fatal(err)
	}
	tppMux := http.NewServeMux()
	tppMux.Handle("GET "+authz.PathDiscovery, e.server.Discovery())
	tppMux.Handle("GET "+authz.PathJWKS, e.server.JWKS())
	tppMux.Handle("POST "+authz.PathPAR, e.server.PAR())
	tppMux.Handle("POST "+authz.PathToken, e.server.Token())
	tppMux.Handle("POST "+authz.PathIntrospect, e.server.Introspect())
	tppMux.Handle("POST "+authz.PathRevoke, e.server.Revoke())
	tppSrv.Config.Handler = tppMux
	tppSrv.StartTLS()
	t.Cleanup(tppSrv.Close)
	e.tppURL = tppSrv.URL

	bankMux := http.NewServeMux()
	bankMux.Handle("GET /auth", e.server.HeadlessAuth())
	bankMux.Handle("POST /auth/{interactionId}/doConfirm", e.server.DoConfirm())
	bankMux.Handle("POST /auth/{interactionId}/doFail", e.server.DoFail())
	e.bankURL = e.pki.NewServer(bankMux, e.bank).URL
	return e
}

func publicJWKS(k *rsa.PrivateKey, kid string) jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &k.PublicKey, KeyID: kid, Use: "sig", Algorithm: "PS256"}}}
}

// client returns an HTTP client presenting id that never follows redirects, as a bank calling the
// headless API must not.
func (e *env) client(id pki.Identity) *http.Client {
	c := e.pki.HTTPClient(id)
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return c
}

// sign makes a compact JWS of claims with key, alg and kid — the TPP's side, with go-jose only.
func sign(t testing.TB, key any, alg jose.SignatureAlgorithm, kid string, claims any) string {
	t.Helper()
	opts := (&jose.SignerOptions{}).WithType("JWT")
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := jwt.Signed(s).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// newConsent registers an AwaitingAuthorisation consent of client and returns its id.
func (e *env) newConsent(client string) string {
	id := "urn:ifconnect:" + uuid.NewString()
	e.consents.set(authz.Consent{ID: id, ClientID: client, Status: consentmgr.StatusAwaitingAuthorisation, ExpiresAt: e.clock.Now().Add(90 * 24 * time.Hour)})
	return id
}

func (e *env) authorise(consentID string) {
	c, _ := e.consents.Consent(context.Background(), consentID)
	c.Status = consentmgr.StatusAuthorised
	e.consents.set(c)
}

// requestClaims is a valid request object of tpp1 for consent with PKCE challenge.
func (e *env) requestClaims(consentID, challenge string) map[string]any {
	now := e.clock.Now()
	m := map[string]any{
		"iss": "tpp1", "aud": e.issuer, "client_id": "tpp1", "response_type": "code id_token",
		"redirect_uri": tpp1Redirect, "scope": "openid accounts", "nonce": "n-" + uuid.NewString(), "state": "s-" + uuid.NewString(),
		"exp": now.Add(10 * time.Minute).Unix(), "nbf": now.Unix(), "iat": now.Unix(), "jti": uuid.NewString(),
		"claims": map[string]any{"id_token": map[string]any{"openbanking_intent_id": map[string]any{"value": consentID, "essential": true}}},
	}
	if challenge != "" {
		m["code_challenge"], m["code_challenge_method"] = challenge, "S256"
	}
	return m
}

// authQuery is what the TPP puts in the URL of the bank's /auth page and the bank passes on.
func authQuery(client, responseType, scope, request string) url.Values {
	return url.Values{"client_id": {client}, "response_type": {responseType}, "scope": {scope}, "request": {request}}
}

// headlessAuth calls GET /auth as the bank.
func (e *env) headlessAuth(q url.Values) *http.Response {
	e.t.Helper()
	res, err := e.client(e.bank).Get(e.bankURL + "/auth?" + q.Encode())
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

// postForm posts a form with the identity's client certificate.
func (e *env) postForm(id pki.Identity, u string, form url.Values) *http.Response {
	e.t.Helper()
	res, err := e.client(id).PostForm(u, form)
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

// decode reads a JSON body into v and returns the raw body.
func decode(t testing.TB, res *http.Response, v any) []byte {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if v != nil && len(b) > 0 {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("body %q: %v", b, err)
		}
	}
	return b
}

// oauthError is an OAuth error body.
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

// wantOAuthError checks res is an OAuth JSON error with the code and status.
func wantOAuthError(t testing.TB, res *http.Response, status int, code string) {
	t.Helper()
	var e oauthError
	b := decode(t, res, &e)
	if res.StatusCode != status || e.Error != code {
		t.Fatalf("got %d %s, want %d %s", res.StatusCode, b, status, code)
	}
}

// redirectParams returns the parameters of a 302's Location, from the fragment or the query.
func redirectParams(t testing.TB, res *http.Response) (*url.URL, url.Values) {
	t.Helper()
	defer res.Body.Close()
	if res.StatusCode != http.StatusFound {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("status %d %s, want 302", res.StatusCode, b)
	}
	u, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	if u.Fragment != "" {
		v, err := url.ParseQuery(u.Fragment)
		if err != nil {
			t.Fatal(err)
		}
		return u, v
	}
	return u, u.Query()
}

// startInteraction runs GET /auth for a valid request and returns the interaction.
func (e *env) startInteraction(claims map[string]any) heimdall.AuthSuccessResponse {
	e.t.Helper()
	req := sign(e.t, e.tpp1Key, jose.PS256, "tpp1-sig", claims)
	res := e.headlessAuth(authQuery("tpp1", "code id_token", "openid accounts", req))
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		e.t.Fatalf("GET /auth: %d %s", res.StatusCode, b)
	}
	var ok heimdall.AuthSuccessResponse
	decode(e.t, res, &ok)
	return ok
}

// confirm calls doConfirm and returns the redirect parameters.
func (e *env) confirm(interactionID string, form url.Values) url.Values {
	e.t.Helper()
	res := e.postForm(e.bank, e.bankURL+heimdall.ConfirmPath(interactionID), form)
	_, v := redirectParams(e.t, res)
	return v
}

// assertion is a private_key_jwt client assertion (RFC 7523) made with go-jose.
func (e *env) assertion(client string, key *rsa.PrivateKey, kid string, mutate func(map[string]any)) string {
	now := e.clock.Now()
	c := map[string]any{"iss": client, "sub": client, "aud": e.issuer + authz.PathToken, "jti": uuid.NewString(),
		"iat": now.Unix(), "exp": now.Add(5 * time.Minute).Unix()}
	if mutate != nil {
		mutate(c)
	}
	return sign(e.t, key, jose.PS256, kid, c)
}

// tpp1Auth are the form fields authenticating tpp1 by private_key_jwt.
func (e *env) tpp1Auth() url.Values {
	return url.Values{"client_id": {"tpp1"}, "client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
		"client_assertion": {e.assertion("tpp1", e.tpp1Key, "tpp1-sig", nil)}}
}

// with returns a copy of base with the fields of more added.
func with(base url.Values, more url.Values) url.Values {
	out := url.Values{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}
