package paymentbody_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/paymentbody"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

const rc1Payment = `{"paymentType":"pix-payments","requestUrl":"https://p/pix/payments","tpp":{"clientId":"c1"},
 "requestHeaders":{"X-Idempotency-Key":["key-1"]},
 "request":{"data":{"payment":{"amount":100000.12,"currency":"BRL"},"pixKey":"12345678901",
  "creditorAccount":{"ispb":"12345678","branchCode":"1774","number":"1234567890","checkDigit":"4","accountType":"CACC"},
  "remittanceInformation":"Pagamento da nota XPTO035-002."}}}`

const ukPayment = `{"paymentType":"domestic-payment-consents","tpp":{},"requestHeaders":{},
 "request":{"Data":{"ConsentId":"c","Initiation":{"InstructionIdentification":"i","EndToEndIdentification":"e",
  "InstructedAmount":{"Amount":"165.88","Currency":"BRL"},
  "CreditorAccount":{"SchemeName":"BR.PIX","Identification":"ana@example.com","Name":"Ana"},
  "RemittanceInformation":{"Reference":"FRESCO-101"}}},"Risk":{}}}`

func TestDecodePaymentRequest(t *testing.T) {
	r, err := paymentbody.DecodePaymentRequest([]byte(rc1Payment))
	if err != nil {
		t.Fatal(err)
	}
	c := r.Terms.Creditor
	if r.Type != core.PaymentPIX || r.Terms.Amount != 100000_12 || r.Terms.Currency != "BRL" || r.IdempotencyKey != "key-1" ||
		r.TPPClientID != "c1" || c.PixKey != "12345678901" || c.Number != "12345678904" || c.Issuer != "1774" || c.ISPB != "12345678" {
		t.Fatalf("rc1 payment = %+v", r)
	}
	u, err := paymentbody.DecodePaymentRequest([]byte(ukPayment))
	if err != nil {
		t.Fatal(err)
	}
	if u.Type != core.PaymentDomestic || u.Terms.Amount != 165_88 || u.Terms.Creditor.PixKey != "ana@example.com" || u.Terms.RemittanceInfo != "FRESCO-101" {
		t.Fatalf("UK payment = %+v", u)
	}
}

