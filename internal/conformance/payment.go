package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// PaymentConsent is an Authorised PIX payment consent of the consent manager the target reads: with
// it the harness makes one real payment (PIS-050-…), exactly as the platform does at step 6013.
type PaymentConsent struct {
	// ID is the consent id the platform sends in o3-consent-id.
	ID string
	// UserID is the PSU who authorised it, sent in o3-psu-identifier.
	UserID string
	// Request is the TPP's consent body (OBB CreatePixPaymentConsent), from which the payment is made:
	// same amount, currency, key and creditor account.
	Request bankconnect.PixPaymentConsent
}

// FromPaymentConsent reads an Authorised PIX payment consent from the consent manager (GET
// /consents/{consentId}) over client, a mutual-TLS client with the bank's certificate.
func FromPaymentConsent(ctx context.Context, client *http.Client, baseURL, consentID string) (*PaymentConsent, error) {
	c, err := getConsent(ctx, client, baseURL, consentID)
	if err != nil {
		return nil, err
	}
	return paymentConsentOf(c)
}

func paymentConsentOf(c consentmgr.ConsentGetResponse) (*PaymentConsent, error) {
	if string(c.ConsentType) != bankconnect.PaymentTypePIX {
		return nil, fmt.Errorf("consent %s is a %s consent, not %s", c.ID, c.ConsentType, bankconnect.PaymentTypePIX)
	}
	if c.ConsentBody == nil || c.ConsentBody.Data.Status != consentmgr.StatusAuthorised {
		return nil, fmt.Errorf("consent %s is not %s", c.ID, consentmgr.StatusAuthorised)
	}
	if c.PSUIdentifiers == nil || c.PSUIdentifiers.UserID == "" {
		return nil, fmt.Errorf("consent %s names no PSU (psuIdentifiers.userId)", c.ID)
	}
	p := &PaymentConsent{ID: c.ID, UserID: c.PSUIdentifiers.UserID}
	if err := json.Unmarshal(c.Request, &p.Request); err != nil || p.Request.Data.Payment == nil {
		return nil, fmt.Errorf("consent %s: request is not a PIX payment consent", c.ID)
	}
	return p, nil
}

// getConsent reads one consent from the consent manager.
func getConsent(ctx context.Context, client *http.Client, baseURL, consentID string) (consentmgr.ConsentGetResponse, error) {
	var c consentmgr.ConsentGetResponse
	u := strings.TrimRight(baseURL, "/") + "/consents/" + url.PathEscape(consentID)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return c, fmt.Errorf("consent manager: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return c, fmt.Errorf("consent manager: %w", err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, maxResponse))
	if err != nil {
		return c, fmt.Errorf("consent manager: read consent %s: %w", consentID, err)
	}
	if res.StatusCode != http.StatusOK {
		return c, fmt.Errorf("consent manager: GET /consents/%s answered %d: %s", consentID, res.StatusCode, clip(string(b), 300))
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("consent manager: consent %s: %w", consentID, err)
	}
	return c, nil
}

// payment is the POST /payments body of the consent's payment, with idempotency key key.
func (p *PaymentConsent) payment(key string) []byte {
	pay := p.Request.Data.Payment
	d := bankconnect.PixPaymentData{
		Payment:               &bankconnect.PixAmount{Amount: pay.Amount, Currency: pay.Currency},
		RemittanceInformation: "ifconnect conformance",
	}
	if det := pay.Details; det != nil {
		d.LocalInstrument, d.PixKey, d.CreditorAccount = det.LocalInstrument, det.Proxy, det.CreditorAccount
	}
	if d.CreditorAccount == nil {
		d.CreditorAccount = &bankconnect.PixAccount{ISPB: "60746948", BranchCode: "0452", Number: "12345678", CheckDigit: "0", AccountType: "CACC"}
	}
	req, _ := json.Marshal(bankconnect.PixPayment{Data: d})
	h, _ := json.Marshal(map[string]string{"x-idempotency-key": key, "x-fapi-interaction-id": newID()})
	b, _ := json.Marshal(bankconnect.PaymentRequest{
		RequestURL: "https://platform.example/open-banking/payments/v1/pix/payments", PaymentType: bankconnect.PaymentTypePIX,
		Request: req, RequestHeaders: h,
		TPP: consentmgr.TPP{ClientID: "ifconnect-conformance-client", OrgID: "ifconnect-conformance-org", SoftwareStatementID: "ifconnect-conformance-ssa"},
	})
	return b
}

// PaymentCases keeps the checks that make a real payment (making) or all the others (!making). The
// former need a PaymentConsent and run once per consent: a consent pays once.
func PaymentCases(cases []*Case, making bool) []*Case {
	var out []*Case
	for _, c := range cases {
		if strings.HasPrefix(c.ID, "PIS-050-") == making {
			out = append(out, c)
		}
	}
	return out
}

func paymentCases(b *builder) {
	need := func(t *T) *PaymentConsent {
		if t.fx.PaymentConsent == nil {
			t.skipf("no Authorised payment consent (give --payment-consent)")
		}
		return t.fx.PaymentConsent
	}
	as := func(p *PaymentConsent) []headerMod {
		return []headerMod{with(bankconnect.HeaderConsentID, p.ID),
			with(bankconnect.HeaderPSUIdentifier, bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: p.UserID})),
			with(bankconnect.HeaderAPIURI, "/open-banking/payments/v1/pix/payments")}
	}
	paymentOf := func(a *answer, status int) string {
		if !a.status(status) {
			return ""
		}
		var r bankconnect.PaymentResponse
		if err := json.Unmarshal(a.r.body, &r); err != nil || r.Data.ID == "" {
			a.t.errorf(a.x, "the answer carries no payment id")
			return ""
		}
		return r.Data.ID
	}
	b.add("PIS-050-010", opPay, "makes the consent's payment: 201, then readable with its details", func(t *T) {
		p := need(t)
		if p == nil {
			return
		}
		key := newID()
		id := paymentOf(t.post("/payments", p.payment(key), as(p)...), http.StatusCreated)
		if id == "" {
			return
		}
		t.fx.paymentID, t.fx.paymentKey = id, key
		if got := paymentOf(t.get("/payments/"+url.PathEscape(id), as(p)...), http.StatusOK); got != "" && got != id {
			t.errorf(len(t.exchanges)-1, "GET /payments/%s answered payment %s", id, got)
		}
		t.get("/payments/"+url.PathEscape(id)+"/details", as(p)...).ok()
	})
	b.add("PIS-050-020", opPay, "the same payment again (same idempotency key, same consent) answers the first payment: it is made once", func(t *T) {
		p := need(t)
		if p == nil {
			return
		}
		if t.fx.paymentID == "" {
			t.errorf(-1, "PIS-050-010 made no payment to repeat")
			return
		}
		a := t.post("/payments", p.payment(t.fx.paymentKey), as(p)...)
		if got := paymentOf(a, http.StatusCreated); got != "" && got != t.fx.paymentID {
			t.errorf(a.x, "the repeat made payment %s; the first was %s", got, t.fx.paymentID)
		}
	})
	b.add("PIS-050-030", opPayment, "another PSU cannot read the payment → 400", func(t *T) {
		p := need(t)
		if p == nil {
			return
		}
		if t.fx.paymentID == "" {
			t.errorf(-1, "PIS-050-010 made no payment to read")
			return
		}
		t.get("/payments/"+url.PathEscape(t.fx.paymentID), append(as(p), unknownPSU())...).fails(http.StatusBadRequest)
	})
}
