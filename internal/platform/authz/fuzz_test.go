package authz

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// fuzzKey is generated once per test binary: RSA generation is slow.
var fuzzKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

type oneClient struct{ c registry.Client }

func (o oneClient) Get(_ context.Context, id string) (registry.Client, error) {
	if id != o.c.ID {
		return registry.Client{}, registry.ErrNotFound
	}
	return o.c, nil
}

// memAssertions is the only storage capability the client assertion parser touches.
type memAssertions struct {
	Storage
	mu   sync.Mutex
	seen map[string]bool
}

func (m *memAssertions) UseAssertion(_ context.Context, clientID, jti string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seen[clientID+"\x00"+jti] {
		return ErrReplay
	}
	m.seen[clientID+"\x00"+jti] = true
	return nil
}

func fuzzServer(t testing.TB) (*Server, registry.Client) {
	k := fuzzKey()
	c := registry.Client{ID: "tpp1", TokenEndpointAuthMethod: registry.AuthPrivateKeyJWT,
		JWKS: jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &k.PublicKey, KeyID: "k1", Use: "sig"}}}}
	now := time.Unix(1_800_000_000, 0)
	s := &Server{opts: Options{Issuer: "https://as.example", Clients: oneClient{c}, Storage: &memAssertions{seen: map[string]bool{}},
		Now: func() time.Time { return now }}}
	s.audiences = []string{"https://as.example", "https://as.example/token"}
	return s, c
}

func signedSeed(t testing.TB, alg jose.SignatureAlgorithm, claims map[string]any) string {
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: jose.JSONWebKey{Key: fuzzKey(), KeyID: "k1"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := jwt.Signed(s).Claims(claims).Serialize()
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// FuzzRequestObject feeds arbitrary strings to the request object parser and checks: never a
// panic, every failure an *Error with invalid_request_object or a redirectable code, never
// server_error.
func FuzzRequestObject(f *testing.F) {
	s, c := fuzzServer(f)
	now := s.opts.Now().Unix()
	good := map[string]any{"iss": "tpp1", "aud": "https://as.example", "exp": now + 300, "nbf": now, "nonce": "n", "state": "s",
		"redirect_uri": "https://tpp/cb", "scope": "openid accounts consent:urn:x:1", "response_type": "code id_token"}
	f.Add(signedSeed(f, jose.PS256, good))
	f.Add(signedSeed(f, jose.RS256, good))
	f.Add(signedSeed(f, jose.PS256, map[string]any{"aud": []any{1, 2}, "exp": "soon", "claims": "x"}))
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Add("a.b.c.d.e")
	f.Add("")
	f.Add("...")
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := verifyRequestObject(c, raw)
		if err == nil {
			err = s.checkRequestObjectClaims(c, v, s.opts.Now())
		}
		if err == nil {
			_, err = buildAuthorizationRequest(c, v.all, nil, false)
		}
		if err == nil {
			return
		}
		var e *Error
		if !errors.As(err, &e) || e.Status >= 500 {
			t.Fatalf("error %v is not a client error", err)
		}
	})
}

// FuzzClientAssertion feeds arbitrary strings to the client assertion parser: never a panic, every
// failure invalid_client.
func FuzzClientAssertion(f *testing.F) {
	s, _ := fuzzServer(f)
	now := s.opts.Now().Unix()
	f.Add(signedSeed(f, jose.PS256, map[string]any{"iss": "tpp1", "sub": "tpp1", "aud": "https://as.example", "exp": now + 60, "jti": "j"}))
	f.Add(signedSeed(f, jose.RS256, map[string]any{"iss": "tpp1"}))
	f.Add(signedSeed(f, jose.PS256, map[string]any{"iss": 5, "aud": map[string]any{}}))
	f.Add("eyJhbGciOiJub25lIn0.eyJpc3MiOiJ0cHAxIn0.")
	f.Add("")
	f.Fuzz(func(t *testing.T, raw string) {
		_, err := s.verifyClientAssertion(context.Background(), raw)
		if err == nil {
			return
		}
		if !errors.Is(err, ErrInvalidClient) {
			t.Fatalf("error %v is not invalid_client", err)
		}
	})
}
