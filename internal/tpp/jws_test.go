package tpp

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// The payments API's two POSTs carry x-jws-signature, a detached JWS of the exact bytes sent, by the
// client's signing key and naming its kid; the other calls carry none.
func TestCallSignsThePaymentsAPIsPOSTBodies(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var gotBody []byte
	var gotSig []string
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		gotBody, gotSig = b, r.Header.Values(HeaderJWSSignature)
		mu.Unlock()
		w.Header().Set("x-fapi-interaction-id", r.Header.Get("x-fapi-interaction-id"))
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(srv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	c, err := New(Config{Issuer: srv.URL, ClientID: "tpp1", AuthMethod: AuthPrivateKeyJWT, SigningKey: key, KeyID: "kid-1",
		RedirectURI: "https://tpp/cb", TLS: &tls.Config{RootCAs: pool, Certificates: srv.TLS.Certificates}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)

	body := map[string]any{"data": map[string]any{"payment": map[string]any{"amount": "12.34", "currency": "BRL"}, "note": "ação <&>"}}
	for _, tc := range []struct {
		name, method, path string
		body               any
		signed             bool
	}{
		{"payment consent", http.MethodPost, "/open-banking/payments/v1/consents", body, true},
		{"PIX payment", http.MethodPost, "/open-banking/payments/v1/pix/payments", body, true},
		{"data-sharing consent", http.MethodPost, "/open-banking/consents/v1/consents", body, false},
		{"payment consent read", http.MethodGet, "/open-banking/payments/v1/consents/urn:x:1", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := c.Call(t.Context(), tc.method, tc.path, "token", tc.body, http.StatusCreated); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			b, sigs := gotBody, gotSig
			mu.Unlock()
			if !tc.signed {
				if len(sigs) != 0 {
					t.Fatalf("unexpected %s: %v", HeaderJWSSignature, sigs)
				}
				return
			}
			if len(sigs) != 1 {
				t.Fatalf("%s: %v, want one", HeaderJWSSignature, sigs)
			}
			obj, err := jose.ParseDetached(sigs[0], b, []jose.SignatureAlgorithm{jose.PS256})
			if err != nil {
				t.Fatalf("not a detached PS256 JWS of the body sent: %v", err)
			}
			if kid := obj.Signatures[0].Header.KeyID; kid != "kid-1" {
				t.Fatalf("kid %q, want kid-1", kid)
			}
			if err := obj.DetachedVerify(b, &key.PublicKey); err != nil {
				t.Fatalf("the signature does not verify over the body sent: %v", err)
			}
		})
	}
}
