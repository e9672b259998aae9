package gateway

import (
	"crypto"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

// detachedJWS signs payload PS256 with key, naming kid in the header when it is not empty, with the
// extra header members given, and returns the detached compact serialisation "header..signature"
// (RFC 7515 appendix F) — the TPP's side, with go-jose only.
func detachedJWS(t testing.TB, key crypto.Signer, kid string, payload []byte, extra map[jose.HeaderKey]any) string {
	t.Helper()
	opts := &jose.SignerOptions{}
	if kid != "" {
		opts = opts.WithHeader("kid", kid)
	}
	for k, v := range extra {
		opts = opts.WithHeader(k, v)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.PS256, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := obj.DetachedCompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	return sig
}

// jwsHeader is the header line ("x-jws-signature: …") env.do needs to send body to the payments API's
// POSTs: a detached JWS of the bytes env.do sends, by tpp1's registered key.
func jwsHeader(t testing.TB, body any) string {
	t.Helper()
	return headerJWSSignature + ": " + detachedJWS(t, tpp1SigningKey(t), tpp1KeyID, requestBody(body), nil)
}

// The payments API's two POSTs require x-jws-signature, a detached JWS of the exact body by a key
// the client registered: anything else is refused with 400 HEADER_INVALIDO, as a missing
// x-idempotency-key is, before the bank is asked.
func TestPaymentPOSTsRequireTheClientsDetachedSignatureOfTheBody(t *testing.T) {
	e := newEnv(t, envOptions{})
	key, stranger := tpp1SigningKey(t), pkitest.Key(t, 9) // stranger is registered for no client
	attached := func(payload []byte) string {
		signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.PS256, Key: key}, (&jose.SignerOptions{}).WithHeader("kid", tpp1KeyID))
		if err != nil {
			t.Fatal(err)
		}
		obj, err := signer.Sign(payload)
		if err != nil {
			t.Fatal(err)
		}
		s, err := obj.CompactSerialize()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	cases := []struct {
		name string
		// sig is the header's value for body; "" sends no header.
		sig    func(body []byte) string
		status int
		detail string
	}{
		{"without the header", func([]byte) string { return "" }, http.StatusBadRequest, "x-jws-signature is required"},
		{"signed by the client's registered key", func(b []byte) string { return detachedJWS(t, key, tpp1KeyID, b, nil) }, http.StatusCreated, ""},
		{"signed by the client's registered key, no kid", func(b []byte) string { return detachedJWS(t, key, "", b, nil) }, http.StatusCreated, ""},
		{"signature of another body", func(b []byte) string { return detachedJWS(t, key, tpp1KeyID, []byte(string(b)+" "), nil) }, http.StatusBadRequest, "does not verify"},
		{"signed by a key the client did not register", func(b []byte) string { return detachedJWS(t, stranger, tpp1KeyID, b, nil) }, http.StatusBadRequest, "does not verify"},
		{"signed by an unregistered key, no kid", func(b []byte) string { return detachedJWS(t, stranger, "", b, nil) }, http.StatusBadRequest, "does not verify"},
		{"kid naming no registered key", func(b []byte) string { return detachedJWS(t, key, "other", b, nil) }, http.StatusBadRequest, "does not verify"},
		{"longer than 2048 characters", func(b []byte) string {
			return detachedJWS(t, key, tpp1KeyID, b, map[jose.HeaderKey]any{"x-pad": strings.Repeat("a", 1600)})
		}, http.StatusBadRequest, "longer than 2048"},
		{"payload attached", attached, http.StatusBadRequest, "not a detached JWS"},
		{"not a JWS", func([]byte) string { return "abc" }, http.StatusBadRequest, "not a detached JWS"},
	}
	type request struct {
		token string
		body  []byte
	}
	ops := []struct {
		name, path, specPath, bankCall string
		// prepare gives case i's token and body (a payment needs an authorised consent of its own).
		prepare func(i int) request
	}{
		{"POST /consents", "/open-banking/payments/v1/consents", "/consents", "POST /payments-consent/action/validate", func(i int) request {
			return request{e.token("tpp1", e.tppCert, "payments", ""), requestBody(paymentConsentBody(fmt.Sprintf("6.%02d", i), "Maria"))}
		}},
		{"POST /pix/payments", "/open-banking/payments/v1/pix/payments", "/pix/payments", "POST /payments", func(i int) request {
			amount := fmt.Sprintf("7.%02d", i)
			_, tok := e.paymentToken(amount)
			return request{tok, []byte(pixBody(amount))}
		}},
	}
	for _, op := range ops {
		for i, c := range cases {
			// Prepared here, not in the subtest: preparing uses the environment's (the parent's) t,
			// which may skip or fail the whole test.
			r := op.prepare(i)
			t.Run(op.name+"/"+c.name, func(t *testing.T) {
				headers := []string{fmt.Sprintf("x-idempotency-key: jws-%d", i)}
				if sig := c.sig(r.body); sig != "" {
					headers = append(headers, headerJWSSignature+": "+sig)
				}
				before := e.bank.count(op.bankCall)
				res := e.do(e.tpp, "POST", op.path, r.token, r.body, headers...)
				validate(t, paymentsSpec, "POST", op.specPath, res)
				if res.status != c.status {
					t.Fatalf("%d, want %d: %s", res.status, c.status, res.body)
				}
				if c.status == http.StatusCreated {
					return
				}
				errs := res.json(t)["errors"].([]any)
				item := errs[0].(map[string]any)
				if item["code"] != codeInvalidHeader || !strings.Contains(item["detail"].(string), c.detail) {
					t.Fatalf("error %v, want code %s and a detail with %q", item, codeInvalidHeader, c.detail)
				}
				if n := e.bank.count(op.bankCall); n != before {
					t.Fatalf("the bank was asked (%s) for a refused request", op.bankCall)
				}
			})
		}
	}
}
