package gateway

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/go-jose/go-jose/v4"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
	"github.com/ifconnect/ifconnect/internal/platform/bankclient"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// testHost is the name the tests call the gateway by: the specs' links pattern wants a host with a
// top-level domain, so the test client dials 127.0.0.1 for it.
const testHost = "gateway.ifconnect.test"

// fakeTokens is an in-memory token store that applies authz's rules (active, certificate-bound).
type fakeTokens struct {
	mu sync.Mutex
	m  map[string]authz.Token
}

func (f *fakeTokens) AccessToken(_ context.Context, raw string, cert *x509.Certificate) (authz.Token, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	t, ok := f.m[raw]
	if !ok || !t.Active(time.Now()) || t.Thumbprint != pki.Thumbprint(cert) {
		return authz.Token{}, authz.ErrTokenInvalid
	}
	return t, nil
}

type fakeClients map[string]registry.Client

func (f fakeClients) Get(_ context.Context, id string) (registry.Client, error) {
	c, ok := f[id]
	if !ok {
		return registry.Client{}, registry.ErrNotFound
	}
	return c, nil
}

// tpp1KeyID names tpp1's one registered signing key, whose private half is tpp1SigningKey.
const tpp1KeyID = "tpp1-sig"

// tpp1SigningKey is the private key of tpp1's registered JWKS (tpp2 registers none).
func tpp1SigningKey(t testing.TB) *rsa.PrivateKey { return pkitest.Key(t, 3) }

// env is one gateway in front of a fake bank, with a TPP client.
type env struct {
	t        *testing.T
	pki      *pkitest.PKI
	consents *consents.Service
	tokens   *fakeTokens
	bank     *fakeBank
	url      string
	tpp      *http.Client // presents tpp1's certificate
	other    *http.Client // presents tpp2's certificate
	tppCert  *x509.Certificate
	othCert  *x509.Certificate
}

type envOptions struct {
	bankTimeout time.Duration
}

func newEnv(t *testing.T, o envOptions) *env {
	t.Helper()
	ctx := context.Background()
	p := pkitest.New(t)
	db, err := database.Open(ctx, filepath.Join(t.TempDir(), "platform.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := consents.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	svc, err := consents.New(db, consents.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fb := newFakeBank()
	platformID := p.Client("platform")
	bankSrv := p.NewServer(fb, platformID)
	bc, err := bankclient.New(bankclient.Options{BaseURL: bankSrv.URL, TLS: p.ClientConfig(platformID), ASPSPID: "ifconnect-bank",
		Timeout: o.bankTimeout, Backoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bc.Close)
	tokens := &fakeTokens{m: map[string]authz.Token{}}
	clients := fakeClients{
		"tpp1": {ID: "tpp1", OrganisationID: "org-1", SoftwareStatementID: "ss-1", Name: "TPP Um",
			JWKS: jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &tpp1SigningKey(t).PublicKey, KeyID: tpp1KeyID, Use: "sig", Algorithm: "PS256"}}}},
		"tpp2": {ID: "tpp2", OrganisationID: "org-2", SoftwareStatementID: "ss-2", Name: "TPP Dois"},
	}
	h, err := New(Options{Tokens: tokens, Consents: svc, Clients: clients, Bank: bc, DB: db, MaxBody: 8 << 10})
	if err != nil {
		t.Fatal(err)
	}
	tpp1, tpp2 := p.TPP("tpp1"), p.TPP("tpp2")
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = p.ServerConfig(tpp1, tpp2)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	e := &env{t: t, pki: p, consents: svc, tokens: tokens, bank: fb, url: "https://" + testHost + ":" + port,
		tppCert: p.Certificate(tpp1), othCert: p.Certificate(tpp2)}
	e.tpp = e.client(tpp1, srv.Listener.Addr().String())
	e.other = e.client(tpp2, srv.Listener.Addr().String())
	return e
}

// client is an HTTP client presenting id that reaches testHost at addr.
func (e *env) client(id pki.Identity, addr string) *http.Client {
	cfg := e.pki.ClientConfig(id)
	cfg.ServerName = "localhost"
	tr := &http.Transport{TLSClientConfig: cfg, DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	e.t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: time.Minute}
}

