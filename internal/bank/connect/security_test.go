package connect_test

import (
	"context"
	"crypto/rsa"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/ifconnect/ifconnect/internal/bank/connect"
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

// TestMutualTLS: only the allow-listed platform certificate gets an answer.
func TestMutualTLS(t *testing.T) {
	e := newEnv(t)
	path := e.url + "/accounts/" + e.f.Checking.ID
	try := func(c *http.Client) error {
		req, _ := http.NewRequest(http.MethodGet, path, nil)
		req.Header = e.headers()
		res, err := c.Do(req)
		if err == nil {
			res.Body.Close()
		}
		return err
	}
	if err := try(e.client); err != nil {
		t.Fatalf("platform client refused: %v", err)
	}
	for name, c := range map[string]*http.Client{
		"no client certificate":         e.pki.HTTPClient(pki.Identity{}),
		"certificate of a foreign CA":   e.pki.HTTPClient(e.pki.ForeignClient("platform-client")),
		"certificate not on allow-list": e.pki.HTTPClient(e.pki.Client("someone-else")),
	} {
		if err := try(c); err == nil {
			t.Fatalf("%s: the call was answered", name)
		}
	}
}

// TestJWTBearer: with --bearer jwt the platform's signed, unexpired token for this bank passes and
// anything else is 401.
func TestJWTBearer(t *testing.T) {
	key := pkitest.Key(t, 0)
	other := pkitest.Key(t, 1)
	now := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
	keys := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "platform-1", Algorithm: string(jose.PS256), Use: "sig"}}}
	e := newEnv(t, func(d *connect.Deps) {
		d.Bearer = connect.JWTBearer(connect.JWTOptions{Keys: keys, Audience: aspspID, Issuer: "platform", Clock: func() time.Time { return now }})
	})
	sign := func(k *rsa.PrivateKey, claims jwt.Claims) string {
		s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.PS256, Key: jose.JSONWebKey{Key: k, KeyID: "platform-1"}}, (&jose.SignerOptions{}).WithType("JWT"))
		if err != nil {
			t.Fatal(err)
		}
		tok, err := jwt.Signed(s).Claims(claims).Serialize()
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	good := jwt.Claims{Issuer: "platform", Audience: jwt.Audience{aspspID}, Expiry: jwt.NewNumericDate(now.Add(time.Minute)), IssuedAt: jwt.NewNumericDate(now)}
	call := func(token string) response {
		h := e.headers()
		h.Set("Authorization", "Bearer "+token)
		return e.get("/accounts/"+e.f.Checking.ID, h)
	}
	if r := call(sign(key, good)); r.status != http.StatusOK {
		t.Fatalf("good token: %d %s", r.status, r.body)
	}
	expired, wrongAud, noExp := good, good, good
	expired.Expiry = jwt.NewNumericDate(now.Add(-2 * time.Minute))
	wrongAud.Audience = jwt.Audience{"another-bank"}
	noExp.Expiry = nil
	for name, tok := range map[string]string{
		"signed by another key": sign(other, good),
		"expired":               sign(key, expired),
		"for another bank":      sign(key, wrongAud),
		"without expiry":        sign(key, noExp),
		"not a JWT":             "abc.def.ghi",
		"unsigned":              strings.Join(strings.Split(sign(key, good), ".")[:2], ".") + ".",
	} {
		if r := call(tok); r.status != http.StatusUnauthorized {
			t.Fatalf("%s: %d %s", name, r.status, r.body)
		}
	}
}

// panicky is an account reader that panics, standing for a bug.
type panicky struct{ core.AccountReader }

func (panicky) Account(context.Context, string) (core.Account, error) { panic("boom") }

// TestPanicRecovery: a handler that panics answers 500 in the contract's body, and the server lives on.
func TestPanicRecovery(t *testing.T) {
	e := newEnv(t, func(d *connect.Deps) { d.Accounts = panicky{d.Accounts} })
	// Another PSU's account is looked up with Account, which panics.
	r := e.get("/accounts/"+e.other.Checking.ID, nil)
	if r.status != http.StatusInternalServerError {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if !strings.Contains(string(r.body), bankconnect.CodeInternal) || strings.Contains(string(r.body), "boom") {
		t.Fatalf("body %s", r.body)
	}
	var got bankconnect.AccountsResponse
	e.get("/accounts?accountIds="+e.f.Checking.ID, nil).ok(t, &got)
}

// TestServedContract: GET /openapi.json is the corrected contract, with every operation.
func TestServedContract(t *testing.T) {
	e := newEnv(t)
	r := e.get("/openapi.json", http.Header{})
	if r.status != http.StatusOK {
		t.Fatalf("%d", r.status)
	}
	doc, err := bankconnect.LoadContract(r.body)
	if err != nil {
		t.Fatal(err)
	}
	if n := doc.Paths.Len(); n != 46 {
		t.Fatalf("%d paths, want 46", n)
	}
	res := doc.Paths.Value("/loans").Get.Responses.Value("200").Value.Content.Get("application/json").Schema.Value
	if !res.Type.Is("array") {
		t.Fatalf("GET /loans 200 is %v, want an array", res.Type)
	}
}
