package journeytest

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/google/uuid"

	"github.com/ifconnect/ifconnect/internal/bank/journey"
	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bank/seed/seedtest"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
	"github.com/ifconnect/ifconnect/internal/platform"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
	"github.com/ifconnect/ifconnect/internal/platform/keys"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

const (
	chromiumPath = "/usr/bin/chromium"
	tppClientID  = "fintech-exemplo"
	tppName      = "Fintech Exemplo"
	issuer       = "https://platform.sandbox.test"
)

// env is one sandbox: platform, bank journey, stand-in TPP and a browser.
type env struct {
	t        *testing.T
	plat     *platform.Platform
	bankWeb  string // the bank's journey, https://127.0.0.1:PORT
	callback string // the TPP's redirect URI
	tppKey   *rsa.PrivateKey
	users    []seed.DemoUser
	shots    string // screenshot directory of the test
	nshot    int
}

func newEnv(t *testing.T) *env {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("browser tests need Chromium at %s (apt-get install -y chromium; .ci/run installs it): %v", chromiumPath, err)
	}
	ctx := context.Background()
	p := pkitest.New(t)
	bankClient := p.Client("bank-client")
	tpp := p.TPP(tppClientID)
	e := &env{t: t, tppKey: pkitest.Key(t, 11)}

	// The TPP's redirect URI: a page that says where the browser arrived.
	cb := p.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html lang="pt-BR"><meta charset="utf-8"><title>Fintech Exemplo</title>`+
			`<body style="font-family:sans-serif;padding:2rem"><h1 id="tpp-callback">De volta à Fintech Exemplo</h1><p id="query">%s</p></body></html>`,
			url.QueryEscape(r.URL.RawQuery))
	}))
	e.callback = cb.URL + "/callback"

	// The platform, with its bank-facing listener requiring the bank's certificate.
	pdb, err := database.Open(ctx, databasetest.SQLiteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pdb.Close() })
	e.plat, err = platform.New(ctx, pdb, platform.Options{Issuer: issuer, BankAuthURL: "https://bank.invalid/auth",
		Keys: keys.Options{Generate: func() (*rsa.PrivateKey, error) { return pkitest.Key(t, 12), nil }}})
	if err != nil {
		t.Fatal(err)
	}
	err = e.plat.Registry.Add(ctx, registry.Client{ID: tppClientID, Name: tppName,
		OrganisationID: pkitest.TPPSubject(tppClientID).OrganizationID, SoftwareStatementID: pkitest.TPPSubject(tppClientID).SoftwareStatementID,
		RedirectURIs: []string{e.callback}, SubjectDN: pki.SubjectDN(p.Certificate(tpp)), TokenEndpointAuthMethod: registry.AuthPrivateKeyJWT,
		JWKS: jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &e.tppKey.PublicKey, KeyID: "tpp-sig", Use: "sig", Algorithm: "PS256"}}}})
	if err != nil {
		t.Fatal(err)
	}
	platBank := p.NewServer(e.plat.BankHandler(), bankClient)

	// The bank: a seeded store, the journey's tables, the platform clients over mutual TLS.
	seeded := seedtest.New(t, 7, 12)
	bankURL, st := seeded.URL, seeded.Store
	e.users = seeded.Users
	jdb, err := database.Open(ctx, bankURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { jdb.Close() })
	if err := journey.Migrate(ctx, jdb); err != nil {
		t.Fatal(err)
	}
	headless, err := tecbanclient.NewHeadless(platBank.URL, p.HTTPClient(bankClient))
	if err != nil {
		t.Fatal(err)
	}
	cm, err := tecbanclient.NewConsentManager(tecbanclient.Options{BaseURL: platBank.URL, TLS: p.ClientConfig(bankClient)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cm.Close)
	j, err := journey.New(journey.Config{BankName: seed.DefaultBank.Brand, RedirectDelay: time.Second}, journey.Deps{DB: jdb, Users: st, Customers: st, Accounts: st, Contracts: st,
		Auth: headless, Consents: cm})
	if err != nil {
		t.Fatal(err)
	}
	e.bankWeb = p.NewServer(j).URL

	return e
}

// sub is e for the subtest t, with its own screenshot directory.
func (e *env) sub(t *testing.T) *env {
	s := *e
	s.t, s.nshot = t, 0
	s.shots = filepath.Join("testdata", "artifacts", t.Name())
	os.RemoveAll(s.shots)
	if err := os.MkdirAll(s.shots, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(s.shots)
	t.Logf("screenshots: %s", abs)
	return &s
}

func (e *env) user(key string) seed.DemoUser {
	u, ok := seed.DemoUserByKey(e.users, key)
	if !ok {
		e.t.Fatalf("no demo user %q", key)
	}
	return u
}

// lodge creates a consent at the platform as the TPP would (step 2000/2001) and returns its URN.
func (e *env) lodge(typ consentmgr.ConsentType, data map[string]any) string {
	e.t.Helper()
	req, _ := json.Marshal(map[string]any{"data": data})
	c, err := e.plat.Consents.Create(context.Background(), consents.NewConsent{Type: typ, Request: req, RequestHeaders: json.RawMessage(`{}`),
		TPP: consentmgr.TPP{ClientID: tppClientID, TPPName: tppName}, By: "tpp:" + tppClientID})
	if err != nil {
		e.t.Fatal(err)
	}
	return c.ConsentID
}

func dataConsent(cpf, cnpj string, perms ...string) map[string]any {
	d := map[string]any{"permissions": perms, "expirationDateTime": time.Now().AddDate(1, 0, 0).UTC().Format(time.RFC3339),
		"loggedUser": map[string]any{"document": map[string]any{"identification": cpf, "rel": "CPF"}}}
	if cnpj != "" {
		d["businessEntity"] = map[string]any{"document": map[string]any{"identification": cnpj, "rel": "CNPJ"}}
	}
	return d
}

// authURL is the bank /auth URL the TPP sends the browser to (step 3000/3001) for consentID.
func (e *env) authURL(consentID, scope string) string {
	e.t.Helper()
	now := time.Now()
	claims := map[string]any{
		"iss": tppClientID, "aud": issuer, "client_id": tppClientID, "response_type": "code id_token",
		"redirect_uri": e.callback, "scope": scope, "nonce": uuid.NewString(), "state": "st-" + uuid.NewString(),
		"exp": now.Add(10 * time.Minute).Unix(), "nbf": now.Unix(), "iat": now.Unix(), "jti": uuid.NewString(),
		"claims": map[string]any{"id_token": map[string]any{"openbanking_intent_id": map[string]any{"value": consentID, "essential": true}}},
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.PS256, Key: e.tppKey}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "tpp-sig"))
	if err != nil {
		e.t.Fatal(err)
	}
	raw, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		e.t.Fatal(err)
	}
	q := url.Values{"client_id": {tppClientID}, "response_type": {"code id_token"}, "scope": {scope}, "request": {raw}}
	return e.bankWeb + "/auth?" + q.Encode()
}

func (e *env) consent(id string) consents.Consent {
	e.t.Helper()
	c, err := e.plat.Consents.Get(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// browser starts a headless Chromium with its own profile, set up like a Brazilian customer's (it
// asks for pages in Portuguese: headless Chromium asks for en-US otherwise); width is the viewport
// width.
func (e *env) browser(width int) context.Context {
	e.t.Helper()
	return e.browserIn(width, "pt-BR,pt")
}

// browserIn is browser asking for the given languages, a comma-separated list in order of
// preference (Chromium adds the quality values).
func (e *env) browserIn(width int, acceptLanguage string) context.Context {
	e.t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.Flag("accept-lang", acceptLanguage),
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		// The sandbox's certificates come from a test CA the browser does not know.
		chromedp.Flag("ignore-certificate-errors", true),
		chromedp.UserDataDir(e.t.TempDir()),
		chromedp.WindowSize(width, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	e.t.Cleanup(func() { cancelC(); cancelA() })
	// The first call starts the browser; it must not carry a timeout, which would stop the browser.
	if err := chromedp.Do(ctx); err != nil {
		e.t.Fatalf("start chromium: %v", err)
	}
	var viewport chromedp.Action[chromedp.Void] = chromedp.EmulateViewport(int64(width), 900)
	if width < 600 {
		viewport = chromedp.EmulateViewport(int64(width), 844, chromedp.EmulateMobile, chromedp.EmulateScale(2))
	}
	e.run(ctx, "viewport", viewport)
	return ctx
}

// stepTimeout bounds one group of browser actions.
const stepTimeout = 45 * time.Second

// run executes actions, failing the test with a screenshot of where it stopped.
func (e *env) run(ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	e.t.Helper()
	tctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(tctx, actions...); err != nil {
		e.shot(ctx, "failed-"+strings.ReplaceAll(what, " ", "-"))
		e.t.Fatalf("%s: %v\nat %s:\n%s", what, err, e.location(ctx), e.text(ctx))
	}
}

// shot saves a full-page PNG of the current page as the test's next artifact.
func (e *env) shot(ctx context.Context, name string) {
	e.t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	// Responsive down to a phone: no page may scroll sideways.
	if wider, err := chromedp.Run(sctx, chromedp.Evaluate[bool]("document.documentElement.scrollWidth > document.documentElement.clientWidth")); err == nil && wider {
		e.t.Errorf("page %s (%s) is wider than the viewport", name, e.location(ctx))
	}
	png, err := chromedp.Run(sctx, chromedp.FullScreenshot(100))
	if err != nil {
		e.t.Logf("screenshot %s: %v", name, err)
		return
	}
	e.nshot++
	file := filepath.Join(e.shots, fmt.Sprintf("%02d-%s.png", e.nshot, name))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		e.t.Logf("screenshot %s: %v", name, err)
	}
}

// text returns the visible text of the page ("" when it cannot be read).
func (e *env) text(ctx context.Context) string {
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	s, _ := chromedp.Run(tctx, chromedp.Text(chromedp.CSS("body")))
	return s
}

func (e *env) mustSee(ctx context.Context, texts ...string) {
	e.t.Helper()
	body := e.text(ctx)
	for _, s := range texts {
		if !strings.Contains(body, s) {
			e.shot(ctx, "missing-text")
			e.t.Fatalf("page %s lacks %q:\n%s", e.location(ctx), s, body)
		}
	}
}

// location returns the browser's current URL.
func (e *env) location(ctx context.Context) string {
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	loc, _ := chromedp.Run(tctx, chromedp.Location())
	return loc
}

// open navigates to u and waits until next is visible.
func (e *env) open(ctx context.Context, what, u string, next chromedp.CSS) {
	e.t.Helper()
	e.run(ctx, what, chromedp.Navigate(u), chromedp.WaitVisible(next))
}

// click clicks the element and waits for the page it leads to: the current page's body is marked
// first, so an element of the old page cannot be mistaken for next.
func (e *env) click(ctx context.Context, what string, sel, next chromedp.CSS) {
	e.t.Helper()
	e.run(ctx, what,
		chromedp.SetAttributeValue(chromedp.CSS("body"), "data-stale", "1"),
		chromedp.Click(sel),
		chromedp.WaitNotPresent(chromedp.CSS("body[data-stale]")),
		chromedp.WaitVisible(next))
}

// login fills and submits the login form and waits for next.
func (e *env) login(ctx context.Context, cpf, cnpj, pw string, next chromedp.CSS) {
	e.t.Helper()
	actions := []chromedp.Action[chromedp.Void]{chromedp.WaitVisible(chromedp.ID("cpf")), chromedp.SendKeys(chromedp.ID("cpf"), cpf)}
	if cnpj != "" {
		actions = append(actions, chromedp.SendKeys(chromedp.ID("cnpj"), cnpj))
	}
	actions = append(actions, chromedp.SendKeys(chromedp.ID("senha"), pw))
	e.run(ctx, "fill login", actions...)
	e.shot(ctx, "login")
	e.click(ctx, "submit login", `form[action="/login"] button[type=submit]`, next)
}

// backAtTPP waits for the notice's redirect to land on the TPP's redirect URI and returns the URL.
func (e *env) backAtTPP(ctx context.Context) string {
	e.t.Helper()
	e.run(ctx, "wait for the TPP", chromedp.WaitVisible(chromedp.ID("tpp-callback")))
	e.shot(ctx, "tpp")
	return e.location(ctx)
}
