package journey_test

import (
	"context"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/journey"
	"github.com/ifconnect/ifconnect/internal/bank/password"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

// Demo people of the fake bank.
var (
	anaCPF    = core.CompleteCPF("123456789")
	brunoCPF  = core.CompleteCPF("987654321")
	carlaCPF  = core.CompleteCPF("111222333")
	diegoCPF  = core.CompleteCPF("444555666")
	otherCPF  = core.CompleteCPF("777888999")
	padariaCN = core.CompleteCNPJ("112223330001")
)

// brunoTOTP is Bruno's second-factor secret (base32).
const brunoTOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type harness struct {
	t      testing.TB
	srv    *httptest.Server
	plat   *fakePlatform
	clock  *fakeClock
	bank   *fakeBank
	db     *database.DB
	server *journey.Server
}

func newBank(t testing.TB) *fakeBank {
	hash := func(pw string) string {
		h, err := password.Cheap.Hash(pw)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	powers := core.Powers{ShareData: true, Pay: true}
	return &fakeBank{
		users: []core.User{
			{ID: "u-ana", Login: anaCPF, CustomerID: "c-ana", PasswordHash: hash("senha-da-ana")},
			{ID: "u-bruno", Login: brunoCPF, CustomerID: "c-bruno", PasswordHash: hash("senha-do-bruno"), TOTPSecret: brunoTOTP},
			{ID: "u-carla", Login: carlaCPF, CustomerID: "c-carla", PasswordHash: hash("senha-da-carla")},
			{ID: "u-diego", Login: diegoCPF, CustomerID: "c-diego", PasswordHash: hash("senha-do-diego")},
		},
		customers: []core.Customer{
			{ID: "c-ana", Kind: core.Personal, TaxID: anaCPF, Name: "Ana Souza"},
			{ID: "c-bruno", Kind: core.Personal, TaxID: brunoCPF, Name: "Bruno Lima"},
			{ID: "c-carla", Kind: core.Personal, TaxID: carlaCPF, Name: "Carla Dias"},
			{ID: "c-diego", Kind: core.Personal, TaxID: diegoCPF, Name: "Diego Rocha"},
			{ID: "c-padaria", Kind: core.Business, TaxID: padariaCN, Name: "Padaria Exemplo Ltda", BusinessProfile: &core.BusinessProfile{
				DualApproval: true,
				Representatives: []core.Representative{
					{CustomerID: "c-carla", Name: "Carla Dias", CPF: carlaCPF, Role: "SOCIO", Powers: powers},
					{CustomerID: "c-diego", Name: "Diego Rocha", CPF: diegoCPF, Role: "ADMINISTRADOR", Powers: powers},
				}}},
		},
		accounts: []core.Account{
			{ID: "acc-ana-1", CustomerID: "c-ana", Type: core.Checking, Status: core.AccountEnabled, BranchCode: "0001", Number: "123456", CheckDigit: "7", ProductName: "Conta Fácil", Currency: "BRL"},
			{ID: "acc-ana-2", CustomerID: "c-ana", Type: core.Savings, Status: core.AccountEnabled, BranchCode: "0001", Number: "765432", CheckDigit: "1", ProductName: "Poupança", Currency: "BRL"},
			{ID: "card-ana", CustomerID: "c-ana", Type: core.CreditCard, Status: core.AccountEnabled, ProductName: "Cartão Gold", Currency: "BRL",
				Card: &core.Card{Network: "VISA", Last4: "4321", CreditLimit: 500000}},
			{ID: "acc-bruno", CustomerID: "c-bruno", Type: core.Checking, Status: core.AccountEnabled, BranchCode: "0002", Number: "111111", CheckDigit: "1", ProductName: "Conta Fácil", Currency: "BRL"},
			{ID: "acc-padaria", CustomerID: "c-padaria", Type: core.Checking, Status: core.AccountEnabled, BranchCode: "0003", Number: "222222", CheckDigit: "2", ProductName: "Conta PJ", Currency: "BRL"},
		},
		contracts: []core.Contract{
			{ID: "loan-ana", CustomerID: "c-ana", Kind: core.Loan, ContractNumber: "9001", ProductName: "Crédito pessoal", ContractDate: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)},
		},
	}
}

func newHarness(t *testing.T) *harness { return newHarnessOn(t, databasetest.SQLiteURL(t)) }

func newHarnessOn(t testing.TB, dbURL string) *harness {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := journey.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: time.Date(2026, 3, 5, 14, 7, 0, 0, time.UTC)}
	plat := newFakePlatform(clock.Now)
	bank := newBank(t)
	s, err := journey.New(journey.Config{}, journey.Deps{DB: db, Users: bank, Customers: bank, Accounts: bank, Contracts: bank,
		Auth: plat, Consents: plat, Clock: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewTLSServer(s)
	t.Cleanup(srv.Close)
	return &harness{t: t, srv: srv, plat: plat, clock: clock, bank: bank, db: db, server: s}
}

// browser is a cookie-keeping client that follows redirects within the bank and stops at any other
// host, so tests see where the bank sends the browser.
type browser struct {
	t    testing.TB
	h    *harness
	hc   *http.Client
	csrf string
	// last is the last page's body and status.
	body   string
	status int
	url    *url.URL
}

func (h *harness) browser() *browser {
	jar, _ := cookiejar.New(nil)
	bank, _ := url.Parse(h.srv.URL)
	hc := &http.Client{Jar: jar, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: h.srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs}},
		CheckRedirect: func(req *http.Request, _ []*http.Request) error {
			if req.URL.Host != bank.Host {
				return http.ErrUseLastResponse
			}
			return nil
		}}
	h.t.Cleanup(hc.CloseIdleConnections)
	return &browser{t: h.t, h: h, hc: hc}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (b *browser) do(req *http.Request) *http.Response {
	b.t.Helper()
	resp, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	b.body, b.status, b.url = string(body), resp.StatusCode, resp.Request.URL
	if m := csrfRE.FindStringSubmatch(b.body); m != nil {
		b.csrf = m[1]
	}
	return resp
}

func (b *browser) get(path string) *http.Response {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.h.srv.URL+path, nil)
	return b.do(req)
}