// token issues an access token for client, bound to cert, with scope and consent.
func (e *env) token(client string, cert *x509.Certificate, scope, consentID string) string {
	raw := client + "-" + strings.ReplaceAll(scope, " ", "_") + "-" + consentID + "-" + time.Now().Format("150405.000000000")
	e.tokens.mu.Lock()
	defer e.tokens.mu.Unlock()
	e.tokens.m[raw] = authz.Token{Kind: authz.KindAccess, ClientID: client, Scope: scope, ConsentID: consentID,
		Thumbprint: pki.Thumbprint(cert), IssuedAt: time.Now(), ExpiresAt: time.Now().Add(15 * time.Minute)}
	return raw
}

// response is a decoded answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not JSON (%d): %s", r.status, r.body)
	}
	return m
}

// requestBody is the bytes env.do sends for body: a string or []byte as is, anything else as JSON,
// nil for no body.
func requestBody(body any) []byte {
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return []byte(b)
	case []byte:
		return b
	default:
		j, _ := json.Marshal(b)
		return j
	}
}

// do sends a request with the token and extra headers ("Name: value").
func (e *env) do(c *http.Client, method, path, token string, body any, headers ...string) response {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(requestBody(body))
	}
	req, err := http.NewRequest(method, e.url+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		if v == "" {
			req.Header.Del(k)
			continue
		}
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// authorisedConsent creates an account-access consent for tpp1 through the API and authorises it
// as the bank would (PATCH at step 4003), returning its id and an access token carrying it.
func (e *env) authorisedConsent(permissions []string, accountIDs ...string) (string, string) {
	e.t.Helper()
	cc := e.token("tpp1", e.tppCert, "consents", "")
	res := e.do(e.tpp, "POST", "/open-banking/consents/v1/consents", cc, map[string]any{"data": map[string]any{
		"loggedUser":  map[string]any{"document": map[string]any{"identification": "11144477735", "rel": "CPF"}},
		"permissions": permissions, "expirationDateTime": time.Now().Add(24 * time.Hour).UTC().Format("2006-01-02T15:04:05Z"),
	}})
	if res.status != http.StatusCreated {
		e.t.Fatalf("create consent: %d %s", res.status, res.body)
	}
	id := res.json(e.t)["data"].(map[string]any)["consentId"].(string)
	e.authorise(id, accountIDs...)
	return id, e.token("tpp1", e.tppCert, "openid accounts credit-cards-accounts customers resources loans financings invoice-financings unarranged-accounts-overdraft consent:"+id, id)
}

func (e *env) authorise(id string, accountIDs ...string) {
	e.t.Helper()
	if _, err := e.consents.Patch(context.Background(), id, consents.Patch{
		PSU: &consentmgr.PSUIdentifiers{UserID: "user-1"}, AccountIDs: accountIDs, Status: consentmgr.StatusAuthorised, By: "bank",
	}); err != nil {
		e.t.Fatal(err)
	}
}

var allAccountPermissions = []string{"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "ACCOUNTS_TRANSACTIONS_READ", "ACCOUNTS_OVERDRAFT_LIMITS_READ", "RESOURCES_READ"}

// specs loads the OBB specs once per test binary.
var (
	specsOnce    sync.Once
	specsDocs    map[string]*openapi3.T
	specsMissing error
	specsErr     error
)

// headerSchemaRef matches the specs' references to another response's header schema, which
// kin-openapi cannot resolve; they describe the x-fapi-interaction-id header, not a body, and are
// replaced by the string type they stand for.
var headerSchemaRef = regexp.MustCompile(`\$ref: '#/components/responses/[^/']+/headers/[^/']+/schema'`)

const specDir = "../../../../shared/tecban/openapi"

// spec returns the parsed spec file (e.g. "fase2/swagger_accounts_apis.yaml"), skipping the test
// loudly when the TecBan material is not beside the repository.
func spec(t *testing.T, file string) *openapi3.T {
	t.Helper()
	specsOnce.Do(func() {
		specsDocs = map[string]*openapi3.T{}
		for _, f := range []string{"fase2/swagger_consents_apis.yaml", "fase2/swagger_resources_apis.yaml", "fase2/swagger_accounts_apis.yaml",
			"fase2/swagger_loans_apis.yaml", "fase2/swagger_financings_apis.yaml", "fase2/swagger_invoice_financings_apis.yaml",
			"fase2/swagger_unarranged_accounts_overdraft_apis.yaml", "fase2/swagger_credit_cards_apis.yaml", "fase2/swagger_customers_apis.yaml",
			"fase3/swagger_payments_apis.yaml"} {
			b, err := os.ReadFile(filepath.Join(specDir, f))
			if err != nil {
				specsMissing = err
				return
			}
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
			b = headerSchemaRef.ReplaceAll(b, []byte("type: string"))
			doc, err := openapi3.NewLoader().LoadFromData(b)
			if err != nil {
				specsErr = fmt.Errorf("%s: %w", f, err)
				return
			}
			correctSpec(f, doc)
			specsDocs[f] = doc
		}
	})
	if specsMissing != nil {
		t.Skipf("!!! OBB CONTRACT VALIDATION SKIPPED: the TecBan specs are not readable at %s: %v", specDir, specsMissing)
	}
	if specsErr != nil {
		t.Fatalf("load OBB spec: %v", specsErr)
	}
	return specsDocs[file]
}

// correctSpec amends the published specs where no response could validate as written: some
// closed schemas (additionalProperties: false) require members they do not declare —
// ResponsePaymentConsentData "debtor", ResponsePixPaymentData "creditor",
// CreditCardAccountsLimitsData "currency" — so undeclared members are dropped from required.
func correctSpec(_ string, doc *openapi3.T) {
	for _, ref := range doc.Components.Schemas {
		s := ref.Value
		if s == nil || len(s.Properties) == 0 {
			continue
		}
		dropNAFormats(s)
		var req []string
		for _, r := range s.Required {
			if _, ok := s.Properties[r]; ok {
				req = append(req, r)
			}
		}
		s.Required = req
	}
}

// validate checks a response against the spec's response for the operation at path (relative to
// the spec's server, e.g. "/accounts/{accountId}") and method.
func validate(t *testing.T, file, method, path string, res response) {
	t.Helper()
	doc := spec(t, file)
	item := doc.Paths.Value(path)
	if item == nil {
		t.Fatalf("%s has no path %s", file, path)
	}
	op := item.GetOperation(method)
	if op == nil {
		t.Fatalf("%s has no %s %s", file, method, path)
	}
	ref := op.Responses.Status(res.status)
	if ref == nil || ref.Value == nil {
		t.Fatalf("%s %s %s: status %d is not among the spec's responses; body %s", file, method, path, res.status, res.body)
	}
	if len(ref.Value.Content) == 0 {
		if len(res.body) != 0 {
			t.Fatalf("%s %s: the spec has no body for %d, got %s", method, path, res.status, res.body)
		}
		return
	}
	var mt *openapi3.MediaType
	for _, m := range ref.Value.Content {
		mt = m
	}
	var v any
	if err := json.Unmarshal(res.body, &v); err != nil {
		t.Fatalf("%s %s: body is not JSON: %s", method, path, res.body)
	}
	if err := mt.Schema.Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		t.Fatalf("%s %s %d does not validate against %s:\n%v\nbody: %s", method, path, res.status, file, err, res.body)
	}
	if id := res.header.Get("x-fapi-interaction-id"); !interactionIDPattern.MatchString(id) {
		t.Fatalf("%s %s: x-fapi-interaction-id %q missing or malformed", method, path, id)
	}
}

// validateError checks an error body against the spec's ResponseError, for statuses the spec's
// operation does not list (504).
func validateError(t *testing.T, file string, res response) {
	t.Helper()
	var v any
	if err := json.Unmarshal(res.body, &v); err != nil {
		t.Fatalf("error body is not JSON: %s", res.body)
	}
	if err := spec(t, file).Components.Schemas["ResponseError"].Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		t.Fatalf("error body does not validate against ResponseError: %v\n%s", err, res.body)
	}
}

// dropNAFormats removes the date/date-time format of properties whose pattern also admits "NA": the
// specs write "NA" for data the institution does not have, which their own format would refuse.
func dropNAFormats(s *openapi3.Schema) {
	for _, p := range s.Properties {
		if v := p.Value; v != nil && strings.Contains(v.Pattern, "^NA$") && (v.Format == "date" || v.Format == "date-time") {
			v.Format = ""
		}
	}
}
