package consents_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 24, 14, 36, 49, 670_000_000, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// change is one status change a listener heard.
type change struct {
	consentID string
	from, to  consentmgr.Status
}

// env is a consent manager served over mutual TLS, with a client for the bank.
type env struct {
	t      testing.TB
	db     *database.DB
	svc    *consents.Service
	clock  *clock
	pki    *pkitest.PKI
	bank   pki.Identity
	base   string
	client *http.Client
	spec   *openapi3.T

	mu      sync.Mutex
	changes []change
}

// forEachEngine runs fn against a fresh consent manager on SQLite and, when IFCONNECT_TEST_POSTGRES
// is set, on PostgreSQL.
func forEachEngine(t *testing.T, fn func(t *testing.T, e *env)) {
	for name, dbURL := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) { fn(t, newEnv(t, dbURL(t))) })
	}
}

func newEnv(t testing.TB, dbURL string) *env {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := consents.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: db, clock: newClock(), spec: loadSpec(t)}
	e.svc, err = consents.New(db, consents.Options{Now: e.clock.Now, OnStatusChange: e.record})
	if err != nil {
		t.Fatal(err)
	}
	e.pki = pkitest.New(t)
	e.bank = e.pki.Client("bank-client")
	srv := e.pki.NewServer(consents.NewHandler(e.svc, consents.HandlerOptions{MaxBodyBytes: 64 << 10}), e.bank)
	e.base = srv.URL
	e.client = e.pki.HTTPClient(e.bank)
	return e
}

func (e *env) record(_ context.Context, c consents.Consent, from, to consentmgr.Status) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.changes = append(e.changes, change{c.ConsentID, from, to})
}

func (e *env) heard() []change {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]change(nil), e.changes...)
}

// moduleRoot walks up from the working directory to the directory holding go.mod.
func moduleRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

var specOnce struct {
	sync.Once
	doc *openapi3.T
	err error
}

// loadSpec loads ../shared/tecban/openapi/consent-manager-spec.yaml relative to the module root.
func loadSpec(t testing.TB) *openapi3.T {
	t.Helper()
	path := filepath.Join(moduleRoot(t), "..", "shared", "tecban", "openapi", "consent-manager-spec.yaml")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("SKIPPING: the contract %s is absent, so responses cannot be validated against it", path)
	}
	specOnce.Do(func() {
		loader := openapi3.NewLoader()
		specOnce.doc, specOnce.err = loader.LoadFromFile(path)
		if specOnce.err == nil {
			specOnce.err = specOnce.doc.Validate(context.Background())
		}
	})
	if specOnce.err != nil {
		t.Fatalf("load %s: %v", path, specOnce.err)
	}
	return specOnce.doc
}

// response is an HTTP answer with its body read.
type response struct {
	status int
	header http.Header
	body   []byte
}

// decode unmarshals the body into v.
func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// errorBody decodes the contract's error body, failing unless the status is 400.
func (r response) errorBody(t testing.TB) consentmgr.Error {
	t.Helper()
	if r.status != http.StatusBadRequest {
		t.Fatalf("status %d, want 400; body %s", r.status, r.body)
	}
	var e consentmgr.Error
	r.decode(t, &e)
	if e.ErrorCode == "" || e.ErrorMessage == "" {
		t.Fatalf("error body %s lacks errorCode or errorMessage", r.body)
	}
	return e
}

// call sends method to the operation at template (a path of the contract, e.g. /consents/{consentId})
// with params substituted, and validates the response — and, when valid is true, the request — against
// the contract. body is sent as application/json unless contentType says otherwise.
func (e *env) call(method, template string, params map[string]string, query string, body any, contentType string, valid bool) response {
	e.t.Helper()
	path := template
	for k, v := range params {
		path = strings.ReplaceAll(path, "{"+k+"}", url.PathEscape(v))
	}
	var raw []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		raw = b
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			e.t.Fatal(err)
		}
	}
	target := e.base + path
	if query != "" {
		target += "?" + query
	}
	req, err := http.NewRequest(method, target, bytes.NewReader(raw))
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		if contentType == "" {
			contentType = "application/json"
		}
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("x-fapi-interaction-id", "5b3c1b8e-6b4f-4a53-9d32-2f2e0c3d6a11")
	res, err := e.client.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	r := response{status: res.StatusCode, header: res.Header, body: got}
	if res.Header.Get("x-fapi-interaction-id") != "5b3c1b8e-6b4f-4a53-9d32-2f2e0c3d6a11" {
		e.t.Errorf("%s %s: x-fapi-interaction-id not echoed", method, path)
	}
	e.validate(method, template, params, query, raw, contentType, valid, r)
	return r
}

