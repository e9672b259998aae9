package tpp

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// fakeIssuer serves discovery and a JWKS over TLS, and signs id_tokens with its key.
type fakeIssuer struct {
	srv *httptest.Server
	key *rsa.PrivateKey
}

func newFakeIssuer(t *testing.T) *fakeIssuer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeIssuer{key: key}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(Discovery{Issuer: f.srv.URL, AuthorizationEndpoint: "https://bank/auth", TokenEndpoint: f.srv.URL + "/token",
			PAREndpoint: f.srv.URL + "/par", JWKSURI: f.srv.URL + "/jwks"})
	})
	mux.HandleFunc("GET /jwks", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "PS256", Use: "sig"}}})
	})
	f.srv = httptest.NewTLSServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeIssuer) client(t *testing.T) *Client {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AddCert(f.srv.Certificate())
	c, err := New(Config{Issuer: f.srv.URL, ClientID: "tpp1", AuthMethod: AuthPrivateKeyJWT, SigningKey: f.key, RedirectURI: "https://tpp/cb",
		TLS: &tls.Config{RootCAs: pool, Certificates: f.srv.TLS.Certificates}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

func (f *fakeIssuer) sign(t *testing.T, alg jose.SignatureAlgorithm, kid string, claims map[string]any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: f.key}, (&jose.SignerOptions{}).WithHeader("kid", kid))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := jwt.Signed(s).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestVerifyIDToken(t *testing.T) {
	f := newFakeIssuer(t)
	c := f.client(t)
	now := time.Now()
	good := func() map[string]any {
		return map[string]any{"iss": f.srv.URL, "aud": "tpp1", "sub": "u1", "exp": now.Add(5 * time.Minute).Unix(), "iat": now.Unix(),
			"nonce": "n1", "c_hash": leftHash("code1"), "s_hash": leftHash("state1"), "openbanking_intent_id": "urn:c1", "acr": "urn:brasil:openbanking:loa2"}
	}
	want := IDExpect{Nonce: "n1", Code: "code1", State: "state1", ConsentID: "urn:c1"}
	for _, c2 := range []struct {
		name   string
		change func(map[string]any)
		alg    jose.SignatureAlgorithm
		kid    string
		errHas string
	}{
		{"valid", func(map[string]any) {}, jose.PS256, "k1", ""},
		{"RS256 is refused", func(map[string]any) {}, jose.RS256, "k1", "algorithm"},
		{"unknown key", func(map[string]any) {}, jose.PS256, "k9", "does not hold"},
		{"other issuer", func(m map[string]any) { m["iss"] = "https://evil" }, jose.PS256, "k1", "issuer"},
		{"other audience", func(m map[string]any) { m["aud"] = "tpp2" }, jose.PS256, "k1", "audience"},
		{"expired", func(m map[string]any) { m["exp"] = now.Add(-time.Hour).Unix() }, jose.PS256, "k1", "expired"},
		{"replayed nonce", func(m map[string]any) { m["nonce"] = "n0" }, jose.PS256, "k1", "nonce"},
		{"code swapped", func(m map[string]any) { m["c_hash"] = leftHash("code2") }, jose.PS256, "k1", "c_hash"},
		{"state swapped", func(m map[string]any) { m["s_hash"] = leftHash("state2") }, jose.PS256, "k1", "s_hash"},
		{"other consent", func(m map[string]any) { m["openbanking_intent_id"] = "urn:c2" }, jose.PS256, "k1", "openbanking_intent_id"},
		{"no subject", func(m map[string]any) { delete(m, "sub") }, jose.PS256, "k1", "sub"},
	} {
		t.Run(c2.name, func(t *testing.T) {
			claims := good()
			c2.change(claims)
			_, err := c.VerifyIDToken(context.Background(), f.sign(t, c2.alg, c2.kid, claims), want)
			switch {
			case c2.errHas == "" && err != nil:
				t.Fatal(err)
			case c2.errHas != "" && (err == nil || !strings.Contains(err.Error(), c2.errHas)):
				t.Fatalf("error %v, want one about %s", err, c2.errHas)
			}
		})
	}
}

func TestNewRequiresFAPIMaterial(t *testing.T) {
	f := newFakeIssuer(t)
	base := f.client(t).Config()
	for name, change := range map[string]func(*Config){
		"no certificate": func(c *Config) { c.TLS = &tls.Config{} },
		"no key":         func(c *Config) { c.SigningKey = nil },
		"client secret":  func(c *Config) { c.AuthMethod = "client_secret_basic" },
		"no redirect":    func(c *Config) { c.RedirectURI = "" },
		"no issuer":      func(c *Config) { c.Issuer = "" },
	} {
		cfg := base
		change(&cfg)
		if _, err := New(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
