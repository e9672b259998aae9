package connect_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/ifconnect/ifconnect/internal/bank/connect"
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/bank/store/storetest"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

const aspspID = "ifconnect-test-bank"

var institution = connect.Institution{BrandID: "banco-ipe", BrandName: "Banco Ipê", CNPJ: core.CompleteCNPJ("401401400001")}

// env is a Bank Connect server over real mutual TLS in front of a real SQLite store holding two
// fixtures: f (the PSU under test: a person, her partner and their company) and other (another
// PSU's bank, which must never leak).
type env struct {
	t        *testing.T // nil in benchmarks
	tb       testing.TB
	handler  http.Handler
	pki      *pkitest.PKI
	platform pki.Identity
	url      string
	client   *http.Client
	store    *store.Store
	f, other storetest.Fixture
}

// newEnv starts the server; change adjusts its Deps.
func newEnv(t testing.TB, change ...func(*connect.Deps)) *env {
	t.Helper()
	ctx := context.Background()
	url := databasetest.SQLiteURL(t)
	if _, err := store.Migrate(ctx, url); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	st, err := store.Open(ctx, url)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	tt, _ := t.(*testing.T)
	e := &env{t: tt, tb: t, store: st, f: storetest.NewFixture(1), other: storetest.NewFixture(2)}
	for _, fx := range []storetest.Fixture{e.f, e.other} {
		if err := st.Import(ctx, fx.Batch); err != nil {
			t.Fatalf("import fixture: %v", err)
		}
	}
	d := connect.Deps{
		ASPSPID: aspspID, Institution: institution,
		Customers: st, Accounts: st, Transactions: st, Contracts: st, StandingData: st,
		Clock: func() time.Time { return storetest.FixtureTime },
	}
	for _, c := range change {
		c(&d)
	}
	e.pki = pkitest.New(t)
	e.platform = e.pki.Client("platform-client")
	e.handler = connect.NewServer(d)
	srv := e.pki.NewServer(e.handler, e.platform)
	e.url = srv.URL
	e.client = e.pki.HTTPClient(e.platform)
	return e
}

// psu is the o3-psu-identifier of a user.
func psu(userID string) string {
	return bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: userID})
}

// headers are the context headers of a well-formed call for the fixture's PSU.
func (e *env) headers() http.Header {
	h := http.Header{}
	h.Set(bankconnect.HeaderASPSPID, aspspID)
	h.Set(bankconnect.HeaderAPIURI, "/open-banking/accounts/v1/accounts")
	h.Set(bankconnect.HeaderAPIOperation, "GET")
	h.Set(bankconnect.HeaderOzoneInteractionID, "8c1f0e2a-5b6d-4c7e-9f10-111213141516")
	h.Set(bankconnect.HeaderCallerInteractionID, "b7a3c9d2-0e1f-4a2b-8c3d-4e5f6a7b8c9d")
	h.Set(bankconnect.HeaderConsentID, "urn:ifconnect:consent:test")
	h.Set(bankconnect.HeaderCallerOrgID, "org-1")
	h.Set(bankconnect.HeaderCallerClientID, "client-1")
	h.Set(bankconnect.HeaderCallerSoftwareStatementID, "ssa-1")
	h.Set(bankconnect.HeaderPSUIdentifier, psu(e.f.User.ID))
	return h
}

// response is what a call returned.
type response struct {
	status int
	header http.Header
	body   []byte
}

// get calls path with h (nil: e.headers()) and validates the response against the contract.
func (e *env) get(path string, h http.Header) response {
	e.tb.Helper()
	if h == nil {
		h = e.headers()
	}
	req, err := http.NewRequest(http.MethodGet, e.url+path, nil)
	if err != nil {
		e.tb.Fatalf("request %s: %v", path, err)
	}
	req.Header = h
	res, err := e.client.Do(req)
	if err != nil {
		e.tb.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		e.tb.Fatalf("GET %s: read body: %v", path, err)
	}
	r := response{status: res.StatusCode, header: res.Header, body: body}
	validate(e.tb, req, r)
	return r
}

// ok asserts a 200 and decodes the body into v.
func (r response) ok(t *testing.T, v any) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", r.status, r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// fails asserts an error status with the contract's error body and the given errorCode.
func (r response) fails(t *testing.T, status int, code string) bankconnect.Error {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	var e bankconnect.Error
	if err := json.Unmarshal(r.body, &e); err != nil || e.ErrorCode == "" || e.ErrorMessage == "" {
		t.Fatalf("error body %s is not {errorCode, errorMessage}: %v", r.body, err)
	}
	if code != "" && e.ErrorCode != code {
		t.Fatalf("errorCode %q, want %q (%s)", e.ErrorCode, code, e.ErrorMessage)
	}
	return e
}

