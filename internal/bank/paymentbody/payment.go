package paymentbody

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// HeaderIdempotencyKey is the TPP's idempotency header (OBB XIdempotencyKey), which reaches the bank
// inside requestHeaders.
const HeaderIdempotencyKey = "x-idempotency-key"

// maxIdempotencyKey bounds the key the bank stores (OBB allows 1–40 characters; UK up to 40).
const maxIdempotencyKey = 100

// DecodePaymentRequest reads the body of POST /payments (the contract's PaymentRequest, a closed
// object) into a core.PaymentRequest: the payment type, the TPP's body in core terms, the TPP's
// idempotency key and client id, and the TPP's body as received. The caller adds the consent id and
// the PSU from the context headers.
func DecodePaymentRequest(body []byte) (core.PaymentRequest, error) {
	var env bankconnect.PaymentRequest
	if err := decodeStrict(body, &env); err != nil {
		return core.PaymentRequest{}, err
	}
	switch {
	case env.PaymentType == "":
		return core.PaymentRequest{}, missing("paymentType")
	case len(env.Request) == 0 || string(env.Request) == "null":
		return core.PaymentRequest{}, missing("request")
	case len(env.RequestHeaders) == 0 || string(env.RequestHeaders) == "null":
		return core.PaymentRequest{}, missing("requestHeaders")
	}
	key, err := IdempotencyKey(env.RequestHeaders)
	if err != nil {
		return core.PaymentRequest{}, err
	}
	r := core.PaymentRequest{IdempotencyKey: key, TPPClientID: env.TPP.ClientID, Request: []byte(env.Request)}
	switch env.PaymentType {
	case bankconnect.PaymentTypePIX:
		r.Type = core.PaymentPIX
		r.Terms, err = pixPaymentTerms(env.Request)
	case bankconnect.PaymentTypeDomestic, bankconnect.PaymentTypeDomesticPayment:
		if isOBB(env.Request) {
			r.Type = core.PaymentPIX
			r.Terms, err = pixPaymentTerms(env.Request)
			break
		}
		r.Type = core.PaymentDomestic
		r.Terms, err = domesticPaymentTerms(env.Request)
	default:
		return core.PaymentRequest{}, core.Errorf(core.EINVALID, "paymentType %q is not one this bank makes (%s, %s)",
			clip(env.PaymentType), bankconnect.PaymentTypePIX, bankconnect.PaymentTypeDomestic)
	}
	if err != nil {
		return core.PaymentRequest{}, err
	}
	return r, nil
}

// DecodeValidateRequest reads the body of POST /payments-consent/action/validate (a consent in the
// consent manager's ConsentGetResponse shape). A body that is not that object is an error; a consent
// whose payment terms cannot be read is returned as such in terms, for the verdict to explain.
func DecodeValidateRequest(body []byte) (consentmgr.ConsentGetResponse, error) {
	var c bankconnect.PaymentConsentValidateRequest
	if err := decodeStrict(body, &c); err != nil {
		return c, err
	}
	switch {
	case c.ID == "":
		return c, missing("id")
	case c.ConsentType == "":
		return c, missing("consentType")
	case len(c.Request) == 0 || string(c.Request) == "null":
		return c, missing("request")
	case len(c.RequestHeaders) == 0 || string(c.RequestHeaders) == "null":
		return c, missing("requestHeaders")
	}
	return c, nil
}

func pixPaymentTerms(request json.RawMessage) (core.PaymentTerms, error) {
	var body bankconnect.PixPayment
	if err := decodeObject(request, &body, "request"); err != nil {
		return core.PaymentTerms{}, err
	}
	d := body.Data
	if d.Payment == nil {
		return core.PaymentTerms{}, missing("request.data.payment")
	}
	t, err := amountTerms(d.Payment.Amount, d.Payment.Currency, "request.data.payment")
	if err != nil {
		return core.PaymentTerms{}, err
	}
	if d.PixKey != "" && d.Proxy != "" && d.PixKey != d.Proxy {
		return core.PaymentTerms{}, core.Errorf(core.EINVALID, "request.data.pixKey and request.data.proxy differ")
	}
	t.Creditor.PixKey = first(d.PixKey, d.Proxy)
	setAccount(&t.Creditor, d.CreditorAccount)
	t.LocalInstrument = core.LocalInstrument(d.LocalInstrument)
	t.QRCode = d.QRCode
	t.RemittanceInfo = d.RemittanceInformation
	t.EndToEndID = d.EndToEndID
	return t, nil
}

func domesticPaymentTerms(request json.RawMessage) (core.PaymentTerms, error) {
	var body bankconnect.DomesticPayment
	if err := decodeObject(request, &body, "request"); err != nil {
		return core.PaymentTerms{}, err
	}
	return initiationTerms(body.Data.Initiation, "request.Data.Initiation")
}

// IdempotencyKey returns the x-idempotency-key of the TPP's headers (an object of header names, in any
// case, to a string or a list of strings), or "" when absent.
func IdempotencyKey(headers json.RawMessage) (string, error) {
	var h map[string]json.RawMessage
	if err := json.Unmarshal(headers, &h); err != nil || h == nil {
		return "", core.Errorf(core.EINVALID, "requestHeaders must be a JSON object")
	}
	for name, raw := range h {
		if !strings.EqualFold(name, HeaderIdempotencyKey) {
			continue
		}
		var one string
		if err := json.Unmarshal(raw, &one); err != nil {
			var many []string
			if err := json.Unmarshal(raw, &many); err != nil || len(many) == 0 {
				return "", core.Errorf(core.EINVALID, "requestHeaders.%s must be a string", HeaderIdempotencyKey)
			}
			one = many[0]
		}
		one = strings.TrimSpace(one)
		if len(one) > maxIdempotencyKey || strings.ContainsFunc(one, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return "", core.Errorf(core.EINVALID, "requestHeaders.%s is longer than %d characters or holds control characters", HeaderIdempotencyKey, maxIdempotencyKey)
		}
		return one, nil
	}
	return "", nil
}

// decodeStrict decodes exactly one JSON object with no members v does not name.
func decodeStrict(body []byte, v any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		return core.Errorf(core.EINVALID, "the request body is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return core.Errorf(core.EINVALID, "the request body is not valid: %s", jsonProblem(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return core.Errorf(core.EINVALID, "the request body holds more than one JSON value")
	}
	return nil
}