// validate checks a request (when valid) and its response against the contract with kin-openapi.
func (e *env) validate(method, template string, params map[string]string, query string, body []byte, contentType string, valid bool, r response) {
	e.t.Helper()
	pathItem := e.spec.Paths.Find(template)
	if pathItem == nil {
		return // not an operation of the contract (404/405 tests)
	}
	op := pathItem.GetOperation(method)
	if op == nil {
		return
	}
	u, _ := url.Parse("https://consents.test" + template)
	u.RawQuery = query
	req, _ := http.NewRequest(method, u.String(), bytes.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params,
		Route:   &routers.Route{Spec: e.spec, Path: template, PathItem: pathItem, Method: method, Operation: op},
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	ctx := context.Background()
	if valid {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			e.t.Errorf("%s %s: the test's request does not follow the contract: %v", method, template, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: r.status, Header: r.header,
		Body:    io.NopCloser(bytes.NewReader(r.body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		e.t.Errorf("%s %s → %d: the response does not follow the contract: %v\nbody: %s", method, template, r.status, err, r.body)
	}
}

// Shorthands for the four operations with valid requests.

func (e *env) post(body any) response {
	e.t.Helper()
	return e.call(http.MethodPost, "/consents", nil, "", body, "", true)
}

func (e *env) get(id string) response {
	e.t.Helper()
	return e.call(http.MethodGet, "/consents/{consentId}", map[string]string{"consentId": id}, "", nil, "", true)
}

func (e *env) patch(id string, body any) response {
	e.t.Helper()
	return e.call(http.MethodPatch, "/consents/{consentId}", map[string]string{"consentId": id}, "", body, "", true)
}

func (e *env) list(userID, consentType string) response {
	e.t.Helper()
	q := ""
	if consentType != "" {
		q = "consentType=" + url.QueryEscape(consentType)
	}
	return e.call(http.MethodGet, "/psu/{userId}/consents", map[string]string{"userId": userID}, q, nil, "", true)
}

// accountAccessRequest is a POST body like the one at step 2000/2003 of the platform's notes, with an
// expiry expires after the test clock's start.
func accountAccessRequest(expires time.Duration) map[string]any {
	data := map[string]any{
		"Permissions":             []string{"ReadAccountsBasic", "ReadAccountsDetail", "ReadBalances"},
		"TransactionFromDateTime": "2016-01-01T10:40:00+02:00",
		"TransactionToDateTime":   "2025-12-31T10:40:00+02:00",
	}
	if expires != 0 {
		data["ExpirationDateTime"] = newClock().Now().Add(expires).Format(time.RFC3339Nano)
	}
	return map[string]any{
		"requestUrl":  "https://rs1.sandbox.test/open-banking/v3.1/aisp/account-access-consents",
		"consentType": "account-access-consents",
		"request":     map[string]any{"Data": data, "Risk": map[string]any{}},
		"requestHeaders": map[string]any{
			"x-fapi-interaction-id": "a2a87785-b5b7-4f10-858e-cef42875d5f5",
			"x-fapi-financial-id":   "e95ca244-9fae-42d9-900b-ac3fe47c2cec",
		},
		"tpp": map[string]any{
			"clientId": "0603ab28-3f68-4ddd-8567-50d9eba73052", "orgId": "0015800001041RHAAY",
			"softwareStatementId": "HQuZPIt3ipkh33Uxytox1E", "tppName": "TPP Exemplo LTDA",
			"obieSoftwareStatementName": "tpp2019-sandbox-1",
		},
	}
}

// paymentRequest is a POST body for a domestic payment consent.
func paymentRequest() map[string]any {
	return map[string]any{
		"consentType": "domestic-payment-consents",
		"request": map[string]any{
			"Data": map[string]any{"Initiation": map[string]any{
				"InstructionIdentification": "ACME412", "EndToEndIdentification": "FRESCO.21302.GFX.20",
				"InstructedAmount": map[string]any{"Amount": "165.88", "Currency": "BRL"},
				"CreditorAccount":  map[string]any{"SchemeName": "BR.CPF", "Identification": "52998224725", "Name": "Maria Silva"},
			}},
			"Risk": map[string]any{},
		},
		"requestHeaders": map[string]any{"x-idempotency-key": "pay-1"},
		"tpp":            map[string]any{"clientId": "pisp-client", "tppName": "Pagadora SA"},
	}
}

// create posts body and returns the created consent, failing unless it is 201.
func (e *env) create(body any) consentmgr.ConsentPostResponse {
	e.t.Helper()
	r := e.post(body)
	if r.status != http.StatusCreated {
		e.t.Fatalf("POST /consents: %d %s", r.status, r.body)
	}
	var c consentmgr.ConsentPostResponse
	r.decode(e.t, &c)
	return c
}

// read gets the consent id, failing unless it is 200.
func (e *env) read(id string) consentmgr.ConsentGetResponse {
	e.t.Helper()
	r := e.get(id)
	if r.status != http.StatusOK {
		e.t.Fatalf("GET /consents/%s: %d %s", id, r.status, r.body)
	}
	var c consentmgr.ConsentGetResponse
	r.decode(e.t, &c)
	return c
}

// authorise patches the consent as step 4003 does, failing unless it is 204.
func (e *env) authorise(id, userID string, accounts ...string) {
	e.t.Helper()
	r := e.patch(id, map[string]any{
		"psuIdentifiers": map[string]any{"userId": userID}, "accountIds": accounts, "consentBody.Data.Status": "Authorised",
	})
	if r.status != http.StatusNoContent {
		e.t.Fatalf("PATCH authorise %s: %d %s", id, r.status, r.body)
	}
}

func sqliteURL(t testing.TB) string { return databasetest.SQLiteURL(t) }