// post submits form to path with the CSRF token of the last page (unless form sets "csrf").
func (b *browser) post(path string, form url.Values) *http.Response {
	b.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["csrf"]; !ok {
		form.Set("csrf", b.csrf)
	}
	req, _ := http.NewRequest(http.MethodPost, b.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) mustSee(texts ...string) {
	b.t.Helper()
	for _, s := range texts {
		if !strings.Contains(b.body, s) {
			b.t.Fatalf("page %s (%d) lacks %q:\n%s", b.url, b.status, s, b.body)
		}
	}
}

func (b *browser) mustNotSee(texts ...string) {
	b.t.Helper()
	for _, s := range texts {
		if strings.Contains(b.body, s) {
			b.t.Fatalf("page %s (%d) shows %q", b.url, b.status, s)
		}
	}
}

func (b *browser) mustStatus(want int) {
	b.t.Helper()
	if b.status != want {
		b.t.Fatalf("page %s: status %d, want %d:\n%s", b.url, b.status, want, b.body)
	}
}

// flowPath is the path of the page the browser is on.
func (b *browser) path() string { return b.url.Path }

// start enters through /auth for consent id and lands on the login page.
func (b *browser) start(consentID string) {
	b.t.Helper()
	b.get("/auth?client_id=tpp-1&response_type=code+id_token&scope=openid+accounts&request=eyJ.x.y&consent=" + url.QueryEscape(consentID))
	b.mustStatus(http.StatusOK)
	if !strings.HasPrefix(b.path(), "/login") {
		b.t.Fatalf("after /auth the browser is at %s, want the login page:\n%s", b.url, b.body)
	}
}

// login submits the login form (of the flow in the current URL, if any).
func (b *browser) login(cpf, cnpj, pw string) {
	b.t.Helper()
	form := url.Values{"cpf": {cpf}, "password": {pw}}
	if cnpj != "" {
		form.Set("cnpj", cnpj)
	}
	if f := b.url.Query().Get("flow"); f != "" {
		form.Set("flow", f)
	}
	b.post("/login", form)
}

// metaRefreshURL returns the URL of the page's meta refresh (the way back to the TPP).
func (b *browser) metaRefreshURL() string {
	m := regexp.MustCompile(`http-equiv="refresh" content="\d+;url=([^"]+)"`).FindStringSubmatch(b.body)
	if m == nil {
		return ""
	}
	return strings.ReplaceAll(m[1], "&amp;", "&")
}
