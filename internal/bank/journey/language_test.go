package journey_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// getIn fetches path with the given Accept-Language header.
func (b *browser) getIn(path, acceptLanguage string) *http.Response {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.h.srv.URL+path, nil)
	if acceptLanguage != "" {
		req.Header.Set("Accept-Language", acceptLanguage)
	}
	return b.do(req)
}

func TestLanguageFromAcceptLanguage(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		name, acceptLanguage, htmlLang, heading, switchTo string
	}{
		{"no header is Portuguese", "", "pt-BR", "Acesse sua conta", `href="/login?lang=en"`},
		{"English preferred", "en-US,en;q=0.9", "en", "Sign in to your account", `href="/login?lang=pt-BR"`},
		{"Portuguese preferred over English", "pt-BR,pt;q=0.9,en;q=0.5", "pt-BR", "Acesse sua conta", `href="/login?lang=en"`},
		{"English weighted above Portuguese", "pt;q=0.4,en;q=0.8", "en", "Sign in to your account", `href="/login?lang=pt-BR"`},
		{"neither offered falls back to Portuguese", "fr-FR,de;q=0.8", "pt-BR", "Acesse sua conta", `href="/login?lang=en"`},
		{"malformed header falls back to Portuguese", "en;q=abc;;", "pt-BR", "Acesse sua conta", `href="/login?lang=en"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := h.browser()
			b.getIn("/login", tc.acceptLanguage)
			b.mustStatus(http.StatusOK)
			b.mustSee(`<html lang="`+tc.htmlLang+`">`, tc.heading, tc.switchTo)
			b.mustNotSee("⟦")
		})
	}
}

func TestLanguageSwitchStoresTheChoiceAndKeepsThePage(t *testing.T) {
	h := newHarness(t)
	h.plat.addConsent("urn:ifconnect:en1", anaCPF, "", dataPerms, nil)
	b := h.browser()
	b.start("urn:ifconnect:en1")
	b.mustSee(`<html lang="pt-BR">`, "Acesse sua conta")
	loginURL := b.url.RequestURI()

	// The switch comes back to the same page (same flow) and stores the choice in a cookie.
	req, _ := http.NewRequest(http.MethodGet, b.h.srv.URL+loginURL+"&lang=en", nil)
	noFollow := *b.hc
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noFollow.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != loginURL {
		t.Fatalf("switch answered %d to %q, want 303 to %q", resp.StatusCode, resp.Header.Get("Location"), loginURL)
	}
	var cookie *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == "lang" {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != "en" || !cookie.HttpOnly || !cookie.Secure || cookie.SameSite != http.SameSiteLaxMode || cookie.Path != "/" {
		t.Fatalf("language cookie %+v", cookie)
	}

	// The choice holds on the next pages, over a Portuguese Accept-Language, through login,
	// confirmation (CSRF and flow intact) and the way back to the TPP.
	b.getIn(loginURL, "pt-BR,pt;q=0.9")
	b.mustSee(`<html lang="en">`, "Sign in to your account", "You came from <strong>Fintech Exemplo</strong>", `href="`+strings.ReplaceAll(loginURL, "&", "&amp;")+"&amp;lang=pt-BR")
	b.login(anaCPF, "", "senha-da-ana")
	b.mustStatus(http.StatusOK)
	b.mustSee(`<html lang="en">`, "Confirm data sharing", "Balances", "Statements", "Registration data", "Credit card",
		"12 months, until March 5, 2027", "Mar 5, 2026 at 11:07", "Checking account · Branch 0001 · Account 123456-7",
		"VISA card ending 4321", "Loan no. 9001", "Confirm sharing")
	b.mustNotSee("⟦", "Confirme o compartilhamento")
	b.post(b.path()+"/confirm", url.Values{"account": {"acc-ana-1"}})
	b.mustStatus(http.StatusOK)
	b.mustSee(`<html lang="en">`, "Authorisation complete", "Back to Fintech Exemplo")
	if got := b.metaRefreshURL(); !strings.HasPrefix(got, tppCallback+"?code=") {
		t.Fatalf("redirect to %q, want the platform's doConfirm Location", got)
	}

	// The Open Banking area and its error pages follow the choice too; switching back restores Portuguese.
	b.get("/open-banking")
	b.mustSee(`<html lang="en">`, "Active", "Data sharing", "Sign out")
	b.get("/open-banking/consents/urn:ifconnect:en1")
	b.mustSee("Authorisation for Fintech Exemplo", "History", "Authorised by you.", "Revoke this authorisation")
	b.get("/no-such-page")
	b.mustStatus(http.StatusNotFound)
	b.mustSee("Page not found")
	b.get("/open-banking?lang=pt-BR")
	b.mustSee(`<html lang="pt-BR">`, "Ativas", "Compartilhamento de dados")
}

func TestLanguageSwitchIgnoresUnsupportedValues(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	resp := b.get("/login?lang=fr")
	b.mustStatus(http.StatusOK)
	b.mustSee(`<html lang="pt-BR">`, "Acesse sua conta")
	for _, c := range resp.Cookies() {
		if c.Name == "lang" {
			t.Fatalf("an unsupported language set a cookie: %+v", c)
		}
	}
	b.getIn("/login?lang=xx-YY", "en")
	b.mustSee(`<html lang="en">`, "Sign in to your account")
}

// TestLanguageSwitchNeverRedirectsOffSite: the switch sends the browser back to the path it came
// from, and a path that would read as another host in a Location header must not be followed.
func TestLanguageSwitchNeverRedirectsOffSite(t *testing.T) {
	h := newHarness(t)
	client := h.srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, target := range []string{"//evil.example/?lang=en", "//evil.example?lang=en", "///evil.example?lang=en"} {
		resp, err := client.Get(h.srv.URL + target)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if u, err := url.Parse(loc); err != nil || u.Host != "" || strings.HasPrefix(loc, "//") {
			t.Errorf("%s: %d, Location %q leaves the bank", target, resp.StatusCode, loc)
		}
	}
}

func TestEnglishPaymentAndRevocationPages(t *testing.T) {
	h := newHarness(t)
	h.plat.addConsent("urn:ifconnect:pay-en", anaCPF, "", nil, pixPayment)
	b := h.browser()
	b.getIn("/login?lang=en", "")
	b.start("urn:ifconnect:pay-en")
	b.login(anaCPF, "", "senha-da-ana")
	b.mustSee(`<html lang="en">`, "Confirm the payment", "R$ 1,234.56", "Mar 5, 2026", "Which account does the payment come from?",
		"cannot be cancelled once made", "Confirm payment")
	b.mustNotSee("⟦")
	b.post(b.path()+"/confirm", url.Values{"account": {"acc-ana-1"}})
	b.mustSee("You authorised the payment. Fintech Exemplo will complete it")

	h.plat.addConsent("urn:ifconnect:rev-en", anaCPF, "", dataPerms, nil)
	b.start("urn:ifconnect:rev-en")
	b.login(anaCPF, "", "senha-da-ana")
	b.post(b.path()+"/confirm", url.Values{"account": {"acc-ana-1"}})
	b.get("/open-banking")
	b.post("/open-banking/revoke", url.Values{"consent": {"urn:ifconnect:rev-en"}})
	b.mustSee("Revoke authorisation", "This cannot be undone.", "I understand that revocation is final.")
	b.post("/open-banking/revoke/confirm", url.Values{"consent": {"urn:ifconnect:rev-en"}})
	b.mustStatus(http.StatusUnprocessableEntity)
	b.mustSee("Confirmation needed", "Back to Open Banking")
	b.post("/open-banking/revoke/confirm", url.Values{"consent": {"urn:ifconnect:rev-en"}, "understood": {"yes"}})
	b.mustSee("Revocation receipt", "Receipt number", "REV-20260305-", "Revoked on", `href="/open-banking?lang=pt-BR"`)
	b.mustNotSee("⟦")
}