// The contract every response is validated against: tecban/openapi/obie-api-spec-ais.yaml, found
// beside the module root (../shared/tecban/openapi from the repository, as in CI's clean clone),
// with bankconnect.Correct applied.
var contract struct {
	once sync.Once
	doc  *openapi3.T
	from string
	err  error
}

// findShared walks up from the working directory looking for shared/tecban/openapi/NAME beside or
// inside an ancestor.
func findShared(name string) string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		for _, p := range []string{filepath.Join(dir, "..", "shared", "tecban", "openapi", name), filepath.Join(dir, "shared", "tecban", "openapi", name)} {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// loadContract returns the corrected contract, from the shared file when present. Without it (a
// checkout without shared/) it says so loudly and uses the embedded copy, which
// TestEmbeddedContractIsTecBans in package bankconnect keeps identical to it.
func loadContract(t testing.TB) *openapi3.T {
	t.Helper()
	contract.once.Do(func() {
		data := bankconnect.AISSpec()
		contract.from = "the embedded copy"
		if p := findShared("obie-api-spec-ais.yaml"); p != "" {
			if data, contract.err = os.ReadFile(p); contract.err != nil {
				return
			}
			contract.from = p
		}
		if contract.doc, contract.err = bankconnect.LoadContract(data); contract.err == nil {
			contract.err = bankconnect.Correct(contract.doc)
		}
	})
	if contract.err != nil {
		t.Fatalf("contract: %v", contract.err)
	}
	if contract.from == "the embedded copy" {
		t.Logf("WARNING: shared/tecban/openapi/obie-api-spec-ais.yaml not found above %s; validating against the embedded copy", mustWD())
	}
	return contract.doc
}

func mustWD() string { d, _ := os.Getwd(); return d }

// operation finds the contract's operation for a request path, matching {param} segments.
func operation(doc *openapi3.T, method, path string) (*openapi3.Operation, string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for tmpl, item := range doc.Paths.Map() {
		ts := strings.Split(strings.Trim(tmpl, "/"), "/")
		if len(ts) != len(segs) {
			continue
		}
		match := true
		for i := range ts {
			if !strings.HasPrefix(ts[i], "{") && ts[i] != segs[i] {
				match = false
				break
			}
		}
		if match {
			if op := item.GetOperation(method); op != nil {
				return op, tmpl
			}
		}
	}
	return nil, ""
}

// validate checks a response of a contract operation: its status is one the operation declares and
// its body validates against the declared schema. Paths that are no operation of the contract
// (/openapi.json, /healthz, unknown paths) are not checked.
func validate(t testing.TB, req *http.Request, r response) {
	t.Helper()
	doc := loadContract(t)
	op, tmpl := operation(doc, req.Method, req.URL.Path)
	if op == nil {
		return
	}
	ref := op.Responses.Value(strconv.Itoa(r.status))
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil && r.status >= 500 {
		// A server fault is no status the contract declares; its body must still be the Error schema.
		ref = &openapi3.ResponseRef{Value: openapi3.NewResponse().WithJSONSchemaRef(doc.Components.Schemas["Error"])}
	}
	if ref == nil || ref.Value == nil {
		t.Fatalf("contract: %s %s declares no status %d (body %s)", req.Method, tmpl, r.status, r.body)
	}
	validated.add(tmpl, r.status)
	mt := ref.Value.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return // e.g. TXN-010-100's 401, declared without a body
	}
	var v any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("contract: %s %s status %d: body is not JSON: %v", req.Method, tmpl, r.status, err)
	}
	if err := mt.Schema.Value.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.MultiErrors()); err != nil {
		t.Fatalf("contract: %s %s status %d: body does not validate: %v\nbody: %s", req.Method, tmpl, r.status, err, clip(r.body))
	}
}

func clip(b []byte) string {
	if len(b) > 2000 {
		return string(b[:2000]) + "…"
	}
	return string(b)
}

// validated counts the operations and statuses the suite validated, for TestContractCoverage.
var validated = &tally{seen: map[string]map[int]int{}}

type tally struct {
	mu   sync.Mutex
	seen map[string]map[int]int
}

func (t *tally) add(tmpl string, status int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.seen[tmpl] == nil {
		t.seen[tmpl] = map[int]int{}
	}
	t.seen[tmpl][status]++
}

func (t *tally) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return fmt.Sprint(t.seen)
}

// fill replaces {checking}, {savings}, {card} … in a path with the fixture's ids.
func (e *env) fill(path string) string {
	f := e.f
	return strings.NewReplacer("{checking}", f.Checking.ID, "{savings}", f.Savings.ID, "{card}", f.Card.ID, "{loan}", f.Loan.ID,
		"{financing}", f.Financing.ID, "{invoice}", f.InvoiceFinancing.ID, "{overdraft}", f.Overdraft.ID).Replace(path)
}
