package gateway

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/ifconnect/ifconnect/internal/contract/obb"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

// The request decoders meet outside input; whatever the bytes, they answer an *apiError of status
// 400/422 or succeed, and never panic.

func FuzzCreateConsent(f *testing.F) {
	f.Add([]byte(`{"data":{"loggedUser":{"document":{"identification":"11144477735","rel":"CPF"}},"permissions":["ACCOUNTS_READ","ACCOUNTS_BALANCES_READ","RESOURCES_READ"],"expirationDateTime":"2099-01-01T00:00:00Z"}}`))
	f.Add([]byte(`{"data":{"permissions":[]}}`))
	f.Add([]byte(`{"data":null}`))
	f.Add([]byte(`{`))
	g := &gateway{now: time.Now}
	f.Fuzz(func(t *testing.T, b []byte) {
		var req obb.CreateConsent
		if err := decodeStrict(b, &req); err != nil {
			checkClientError(t, err)
			return
		}
		if _, err := g.validateConsentRequest(req); err != nil {
			checkClientError(t, err)
		}
	})
}

func FuzzPaymentBodies(f *testing.F) {
	f.Add([]byte(`{"data":{"creditor":{"personType":"PESSOA_NATURAL","cpfCnpj":"11144477735","name":"M"},"payment":{"type":"PIX","dateTime":"2021-01-01T00:00:00Z","currency":"BRL","amount":"1.00"}}}`))
	f.Add([]byte(`{"data":{"payment":{"amount":1e400,"currency":"BRL"},"creditorAccount":{"ispb":"12345678","number":"12345678","checkDigit":"1","accountType":"TRAN"}}}`))
	g := &gateway{now: time.Now}
	f.Fuzz(func(t *testing.T, b []byte) {
		var pc obb.CreatePaymentConsent
		if err := decodeStrict(b, &pc); err != nil {
			checkClientError(t, err)
		} else if err := g.validatePaymentConsent(pc); err != nil {
			checkClientError(t, err)
		}
		var pp obb.CreatePixPayment
		if err := decodeStrict(b, &pp); err != nil {
			checkClientError(t, err)
		} else if pp.Data != nil && pp.Data.Payment != nil {
			if err := checkAmount("data.payment", pp.Data.Payment.Amount, pp.Data.Payment.Currency); err != nil {
				checkClientError(t, err)
			}
		}
	})
}

func checkClientError(t *testing.T, err error) {
	t.Helper()
	ae, ok := err.(*apiError)
	if !ok || (ae.status != 400 && ae.status != 422) {
		t.Fatalf("not a client error: %v", err)
	}
}

// FuzzQueryAndHeaders feeds the query and header parsers: paging, card filters, the FAPI headers and
// the bearer token; they answer a client error or succeed, and never panic.
func FuzzQueryAndHeaders(f *testing.F) {
	f.Add("page=2&page-size=25", "Sun, 10 Sep 2017 19:43:31 UTC", "10.0.0.1", "Bearer abc")
	f.Add("page=0&page-size=1001&transactionType=X&payeeMCC=12345", "yesterday", "::1", "bearer")
	f.Add("%zz", "", "not-an-ip", "Basic x")
	f.Fuzz(func(t *testing.T, rawQuery, authDate, ip, authz string) {
		if q, err := url.ParseQuery(rawQuery); err == nil {
			if _, err := parsePaging(q); err != nil {
				checkClientError(t, err)
			}
			if _, err := parseCardTxQuery(q); err != nil {
				checkClientError(t, err)
			}
		}
		h := http.Header{}
		h.Set(headerAuthDate, authDate)
		h.Set(headerCustomerIP, ip)
		if err := checkFAPIHeaders(h); err != nil {
			checkClientError(t, err)
		}
		bearer([]string{authz})
		acceptsJSON([]string{authz})
	})
}

// FuzzJWSSignature feeds x-jws-signature and the body it signs: the check accepts only a valid
// detached signature by the client's key, and answers anything else with a client error, never a
// panic.
func FuzzJWSSignature(f *testing.F) {
	key := tpp1SigningKey(f)
	body := []byte(`{"data":{"payment":{"amount":"1.00","currency":"BRL"}}}`)
	f.Add(detachedJWS(f, key, tpp1KeyID, body, nil), body)
	f.Add(detachedJWS(f, key, "", body, nil), []byte(`{}`))
	f.Add("eyJhbGciOiJub25lIn0..", body)
	f.Add("a.b.c", []byte{})
	f.Add("..", []byte("x"))
	client := registry.Client{JWKS: jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: key.Public(), KeyID: tpp1KeyID, Algorithm: string(jose.PS256), Use: "sig"}}}}
	f.Fuzz(func(t *testing.T, sig string, b []byte) {
		r, _ := http.NewRequest(http.MethodPost, "https://gateway.test/open-banking/payments/v1/pix/payments", nil)
		r.Header.Set(headerJWSSignature, sig)
		c := &call{r: r, client: client}
		if err := c.checkJWSSignature(b); err != nil {
			checkClientError(t, err)
			return
		}
		// Accepted: it must be a detached signature of exactly b by the registered key.
		obj, err := jose.ParseDetached(sig, b, jwsAlgorithms)
		if err != nil || obj.DetachedVerify(b, key.Public()) != nil {
			t.Fatalf("accepted a signature that does not verify: %q over %q", sig, b)
		}
	})
}
