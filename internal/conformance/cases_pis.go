package conformance

import (
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// The PIS contract (obie-api-spec-pis.yaml) names no test cases; these checks, with PIS-… ids of
// the harness's own, cover what any bank can be asked without a payment consent authorised in the
// platform: the consent validation of step 2004 (its verdicts and its refusals) and the refusals of
// POST /payments and GET /payments/:paymentId. Making a payment needs an Authorised consent in the
// consent manager the bank reads, which the harness does not create.

const (
	opValidate       = "POST /payments-consent/action/validate"
	opPay            = "POST /payments"
	opPayment        = "GET /payments/:paymentId"
	opPaymentDetails = "GET /payments/:paymentId/details"
)

// brasilia is the zone of the PIX calendar: a payment's date is a day in Brasília.
var brasilia = time.FixedZone("BRT", -3*60*60)

// pixConsent is a POST /payments-consent/action/validate body: the platform's consent record of a
// PIX payment consent for amount on day, by the PSU userID from accountIDs (both may be empty: the
// consent is validated before the customer picks an account).
func pixConsent(amount, day, userID string, accountIDs []string) []byte {
	req, _ := json.Marshal(bankconnect.PixPaymentConsent{Data: bankconnect.PixPaymentConsentData{
		// A valid CPF (check digits 35) and an e-mail PIX key.
		Creditor: &bankconnect.PixIdentification{PersonType: "PESSOA_NATURAL", CPFCNPJ: "11144477735", Name: "Marcos Vinícius Lima"},
		Payment: &bankconnect.PixConsentPayment{Type: "PIX", Date: day, Currency: "BRL", Amount: bankconnect.DecimalAmount(amount),
			Details: &bankconnect.PixDetails{LocalInstrument: "DICT", Proxy: "marcos@example.com.br"}},
	}})
	now := time.Now().UTC().Truncate(time.Second)
	id := "conformance-" + newID()
	c := consentmgr.ConsentGetResponse{
		ID: id, ConsentType: bankconnect.PaymentTypePIX, Request: req,
		RequestHeaders: json.RawMessage(`{"x-fapi-interaction-id":"` + newID() + `"}`),
		ConsentBody: &consentmgr.ConsentBody{Data: consentmgr.ConsentData{
			ConsentID: "urn:conformance:" + id, CreationDateTime: now, Status: consentmgr.StatusAwaitingAuthorisation, StatusUpdateDateTime: now,
		}},
		TPP:        consentmgr.TPP{ClientID: "ifconnect-conformance-client", OrgID: "ifconnect-conformance-org", SoftwareStatementID: "ifconnect-conformance-ssa"},
		AccountIDs: accountIDs,
	}
	if userID != "" {
		c.PSUIdentifiers = &consentmgr.PSUIdentifiers{UserID: userID}
	}
	b, _ := json.Marshal(c) // the wire types always marshal
	return b
}

// paymentBody is a POST /payments body for a PIX payment of amount.
func paymentBody(amount string) []byte {
	req, _ := json.Marshal(bankconnect.PixPayment{Data: bankconnect.PixPaymentData{
		Payment:         &bankconnect.PixAmount{Amount: bankconnect.DecimalAmount(amount), Currency: "BRL"},
		CreditorAccount: &bankconnect.PixAccount{ISPB: "60746948", BranchCode: "0452", Number: "12345678", CheckDigit: "0", AccountType: "CACC"},
		PixKey:          "marcos@example.com.br", LocalInstrument: "DICT", RemittanceInformation: "conformance",
	}})
	b, _ := json.Marshal(bankconnect.PaymentRequest{
		RequestURL: "https://platform.example/open-banking/payments/v1/pix/payments", PaymentType: bankconnect.PaymentTypePIX,
		Request: req, RequestHeaders: json.RawMessage(`{"x-idempotency-key":"` + newID() + `"}`),
		TPP: consentmgr.TPP{ClientID: "ifconnect-conformance-client", OrgID: "ifconnect-conformance-org", SoftwareStatementID: "ifconnect-conformance-ssa"},
	})
	return b
}

// verdict checks a validation answer: 200 with status valid, or invalid with a code and a description.
func verdict(a *answer, wantValid bool) {
	if !a.ok() {
		return
	}
	var v bankconnect.PaymentConsentValidateResponse
	if err := json.Unmarshal(a.r.body, &v); err != nil {
		a.t.errorf(a.x, "the validation answer is not a PaymentConsentValidateResponse: %v", err)
		return
	}
	switch {
	case wantValid && v.Data.Status != bankconnect.ValidateValid:
		a.t.errorf(a.x, "the consent was judged %q (%s: %s), want valid", v.Data.Status, v.Data.Code, v.Data.Description)
	case !wantValid && v.Data.Status != bankconnect.ValidateInvalid:
		a.t.errorf(a.x, "the consent was judged %q, want invalid", v.Data.Status)
	case !wantValid && (v.Data.Code == "" || v.Data.Description == ""):
		a.t.errorf(a.x, "an invalid verdict without a code and a description the TPP can be told")
	}
}

func pisCases(b *builder) {
	today := func() string { return time.Now().In(brasilia).Format(time.DateOnly) }
	noPSU := without(bankconnect.HeaderPSUIdentifier, bankconnect.HeaderConsentID)
	b.add("PIS-010-010", opValidate, "a well-formed PIX consent with no debtor yet is valid", func(t *T) {
		verdict(t.post("/payments-consent/action/validate", pixConsent("10.00", today(), "", nil), noPSU), true)
	})
	b.add("PIS-010-020", opValidate, "a consent paying from the PSU's own account is valid", func(t *T) {
		verdict(t.post("/payments-consent/action/validate", pixConsent("10.00", today(), t.fx.UserID, t.fx.AccountIDs[:1]), noPSU), true)
	})
	b.add("PIS-010-030", opValidate, "a zero amount is invalid, with a code and a description", func(t *T) {
		verdict(t.post("/payments-consent/action/validate", pixConsent("0.00", today(), "", nil), noPSU), false)
	})
	b.add("PIS-010-040", opValidate, "a payment date in the past is invalid", func(t *T) {
		past := time.Now().In(brasilia).AddDate(0, 0, -2).Format(time.DateOnly)
		verdict(t.post("/payments-consent/action/validate", pixConsent("10.00", past, "", nil), noPSU), false)
	})
	b.add("PIS-010-050", opValidate, "paying from another PSU's account is invalid", func(t *T) {
		if t.needForeign() {
			verdict(t.post("/payments-consent/action/validate", pixConsent("10.00", today(), t.fx.UserID, []string{t.fx.ForeignAccountID}), noPSU), false)
		}
	})
	b.add("PIS-010-060", opValidate, "a body that is no consent → 400", func(t *T) {
		for _, body := range []string{`{`, `[1,2]`, `{"id":"x"}`} {
			t.post("/payments-consent/action/validate", []byte(body), noPSU).fails(http.StatusBadRequest)
		}
	})
	b.add("PIS-010-070", opValidate, "o3-aspsp-id missing or unexpected → 400", func(t *T) {
		body := pixConsent("10.00", today(), "", nil)
		t.post("/payments-consent/action/validate", body, noPSU, without(bankconnect.HeaderASPSPID)).fails(http.StatusBadRequest)
		t.post("/payments-consent/action/validate", body, noPSU, with(bankconnect.HeaderASPSPID, "another-bank")).fails(http.StatusBadRequest)
	})
	b.add("PIS-020-010", opPay, "o3-consent-id missing → 400", func(t *T) {
		t.post("/payments", paymentBody("10.00"), without(bankconnect.HeaderConsentID)).fails(http.StatusBadRequest)
	})
	b.add("PIS-020-020", opPay, "a body that is no payment → 400", func(t *T) {
		for _, body := range []string{`{"paymentType":`, `[1,2]`, `{"paymentType":"pix-payments","request":{"data":{}},"requestHeaders":{},"tpp":{}}`} {
			t.post("/payments", []byte(body)).fails(http.StatusBadRequest)
		}
	})
	b.add("PIS-020-030", opPay, "o3-psu-identifier missing → 400", func(t *T) {
		t.post("/payments", paymentBody("10.00"), without(bankconnect.HeaderPSUIdentifier)).fails(http.StatusBadRequest)
	})
	for _, c := range []struct{ id, op, suffix string }{
		{"PIS-030", opPayment, ""},
		{"PIS-040", opPaymentDetails, "/details"},
	} {
		b.add(c.id+"-010", c.op, "a payment that does not exist → 400", func(t *T) {
			t.get("/payments/" + url.PathEscape(unknownID()) + c.suffix).fails(http.StatusBadRequest)
		})
	}
}
