package gateway

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

const paymentsSpec = "fase3/swagger_payments_apis.yaml"

func paymentConsentBody(amount, creditorName string) map[string]any {
	return map[string]any{"data": map[string]any{
		"creditor": map[string]any{"personType": "PESSOA_NATURAL", "cpfCnpj": "11144477735", "name": creditorName},
		"payment":  map[string]any{"type": "PIX", "dateTime": time.Now().UTC().Format("2006-01-02T15:04:05Z"), "currency": "BRL", "amount": amount},
	}}
}

func pixBody(amount string) string {
	return `{"data":{"payment":{"amount":"` + amount + `","currency":"BRL"},"creditorAccount":{"ispb":"12345678","branchCode":"0001","number":"1234567890","checkDigit":"1","accountType":"CACC"},"remittanceInformation":"Aluguel"}}`
}

// paymentToken creates and authorises a payment consent for amount and returns its id and a token.
func (e *env) paymentToken(amount string) (string, string) {
	e.t.Helper()
	cc := e.token("tpp1", e.tppCert, "payments", "")
	body := paymentConsentBody(amount, "Maria da Silva")
	res := e.do(e.tpp, "POST", "/open-banking/payments/v1/consents", cc, body, "x-idempotency-key: consent-"+amount, jwsHeader(e.t, body))
	validate(e.t, paymentsSpec, "POST", "/consents", res)
	if res.status != http.StatusCreated {
		e.t.Fatalf("payment consent: %d %s", res.status, res.body)
	}
	id := res.json(e.t)["data"].(map[string]any)["consentId"].(string)
	e.authorise(id, "acc-1")
	return id, e.token("tpp1", e.tppCert, "openid payments consent:"+id, id)
}

func TestPixPaymentLifecycle(t *testing.T) {
	e := newEnv(t, envOptions{})
	id, tok := e.paymentToken("100.25")
	if e.bank.count("POST /payments-consent/action/validate") != 1 {
		t.Fatal("the bank did not validate the consent before it was saved")
	}
	cc := e.token("tpp1", e.tppCert, "payments", "")
	res := e.do(e.tpp, "GET", "/open-banking/payments/v1/consents/"+id, cc, nil)
	validate(t, paymentsSpec, "GET", "/consents/{consentId}", res)
	if !strings.Contains(string(res.body), `"AUTHORISED"`) || !strings.Contains(string(res.body), `"amount":"100.25"`) && !strings.Contains(string(res.body), `"amount":100.25`) {
		t.Fatalf("consent: %s", res.body)
	}

	// Missing key, then the payment, its replay and a different payload under the same key.
	res = e.do(e.tpp, "POST", "/open-banking/payments/v1/pix/payments", tok, pixBody("100.25"), jwsHeader(t, pixBody("100.25")))
	validate(t, paymentsSpec, "POST", "/pix/payments", res)
	if res.status != http.StatusBadRequest {
		t.Fatalf("without x-idempotency-key: %d", res.status)
	}
	first := e.do(e.tpp, "POST", "/open-banking/payments/v1/pix/payments", tok, pixBody("100.25"), "x-idempotency-key: key-1", jwsHeader(t, pixBody("100.25")))
	validate(t, paymentsSpec, "POST", "/pix/payments", first)
	if first.status != http.StatusCreated || !strings.Contains(string(first.body), `"status":"ACSC"`) {
		t.Fatalf("payment: %d %s", first.status, first.body)
	}
	replay := e.do(e.tpp, "POST", "/open-banking/payments/v1/pix/payments", tok, pixBody("100.25"), "x-idempotency-key: key-1", jwsHeader(t, pixBody("100.25")))
	if replay.status != first.status || string(replay.body) != string(first.body) {
		t.Fatalf("replay differs:\n%s\n%s", first.body, replay.body)
	}
	if n := e.bank.count("POST /payments"); n != 1 {
		t.Fatalf("the bank was asked %d times", n)
	}
	other := e.do(e.tpp, "POST", "/open-banking/payments/v1/pix/payments", tok, pixBody("100.26"), "x-idempotency-key: key-1", jwsHeader(t, pixBody("100.26")))
	validate(t, paymentsSpec, "POST", "/pix/payments", other)
	if other.status != http.StatusUnprocessableEntity {
		t.Fatalf("same key, other payload: %d %s", other.status, other.body)
	}
	cs, err := e.consents.Get(t.Context(), id)
	if err != nil || cs.Status != consentmgr.StatusConsumed {
		t.Fatalf("consent after payment: %v %v", cs.Status, err)
	}
	// A second payment under the consumed consent: the consent check refuses it.
	res = e.do(e.tpp, "POST", "/open-banking/payments/v1/pix/payments", tok, pixBody("100.25"), "x-idempotency-key: key-2", jwsHeader(t, pixBody("100.25")))
	validate(t, paymentsSpec, "POST", "/pix/payments", res)
	if res.status != http.StatusUnauthorized && res.status != http.StatusUnprocessableEntity {
		t.Fatalf("payment on a consumed consent: %d %s", res.status, res.body)
	}

	pid := first.json(t)["data"].(map[string]any)["paymentId"].(string)
	res = e.do(e.tpp, "GET", "/open-banking/payments/v1/pix/payments/"+pid, cc, nil)
	validate(t, paymentsSpec, "GET", "/pix/payments/{paymentId}", res)
	if res.status != http.StatusOK {
		t.Fatalf("get payment: %d %s", res.status, res.body)
	}
	oc := e.token("tpp2", e.othCert, "payments", "")
	if res := e.do(e.other, "GET", "/open-banking/payments/v1/pix/payments/"+pid, oc, nil); res.status != http.StatusNotFound {
		t.Fatalf("another TPP reads the payment: %d", res.status)
	}
}

