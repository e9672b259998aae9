package journey_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/http/httpguts"

	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

// FuzzForms posts arbitrary bodies, with a valid session and CSRF token, to every form the journey
// reads: whatever arrives, the answer is a page (never a 5xx or a stack trace), and no redirect leaves
// the bank except to the platform's Location.
func FuzzForms(f *testing.F) {
	h := newHarnessOn(f, databasetest.SQLiteURL(f))
	h.plat.addConsent("urn:ifconnect:f1", anaCPF, "", dataPerms, nil)
	b := h.browser()
	b.start("urn:ifconnect:f1")
	b.login(anaCPF, "", "senha-da-ana")
	flowPath := b.path()
	csrf := b.csrf
	for _, seed := range []string{"account=acc-ana-1", "account=acc-bruno&account=x", "account=%00", "cpf=1&password=", "consent=urn:x&understood=yes",
		"code=123456", strings.Repeat("account=a&", 500)} {
		f.Add(seed)
	}
	paths := []string{"/login", "/login/otp", flowPath + "/refuse", "/open-banking/revoke", "/open-banking/revoke/confirm",
		"/open-banking/approvals/urn:ifconnect:f1/approve", flowPath + "/confirm"}
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		form.Set("csrf", csrf)
		for _, p := range paths {
			req, _ := http.NewRequest(http.MethodPost, h.srv.URL+p, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := b.hc.Do(req)
			if err != nil {
				t.Fatalf("POST %s: %v", p, err)
			}
			page, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 500 || strings.Contains(string(page), "goroutine ") {
				t.Fatalf("POST %s %q: %d\n%s", p, body, resp.StatusCode, page)
			}
			if loc := resp.Header.Get("Location"); loc != "" && !strings.HasPrefix(loc, "/") && !strings.HasPrefix(loc, h.srv.URL) {
				t.Fatalf("POST %s %q redirected off the bank to %s", p, body, loc)
			}
		}
	})
}

// FuzzLanguage feeds the language choice — the ?lang= switch, the lang cookie and Accept-Language —
// with arbitrary values on arbitrary paths: the answer is never a 5xx, a redirect never leaves the
// bank, and a page is in one of the two languages.
func FuzzLanguage(f *testing.F) {
	h := newHarnessOn(f, databasetest.SQLiteURL(f))
	f.Add("/login", "en", "pt-BR", "en-US,en;q=0.9")
	f.Add("//evil.example", "pt", "xx", "*;q=0.1, fr;q=0.8")
	f.Add("/open-banking", "en\x00", "en", strings.Repeat("en-GB;q=0.9,", 100))
	client := h.srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	f.Fuzz(func(t *testing.T, path, switchTo, cookie, acceptLanguage string) {
		u, err := url.Parse(h.srv.URL + "/" + strings.TrimLeft(path, "/"))
		if err != nil || u.Host != strings.TrimPrefix(h.srv.URL, "https://") {
			return
		}
		if strings.HasPrefix(path, "//") {
			u.Path = path // keep the double slash: the switch must not turn it into another host
		}
		q := u.Query()
		q.Set("lang", switchTo)
		u.RawQuery = q.Encode()
		req, err := http.NewRequest(http.MethodGet, u.String(), nil)
		if err != nil {
			return
		}
		if !httpguts.ValidHeaderFieldValue(acceptLanguage) {
			return // no client can send it
		}
		req.Header.Set("Accept-Language", acceptLanguage)
		if c := (&http.Cookie{Name: "lang", Value: cookie}); c.Valid() == nil {
			req.AddCookie(c)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", u, err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 || strings.Contains(string(page), "goroutine ") {
			t.Fatalf("GET %s: %d\n%s", u, resp.StatusCode, page)
		}
		if loc := resp.Header.Get("Location"); loc != "" {
			if l, err := url.Parse(loc); err != nil || strings.HasPrefix(loc, "//") || (l.Host != "" && !strings.HasPrefix(loc, h.srv.URL)) {
				t.Fatalf("GET %s redirected off the bank to %q", u, loc)
			}
		}
		if resp.StatusCode == http.StatusOK && !strings.Contains(string(page), `<html lang="pt-BR">`) && !strings.Contains(string(page), `<html lang="en">`) {
			t.Fatalf("GET %s: a page in neither language:\n%s", u, page)
		}
	})
}
