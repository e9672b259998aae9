package journey_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

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
