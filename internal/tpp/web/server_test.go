package web

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/tpp"
)

// newApp serves the web app over TLS with a TPP client whose platform is unreachable: these tests
// cover what the app does before and after the platform, and its refusals.
func newApp(t *testing.T) (*httptest.Server, *http.Client) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	srv.StartTLS()
	t.Cleanup(srv.Close)
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	c, err := tpp.New(tpp.Config{Issuer: "https://127.0.0.1:1", ClientID: "tpp1", AuthMethod: tpp.AuthPrivateKeyJWT, SigningKey: key,
		RedirectURI: srv.URL + "/callback", TLS: &tls.Config{Certificates: srv.TLS.Certificates}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	app, err := New(Deps{Client: c, People: []Person{{Name: "Ana", CPF: "52998224725"}, {Name: "Carla por Padaria", CPF: "71460238001", CNPJ: "31415926000171"}}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = app
	hc := srv.Client()
	hc.Jar, _ = cookiejar.New(nil)
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return srv, hc
}

func TestPages(t *testing.T) {
	srv, hc := newApp(t)
	for _, c := range []struct {
		name, method, path string
		form               url.Values
		status             int
		has                string
	}{
		{"home", "GET", "/", nil, 200, `id="pagar"`},
		{"home offers the business customer for data only", "GET", "/", nil, 200, `value="71460238001|31415926000171"`},
		{"unknown page", "GET", "/nada", nil, 404, "não encontrada"},
		{"share without a customer", "POST", "/share", url.Values{}, 400, "CPF"},
		{"pay with a bad amount", "POST", "/pay", url.Values{"person": {"52998224725"}, "amount": {"-1"}}, 400, "Valor inválido"},
		{"pay nothing", "POST", "/pay", url.Values{"person": {"52998224725"}, "amount": {"0.00"}}, 400, "Valor inválido"},
		{"platform down", "POST", "/share", url.Values{"person": {"52998224725"}}, 502, "1000–1001"},
		{"callback page", "GET", "/callback", nil, 200, `action="/callback"`},
		{"callback of no flow", "POST", "/callback", url.Values{"state": {"forged"}, "code": {"c"}}, 400, "não pertence"},
		{"callback in the query of no flow", "GET", "/callback?state=forged&code=c", nil, 400, "não pertence"},
		{"result of no flow", "GET", "/result/forged", nil, 404, "não encontrado"},
		{"wrong method", "DELETE", "/share", nil, 405, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var body io.Reader
			if c.form != nil {
				body = strings.NewReader(c.form.Encode())
			}
			req, _ := http.NewRequest(c.method, srv.URL+c.path, body)
			if c.form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			res, err := hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != c.status || !strings.Contains(string(b), c.has) {
				t.Fatalf("%s %s: %d, want %d with %q:\n%s", c.method, c.path, res.StatusCode, c.status, c.has, b)
			}
		})
	}
}
