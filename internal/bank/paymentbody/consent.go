package paymentbody

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// MaxBody bounds the bodies the bank reads: a payment envelope carries the TPP's body (at most a few
// kilobytes: a 512-byte QR code, 140-character texts) and its headers.
const MaxBody = 64 << 10

// pixConsentTypes are the consent types under which the platform may store an OBB PIX payment consent;
// the contract leaves the names to each platform instance.
var pixConsentTypes = map[string]bool{
	bankconnect.PaymentTypePIX: true, "payments-consents": true, "payment-consents": true, "pix-payment-consents": true,
}

// Consent converts a consent as the consent manager holds it into the bank's terms. The standard is
// told by the consent type and, for domestic-payment-consents, by the body's shape: OBB bodies have a
// lowercase "data", UK bodies "Data".
func Consent(c consentmgr.ConsentGetResponse) (core.PaymentConsent, error) {
	pc := core.PaymentConsent{ID: c.ID, TPPClientID: c.TPP.ClientID, AccountIDs: c.AccountIDs}
	if c.PSUIdentifiers != nil {
		pc.UserID = c.PSUIdentifiers.UserID
	}
	if c.ConsentBody != nil {
		pc.Status = core.ConsentStatus(c.ConsentBody.Data.Status)
		pc.CreatedAt = c.ConsentBody.Data.CreationDateTime
	}
	typ, err := consentPaymentType(string(c.ConsentType), c.Request)
	if err != nil {
		return core.PaymentConsent{}, err
	}
	pc.Type = typ
	switch typ {
	case core.PaymentPIX:
		pc.Terms, err = pixConsentTerms(c.Request)
	default:
		pc.Terms, err = domesticConsentTerms(c.Request)
	}
	if err != nil {
		return core.PaymentConsent{}, err
	}
	return pc, nil
}

func consentPaymentType(consentType string, request json.RawMessage) (core.PaymentType, error) {
	switch {
	case pixConsentTypes[consentType]:
		return core.PaymentPIX, nil
	case consentType == string(consentmgr.TypeDomesticPayment):
		if isOBB(request) {
			return core.PaymentPIX, nil
		}
		return core.PaymentDomestic, nil
	case consentType == "":
		return "", core.Errorf(core.EINVALID, "consentType is required")
	default:
		return "", fieldErr(core.VerdictInvalidPaymentMethod, "consentType %q is not a payment consent this bank makes", clip(consentType))
	}
}

// isOBB reports whether a TPP body is an Open Banking Brasil one (a top-level "data" member).
func isOBB(request json.RawMessage) bool {
	var probe map[string]json.RawMessage
	if json.Unmarshal(request, &probe) != nil {
		return false
	}
	_, ok := probe["data"]
	return ok
}

func pixConsentTerms(request json.RawMessage) (core.PaymentTerms, error) {
	var body bankconnect.PixPaymentConsent
	if err := decodeObject(request, &body, "request"); err != nil {
		return core.PaymentTerms{}, err
	}
	d := body.Data
	if d.Payment == nil {
		return core.PaymentTerms{}, missing("request.data.payment")
	}
	if d.Creditor == nil {
		return core.PaymentTerms{}, missing("request.data.creditor")
	}
	p := d.Payment
	if p.Type != "PIX" {
		return core.PaymentTerms{}, fieldErr(core.VerdictInvalidPaymentMethod, "request.data.payment.type must be PIX, not %q", clip(p.Type))
	}
	t, err := amountTerms(p.Amount, p.Currency, "request.data.payment")
	if err != nil {
		return core.PaymentTerms{}, err
	}
	t.Creditor = core.Creditor{Name: d.Creditor.Name, TaxID: d.Creditor.CPFCNPJ, PersonType: d.Creditor.PersonType}
	if t.Date, err = consentDate(p); err != nil {
		return core.PaymentTerms{}, err
	}
	if det := p.Details; det != nil {
		t.LocalInstrument = core.LocalInstrument(det.LocalInstrument)
		t.QRCode = det.QRCode
		t.Creditor.PixKey = det.Proxy
		setAccount(&t.Creditor, det.CreditorAccount)
	}
	if a := d.DebtorAccount; a != nil {
		t.Debtor = &core.AccountRef{ISPB: a.ISPB, Branch: first(a.BranchCode, a.Issuer), Number: a.Number, CheckDigit: a.CheckDigit, AccountType: a.AccountType}
	}
	return t, nil
}

// consentDate reads the payment day of an OBB consent: rc1's dateTime, or v1's date or
// schedule.single.date.
func consentDate(p *bankconnect.PixConsentPayment) (time.Time, error) {
	switch {
	case p.Schedule != nil && p.Schedule.Single != nil:
		return parseDay(p.Schedule.Single.Date, "request.data.payment.schedule.single.date")
	case p.Date != "":
		return parseDay(p.Date, "request.data.payment.date")
	case p.DateTime != "":
		return parseDateTime(p.DateTime, "request.data.payment.dateTime")
	}
	return time.Time{}, nil
}

func domesticConsentTerms(request json.RawMessage) (core.PaymentTerms, error) {
	var body bankconnect.DomesticPaymentConsent
	if err := decodeObject(request, &body, "request"); err != nil {
		return core.PaymentTerms{}, err
	}
	t, err := initiationTerms(body.Data.Initiation, "request.Data.Initiation")
	if err != nil {
		return core.PaymentTerms{}, err
	}
	if s := body.Data.RequestedExecutionDateTime; s != "" {
		if t.Date, err = parseDateTime(s, "request.Data.RequestedExecutionDateTime"); err != nil {
			return core.PaymentTerms{}, err
		}
	}
	return t, nil
}

// decodeObject decodes a JSON object into v, naming where when it is not one.
func decodeObject(raw json.RawMessage, v any, where string) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return core.Errorf(core.EINVALID, "%s must be a JSON object", where)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return core.Errorf(core.EINVALID, "%s is not a valid payment body: %s", where, jsonProblem(err))
	}
	return nil
}

func missing(member string) error {
	return fieldErr(core.VerdictMissing, "%s is required", member)
}

func first(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// jsonProblem describes a decoding error without echoing large parts of the input.
func jsonProblem(err error) string {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case asErr(err, &te):
		return fmt.Sprintf("member %s must be %s, not %s", clip(te.Field), te.Type, te.Value)
	case asErr(err, &se):
		return fmt.Sprintf("malformed JSON at byte %d", se.Offset)
	}
	return clip(err.Error())
}