func TestConsent(t *testing.T) {
	v1 := consentmgr.ConsentGetResponse{ID: "c1", ConsentType: "payments-consents", TPP: consentmgr.TPP{ClientID: "tpp"},
		Request: json.RawMessage(`{"data":{"creditor":{"personType":"PESSOA_JURIDICA","cpfCnpj":"58764789000137","name":"Loja"},
		"payment":{"type":"PIX","schedule":{"single":{"date":"2026-07-10"}},"currency":"BRL","amount":"10.00",
		"details":{"localInstrument":"MANU","creditorAccount":{"ispb":"12345678","issuer":"0001","number":"12345678","accountType":"SVGS"}}},
		"debtorAccount":{"ispb":"40140140","issuer":"0001","number":"1000017","accountType":"CACC"}}}`),
		ConsentBody:    &consentmgr.ConsentBody{Data: consentmgr.ConsentData{Status: consentmgr.StatusAuthorised}},
		PSUIdentifiers: &consentmgr.PSUIdentifiers{UserID: "u1"}, AccountIDs: []string{"a1"}}
	pc, err := paymentbody.Consent(v1)
	if err != nil {
		t.Fatal(err)
	}
	if pc.Type != core.PaymentPIX || pc.Status != core.ConsentAuthorised || pc.UserID != "u1" || pc.AccountIDs[0] != "a1" ||
		pc.Terms.LocalInstrument != core.MANU || pc.Terms.Creditor.AccountType != "SVGS" || pc.Terms.Debtor == nil ||
		!pc.Terms.Date.Equal(time.Date(2026, 7, 10, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("consent = %+v", pc)
	}
	cases := map[string]string{
		"missing payment":   `{"data":{"creditor":{"personType":"PESSOA_NATURAL","cpfCnpj":"1","name":"x"}}}`,
		"not PIX":           `{"data":{"creditor":{},"payment":{"type":"TED","currency":"BRL","amount":"1.00"}}}`,
		"float amount":      `{"data":{"creditor":{},"payment":{"type":"PIX","currency":"BRL","amount":1.5}}}`,
		"negative amount":   `{"data":{"creditor":{},"payment":{"type":"PIX","currency":"BRL","amount":"-1.00"}}}`,
		"bad dateTime":      `{"data":{"creditor":{},"payment":{"type":"PIX","currency":"BRL","amount":"1.00","dateTime":"yesterday"}}}`,
		"array":             `[]`,
		"wrong member type": `{"data":{"creditor":"x","payment":{}}}`,
	}
	for name, req := range cases {
		c := v1
		c.Request = json.RawMessage(req)
		if _, err := paymentbody.Consent(c); core.ErrorCode(err) != core.EINVALID {
			t.Errorf("%s: %v, want EINVALID", name, err)
		} else if v := paymentbody.VerdictOf(err); v.Valid || v.Code == "" || v.Description == "" {
			t.Errorf("%s: verdict %+v", name, v)
		}
	}
}

// FuzzDecodePaymentRequest feeds arbitrary bodies to the POST /payments decoder: it never panics, and
// what it accepts is a known payment type with a non-negative exact amount and a three-letter currency.
func FuzzDecodePaymentRequest(f *testing.F) {
	for _, s := range []string{rc1Payment, ukPayment, `{}`, `{"paymentType":"pix-payments","request":{"data":{"payment":{"amount":1e400}}},"requestHeaders":{},"tpp":{}}`,
		`{"paymentType":"pix-payments","request":{"data":{"payment":{"amount":"0.01","currency":"BRL"}}},"requestHeaders":{"x-idempotency-key":"k"},"tpp":{}}`,
		`{"paymentType":"domestic-payments","request":{"data":{}},"requestHeaders":[],"tpp":{}}`, `null`, `"x"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := paymentbody.DecodePaymentRequest(body)
		if err != nil {
			if core.ErrorCode(err) != core.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if (r.Type != core.PaymentPIX && r.Type != core.PaymentDomestic) || r.Terms.Amount < 0 || len(r.Terms.Currency) != 3 {
			t.Fatalf("accepted %+v", r)
		}
	})
}

// FuzzConsent feeds arbitrary bodies to the validation decoder and the consent reader: neither panics,
// and every refusal has a verdict code and description.
func FuzzConsent(f *testing.F) {
	for _, s := range []string{
		`{"id":"c","consentType":"domestic-payment-consents","request":{"data":{"creditor":{"personType":"PESSOA_NATURAL","cpfCnpj":"11144477735","name":"A"},"payment":{"type":"PIX","dateTime":"2026-06-30T00:00:00Z","currency":"BRL","amount":"1.00"}}},"requestHeaders":{},"tpp":{},"consentBody":{"Data":{"Status":"Authorised"}},"psuIdentifiers":{"userId":"u"},"accountIds":["a"]}`,
		`{"id":"c","consentType":"domestic-payment-consents","request":{"Data":{"Initiation":{"InstructedAmount":{"Amount":"1.00","Currency":"BRL"},"CreditorAccount":{"SchemeName":"BR.ISPB.BRANCH.ACCOUNT","Identification":"1-2-3-4"}}}},"requestHeaders":{},"tpp":{}}`,
		`{"id":"c","consentType":"x","request":{},"requestHeaders":{},"tpp":{}}`, `{`, `{"id":1}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		raw, err := paymentbody.DecodeValidateRequest(body)
		if err != nil {
			return
		}
		if _, err := paymentbody.Consent(raw); err != nil {
			if v := paymentbody.VerdictOf(err); v.Valid || v.Code == "" || v.Description == "" {
				t.Fatalf("verdict %+v for %v", v, err)
			}
		}
	})
}

func TestConsentDateTime(t *testing.T) {
	cases := map[string]time.Time{
		"2026-06-30T00:00:00Z":      time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC), // a day written as midnight UTC
		"2026-06-30T01:30:00Z":      time.Date(2026, 6, 29, 12, 0, 0, 0, time.UTC), // 22:30 of the 29th in Brasília
		"2026-06-30T15:00:00Z":      time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC),
		"2026-06-30T23:59:59-03:00": time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC),
	}
	for in, want := range cases {
		c := consentmgr.ConsentGetResponse{ID: "c", ConsentType: "payments-consents", Request: json.RawMessage(
			`{"data":{"creditor":{"personType":"PESSOA_NATURAL","cpfCnpj":"11144477735","name":"A"},"payment":{"type":"PIX","dateTime":"` + in + `","currency":"BRL","amount":"1.00"}}}`)}
		pc, err := paymentbody.Consent(c)
		if err != nil || !pc.Terms.Date.Equal(want) {
			t.Errorf("dateTime %s = %v, %v; want %v", in, pc.Terms.Date, err, want)
		}
	}
}