func TestPixPaymentRejectedCarriesReason(t *testing.T) {
	e := newEnv(t, envOptions{})
	_, tok := e.paymentToken("999.99")
	res := e.do(e.tpp, "POST", "/open-banking/payments/v1/pix/payments", tok, pixBody("999.99"), "x-idempotency-key: k", jwsHeader(t, pixBody("999.99")))
	validate(t, paymentsSpec, "POST", "/pix/payments", res)
	if !strings.Contains(string(res.body), `"status":"RJCT"`) || !strings.Contains(string(res.body), `"rejectionReason":"AM04"`) {
		t.Fatalf("rejected payment: %s", res.body)
	}
}

func TestPaymentConsentRules(t *testing.T) {
	e := newEnv(t, envOptions{})
	cc := e.token("tpp1", e.tppCert, "payments", "")
	yesterday := paymentConsentBody("10.00", "Maria")
	yesterday["data"].(map[string]any)["payment"].(map[string]any)["dateTime"] = time.Now().Add(-48 * time.Hour).UTC().Format("2006-01-02T15:04:05Z")
	for _, c := range []struct {
		name   string
		body   any
		status int
		code   string
	}{
		{"bank says invalid", paymentConsentBody("10.00", "INVALIDO"), 422, `"01"`},
		{"date in the past", yesterday, 422, `"02"`},
		{"amount with three places", paymentConsentBody("10.001", "Maria"), 400, ""},
		{"unknown member", `{"data":{},"extra":1}`, 400, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := e.do(e.tpp, "POST", "/open-banking/payments/v1/consents", cc, c.body, "x-idempotency-key: "+strings.ReplaceAll(c.name, " ", "-"), jwsHeader(t, c.body))
			validate(t, paymentsSpec, "POST", "/consents", res)
			if res.status != c.status || !strings.Contains(string(res.body), c.code) {
				t.Fatalf("%d %s", res.status, res.body)
			}
		})
	}
}

// Concurrent payments under one consent: the consent lock lets one reach the bank; the others find
// the consent consumed (422, code 07) or the key in progress (429).
func TestConcurrentPixPaymentsUnderOneConsent(t *testing.T) {
	e := newEnv(t, envOptions{})
	_, tok := e.paymentToken("50.00")
	type result struct {
		status int
		body   string
	}
	results := make(chan result, 12)
	sig := jwsHeader(t, pixBody("50.00"))
	for i := range 12 {
		go func() {
			key := "k-" + string(rune('a'+i%6)) // pairs of requests share a key
			res := e.do(e.tpp, "POST", "/open-banking/payments/v1/pix/payments", tok, pixBody("50.00"), "x-idempotency-key: "+key, sig)
			results <- result{res.status, string(res.body)}
		}()
	}
	created := 0
	for range 12 {
		r := <-results
		switch {
		case r.status == http.StatusCreated:
			created++
		case r.status == http.StatusUnprocessableEntity && strings.Contains(r.body, `"07"`), r.status == http.StatusTooManyRequests:
		default:
			t.Fatalf("unexpected answer %d %s", r.status, r.body)
		}
	}
	if n := e.bank.count("POST /payments"); n != 1 {
		t.Fatalf("the bank was asked to pay %d times", n)
	}
	if created < 1 || created > 2 {
		t.Fatalf("%d payments created (one, and its replay under the same key)", created)
	}
}
