package gateway

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/contract/obb"
	"github.com/ifconnect/ifconnect/internal/platform/bankclient"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
)

// The payments API (fase3/swagger_payments_apis.yaml, steps 1000–6021 of pis-detailed.png): payment
// consents (client_credentials) that the bank validates before they are saved (2002–2006), and the
// PIX payment made under an authorised consent (6010–6015), idempotent per x-idempotency-key.

var (
	amountPattern      = regexp.MustCompile(`^\d{1,16}\.\d{2}$`)
	ispbPattern        = regexp.MustCompile(`^[0-9]{8}$`)
	branchPattern      = regexp.MustCompile(`^\d{4}$`)
	accountNumPattern  = regexp.MustCompile(`^\d{8,20}$`)
	idempotencyPattern = regexp.MustCompile(`^\S(.{0,38}\S)?$`)
	paymentAccountType = []string{"CACC", "SLRY", "SVGS", "TRAN"}
)

// Idempotency operations.
const (
	opPaymentConsent = "payment-consent"
	opPixPayment     = "pix-payment"
)

// idempotencyKey reads x-idempotency-key, which the payments API requires (1–40 characters, no
// surrounding space).
func idempotencyKey(r *http.Request) (string, error) {
	vs := r.Header.Values(headerIdempotency)
	if len(vs) != 1 || !idempotencyPattern.MatchString(vs[0]) {
		return "", badRequest(codeInvalidHeader, "%s is required: 1 to 40 characters without leading or trailing space", headerIdempotency)
	}
	return vs[0], nil
}

// idempotent runs fn once per (client, op, key, body): a replay of the same request gets the first
// answer, the same key with another body 422, a replay while the first is running 429. Answers of
// 5xx (the outcome is unknown) release the key for a retry.
func (g *gateway) idempotent(c *call, op string, body []byte, fn func() (int, any, error)) (int, any, error) {
	key, err := idempotencyKey(c.r)
	if err != nil {
		return 0, nil, err
	}
	ctx := c.r.Context()
	prev, err := g.idem.begin(ctx, c.client.ID, op, key, hashRequest(body), g.now())
	switch {
	case errors.Is(err, errKeyReused):
		return 0, nil, unprocessable("99", "Desconhecido", "%s %q was used before for a different request", headerIdempotency, key)
	case errors.Is(err, errInProgress):
		return 0, nil, tooManyRequests("a request with this %s is still being processed; retry later", headerIdempotency)
	case err != nil:
		return 0, nil, internal(err)
	case prev != nil:
		return prev.status, json.RawMessage(prev.response), nil
	}
	status, out, ferr := fn()
	bg := context.WithoutCancel(ctx)
	if ferr != nil {
		var ae *apiError
		if errors.As(ferr, &ae) && ae.status < 500 {
			b, _ := json.Marshal(obb.ResponseError{Errors: []obb.Error{{Code: ae.code, Title: ae.title, Detail: ae.detail}},
				Meta: &obb.Meta{TotalRecords: 1, TotalPages: 1, RequestDateTime: obb.DateTime(g.now())}})
			if err := g.idem.finish(bg, c.client.ID, op, key, ae.status, b); err != nil {
				g.log.ErrorContext(ctx, "gateway: idempotency finish", "error", err)
			}
			return 0, nil, ferr
		}
		if err := g.idem.abandon(bg, c.client.ID, op, key); err != nil {
			g.log.ErrorContext(ctx, "gateway: idempotency abandon", "error", err)
		}
		return 0, nil, ferr
	}
	b, err := json.Marshal(out)
	if err != nil {
		return 0, nil, internal(err)
	}
	if err := g.idem.finish(bg, c.client.ID, op, key, status, b); err != nil {
		return 0, nil, internal(err)
	}
	return status, json.RawMessage(b), nil
}

// createPaymentConsent serves POST /open-banking/payments/v1/consents.
func (g *gateway) createPaymentConsent(c *call) (int, any, error) {
	raw, err := g.readBody(c.r)
	if err != nil {
		return 0, nil, err
	}
	if err := c.checkJWSSignature(raw); err != nil {
		return 0, nil, err
	}
	var req obb.CreatePaymentConsent
	if err := decodeStrict(raw, &req); err != nil {
		return 0, nil, err
	}
	if err := g.validatePaymentConsent(req); err != nil {
		return 0, nil, err
	}
	return g.idempotent(c, opPaymentConsent, raw, func() (int, any, error) { return g.lodgePaymentConsent(c, req, raw) })
}

// lodgePaymentConsent asks the bank to validate the consent (steps 2002–2006) and saves it.
func (g *gateway) lodgePaymentConsent(c *call, req obb.CreatePaymentConsent, raw []byte) (int, any, error) {
	ctx, now := c.r.Context(), g.now().UTC().Truncate(time.Second)
	id := uuid.NewString()
	consentID := "urn:ifconnect:" + id
	extra := map[string]json.RawMessage{}
	for k, v := range map[string]any{"creditor": req.Data.Creditor, "payment": req.Data.Payment} {
		b, _ := json.Marshal(v)
		extra[k] = b
	}
	if req.Data.DebtorAccount != nil {
		b, _ := json.Marshal(req.Data.DebtorAccount)
		extra["debtorAccount"] = b
	}
	headers := requestHeaders(c.r)
	body := &consentmgr.ConsentBody{Data: consentmgr.ConsentData{
		ConsentID: consentID, CreationDateTime: now, Status: consentmgr.StatusAwaitingAuthorisation, StatusUpdateDateTime: now, Extra: extra,
	}}
	validate := bankconnect.PaymentConsentValidateRequest{
		ID: id, ConsentType: consentmgr.TypeDomesticPayment, Request: raw, RequestHeaders: headers, ConsentBody: body, TPP: tppOf(c),
	}
	bc := c.bankContext()
	bc.ConsentID = consentID
	var verdict bankconnect.PaymentConsentValidateResponse
	err := g.bank.Do(ctx, bc, bankclient.Request{Method: http.MethodPost, Endpoint: "POST " + bankconnect.PathValidatePaymentConsent,
		Path: bankconnect.PathValidatePaymentConsent, Body: validate}, &verdict)
	if err != nil {
		return 0, nil, fromBank(err)
	}
	if verdict.Data.Status != bankconnect.ValidateValid {
		return 0, nil, consentVerdict(verdict.Data)
	}
	cs, err := g.consents.Create(ctx, consents.NewConsent{
		RequestURL: selfURL(c.r), Type: consentmgr.TypeDomesticPayment, Request: raw, RequestHeaders: headers, TPP: tppOf(c),
		Body: &consentmgr.ConsentBody{Data: consentmgr.ConsentData{ConsentID: consentID, Extra: extra}}, By: "gateway:" + c.client.ID,
	})
	if err != nil {
		return 0, nil, consentError(err)
	}
	g.log.InfoContext(ctx, "payment consent created", "consent", cs.ConsentID, "client", c.client.ID, "interactionId", interactionID(ctx))
	return http.StatusCreated, paymentConsentResponse(cs), nil
}

// consentVerdict maps the bank's invalid verdict to UnprocessableEntityConsents: 01 for the payment
// method, 02 for the date, 99 for the rest, with the bank's description.
func consentVerdict(v bankconnect.PaymentConsentValidateData) *apiError {
	detail := firstOf(v.Description, "the account holder institution refused the consent")
	switch v.Code {
	case "FORMA_PAGAMENTO_INVALIDA":
		return unprocessable("01", "Forma de pagamento inválida", "%s", clip(detail, 2000))
	case "DATA_PAGAMENTO_INVALIDA":
		return unprocessable("02", "Data de pagamento inválida", "%s", clip(detail, 2000))
	}
	return unprocessable("99", "Desconhecido", "%s", clip(detail, 2000))
}

// validatePaymentConsent checks CreatePaymentConsent beyond its JSON shape: the creditor, a PIX
// payment in BRL with a two-place amount for today (Brasília time; the spec's single payment is made
// the day it is consented), and the debtor account's form.
func (g *gateway) validatePaymentConsent(req obb.CreatePaymentConsent) error {
	d := req.Data
	if d == nil || d.Creditor == nil || d.Payment == nil {
		return badRequest(codeInvalidBody, "data.creditor and data.payment are required")
	}
	cr := d.Creditor
	switch {
	case cr.PersonType != "PESSOA_NATURAL" && cr.PersonType != "PESSOA_JURIDICA":
		return badRequest(codeInvalidBody, "data.creditor.personType must be PESSOA_NATURAL or PESSOA_JURIDICA")
	case !cpfPattern.MatchString(cr.CPFCNPJ) && !cnpjPattern.MatchString(cr.CPFCNPJ):
		return badRequest(codeInvalidBody, "data.creditor.cpfCnpj must be 11 or 14 digits")
	case strings.TrimSpace(cr.Name) == "" || len(cr.Name) > 140:
		return badRequest(codeInvalidBody, "data.creditor.name must be 1 to 140 characters")
	}
	p := d.Payment
	if err := checkAmount("data.payment", p.Amount, p.Currency); err != nil {
		return err
	}
	if p.Type != "PIX" {
		return unprocessable("01", "Forma de pagamento inválida", "data.payment.type must be PIX")
	}
	t, err := parseZulu(p.DateTime)
	if err != nil {
		return badRequest(codeInvalidDate, "data.payment.dateTime must be an RFC 3339 UTC date-time such as 2021-05-21T08:30:00Z")
	}
	day := t.In(brt).Format(time.DateOnly)
	if h, m, sec := t.Clock(); h == 0 && m == 0 && sec == 0 {
		// A bare midnight UTC names a calendar day, as the bank reads it (paymentbody).
		day = t.Format(time.DateOnly)
	}
	if day != g.now().In(brt).Format(time.DateOnly) {
		return unprocessable("02", "Data de pagamento inválida", "data.payment.dateTime must be today (Brasília time) for a single payment")
	}
	if d.DebtorAccount != nil {
		return checkPaymentAccount("data.debtorAccount", d.DebtorAccount)
	}
	return nil
}

// checkAmount checks a two-place positive amount in BRL.
func checkAmount(where string, amount obb.Number, currency string) error {
	if !amountPattern.MatchString(string(amount)) || strings.Trim(string(amount), "0.") == "" {
		return badRequest(codeInvalidBody, "%s.amount must be a positive amount with two decimal places", where)
	}
	if currency != "BRL" {
		return badRequest(codeInvalidBody, "%s.currency must be BRL", where)
	}
	return nil
}

// checkPaymentAccount checks CreditorAccount / DebtorAccount.
func checkPaymentAccount(where string, a *obb.PaymentAccount) error {
	switch {
	case !ispbPattern.MatchString(a.ISPB):
		return badRequest(codeInvalidBody, "%s.ispb must be 8 digits", where)
	case a.BranchCode != "" && !branchPattern.MatchString(a.BranchCode):
		return badRequest(codeInvalidBody, "%s.branchCode must be 4 digits", where)
	case !accountNumPattern.MatchString(a.Number):
		return badRequest(codeInvalidBody, "%s.number must be 8 to 20 digits", where)
	case len(a.CheckDigit) != 1:
		return badRequest(codeInvalidBody, "%s.checkDigit must be one character", where)
	case !slices.Contains(paymentAccountType, a.AccountType):
		return badRequest(codeInvalidBody, "%s.accountType must be one of %s", where, strings.Join(paymentAccountType, ", "))
	case a.BranchCode == "" && a.AccountType != "TRAN":
		return badRequest(codeInvalidBody, "%s.branchCode is required for account type %s", where, a.AccountType)
	}
	return nil
}

// getPaymentConsent serves GET /open-banking/payments/v1/consents/{consentId}.
func (g *gateway) getPaymentConsent(c *call) (int, any, error) {
	cs, err := g.ownConsent(c, consentmgr.TypeDomesticPayment)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, paymentConsentResponse(cs), nil
}

// paymentConsentResponse is ResponsePaymentConsent for cs.
func paymentConsentResponse(cs consents.Consent) obb.ResponsePaymentConsent {
	d := obb.PaymentConsentData{
		ConsentID: cs.ConsentID, CreationDateTime: obb.DateTime(cs.CreatedAt), StatusUpdateDateTime: obb.DateTime(cs.StatusUpdatedAt),
		Status: paymentConsentStatus(cs.Status),
	}
	if raw, ok := cs.Data["creditor"]; ok {
		json.Unmarshal(raw, &d.Creditor)
	}
	if raw, ok := cs.Data["payment"]; ok {
		json.Unmarshal(raw, &d.Payment)
	}
	if raw, ok := cs.Data["debtorAccount"]; ok {
		json.Unmarshal(raw, &d.DebtorAccount)
	}
	return obb.ResponsePaymentConsent{Data: d}
}

// paymentConsentStatus maps the consent manager's status to the payment consent enum; a revoked
// consent (which includes an expired one) is REJECTED, as the spec says of an expired consent.
func paymentConsentStatus(s consentmgr.Status) string {
	switch s {
	case consentmgr.StatusAwaitingAuthorisation:
		return obb.PaymentConsentAwaitingAuthorisation
	case consentmgr.StatusAuthorised:
		return obb.PaymentConsentAuthorised
	case consentmgr.StatusConsumed:
		return obb.PaymentConsentConsumed
	}
	return obb.PaymentConsentRejected
}

// createPixPayment serves POST /open-banking/payments/v1/pix/payments under the token's payment
// consent (steps 6010–6015): checked, then idempotent per x-idempotency-key, the consent locked while
// the bank makes the payment (POST /payments), consumed once it did, and the bank's status mapped to
// the OBB enum.
func (g *gateway) createPixPayment(c *call) (int, any, error) {
	raw, err := g.readBody(c.r)
	if err != nil {
		return 0, nil, err
	}
	if err := c.checkJWSSignature(raw); err != nil {
		return 0, nil, err
	}
	var req obb.CreatePixPayment
	if err := decodeStrict(raw, &req); err != nil {
		return 0, nil, err
	}
	d := req.Data
	if d == nil || d.Payment == nil || d.CreditorAccount == nil {
		return 0, nil, badRequest(codeInvalidBody, "data.payment and data.creditorAccount are required")
	}
	if err := checkAmount("data.payment", d.Payment.Amount, d.Payment.Currency); err != nil {
		return 0, nil, err
	}
	if err := checkPaymentAccount("data.creditorAccount", d.CreditorAccount); err != nil {
		return 0, nil, err
	}
	if len(d.RemittanceInformation) > 140 || len(d.QRCode) > 512 || len(d.PixKey) > 77 {
		return 0, nil, badRequest(codeInvalidBody, "remittanceInformation, qrCode or pixKey is too long")
	}
	return g.idempotent(c, opPixPayment, raw, func() (int, any, error) { return g.makePixPayment(c, req, raw) })
}

func (g *gateway) makePixPayment(c *call, req obb.CreatePixPayment, raw []byte) (int, any, error) {
	ctx := c.r.Context()
	unlock := g.locks.lock(c.consent.ID)
	defer unlock()
	cs, err := g.consents.Get(ctx, c.consent.ID)
	if err != nil {
		return 0, nil, consentError(err)
	}
	if !cs.Usable(g.now()) {
		return 0, nil, unprocessable("07", "Consentimento inválido", "the payment consent is %s; a payment needs an Authorised consent", cs.Status)
	}
	var agreed obb.PaymentConsent
	if r, ok := cs.Data["payment"]; ok && json.Unmarshal(r, &agreed) == nil && agreed.Amount != "" && agreed.Amount != req.Data.Payment.Amount {
		return 0, nil, unprocessable("03", "Valor da transação incompatível", "the amount %s differs from the consent's %s", req.Data.Payment.Amount, agreed.Amount)
	}
	c.consent = cs
	bc := c.bankContext()
	body := bankconnect.PaymentRequest{RequestURL: selfURL(c.r), PaymentType: bankconnect.PaymentTypePIX, Request: raw,
		RequestHeaders: requestHeaders(c.r), TPP: tppOf(c)}
	var res bankconnect.PaymentResponse
	err = g.bank.Do(ctx, bc, bankclient.Request{Method: http.MethodPost, Endpoint: "POST " + bankconnect.PathPayments,
		Path: bankconnect.PathPayments, Body: body}, &res)
	if bankclient.KindOf(err) == bankclient.KindRejected {
		var be *bankclient.Error
		errors.As(err, &be)
		return 0, nil, unprocessable("99", "Desconhecido", "the account holder institution refused the payment: %s", clip(firstOf(be.Message, be.Code), 1500))
	}
	if err != nil {
		return 0, nil, fromBank(err)
	}
	bg := context.WithoutCancel(ctx)
	if err := g.idem.savePayment(bg, paymentRecord{PaymentID: res.Data.ID, ConsentID: cs.ID, ClientID: c.client.ID, Request: raw}, g.now()); err != nil {
		return 0, nil, internal(err)
	}
	info := map[string]json.RawMessage{}
	info["paymentId"], _ = json.Marshal(res.Data.ID)
	if _, err := g.consents.Transition(bg, cs.ID, consentmgr.StatusConsumed, "gateway:"+c.client.ID, info); err != nil && consents.ErrorCode(err) != consents.ETRANSITION && consents.ErrorCode(err) != consents.ECONFLICT {
		return 0, nil, internal(err)
	}
	g.log.InfoContext(ctx, "pix payment initiated", "payment", res.Data.ID, "status", res.Data.Status, "consent", cs.ConsentID,
		"client", c.client.ID, "interactionId", interactionID(ctx))
	out, err := g.pixPaymentResponse(c, bc, res.Data, cs.ConsentID, req)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, out, nil
}

// getPixPayment serves GET /open-banking/payments/v1/pix/payments/{paymentId}: the payment's current
// status at the bank, for the client that initiated it.
func (g *gateway) getPixPayment(c *call) (int, any, error) {
	id := c.r.PathValue("paymentId")
	if !resourceIDPattern.MatchString(id) {
		return 0, nil, badRequest(codeInvalidParameter, "paymentId must match %s", resourceIDPattern)
	}
	ctx := c.r.Context()
	rec, err := g.idem.payment(ctx, id)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && rec.ClientID != c.client.ID) {
		return 0, nil, notFound("no payment %s", id)
	}
	if err != nil {
		return 0, nil, internal(err)
	}
	cs, err := g.consents.Get(ctx, rec.ConsentID)
	if err != nil {
		return 0, nil, consentError(err)
	}
	c.consent = cs
	var req obb.CreatePixPayment
	if err := json.Unmarshal(rec.Request, &req); err != nil || req.Data == nil || req.Data.Payment == nil {
		return 0, nil, internal(errors.New("stored payment request is unreadable"))
	}
	bc := c.bankContext()
	var res bankconnect.PaymentResponse
	if err := g.bank.Get(ctx, bc, "GET "+bankconnect.PathPayment, "/payments/"+id, nil, &res); err != nil {
		return 0, nil, fromBank(err)
	}
	out, err := g.pixPaymentResponse(c, bc, res.Data, cs.ConsentID, req)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, out, nil
}

// pixPaymentResponse is ResponsePixPayment for the bank's payment; a rejected payment's reason comes
// from the bank's status details.
func (g *gateway) pixPaymentResponse(c *call, bc bankclient.Context, p bankconnect.GenericPaymentResponse, consentID string, req obb.CreatePixPayment) (obb.ResponsePixPayment, error) {
	d := obb.PixPaymentData{
		PaymentID: p.ID, ConsentID: consentID, CreationDateTime: zulu(p.CreationDateTime), StatusUpdateDateTime: zulu(p.StatusUpdateDateTime),
		Status: pixStatus(p.Status), Payment: *req.Data.Payment, RemittanceInformation: req.Data.RemittanceInformation,
		CreditorAccount: req.Data.CreditorAccount, PixKey: req.Data.PixKey,
	}
	if d.Status == obb.PaymentRejected {
		var det bankconnect.PaymentDetailsResponse
		if err := g.bank.Get(c.r.Context(), bc, "GET "+bankconnect.PathPaymentDetails, "/payments/"+p.ID+"/details", nil, &det); err != nil {
			return obb.ResponsePixPayment{}, fromBank(err)
		}
		d.RejectionReason = rejectionReason(det)
	}
	return obb.ResponsePixPayment{Data: d}, nil
}

// pixStatus maps the Bank Connect PIS status to the OBB enum: Pending → PDNG, settlement in process
// (or accepted without posting) → ACSP, debited → ACSC, credited → ACCC, Rejected → RJCT. PART
// (waiting for a second approver) is what the bank reports as Pending while it awaits one.
func pixStatus(s string) string {
	switch s {
	case bankconnect.StatusAcceptedSettlementInProcess, bankconnect.StatusAcceptedWithoutPosting:
		return obb.PaymentAcceptedSP
	case bankconnect.StatusAcceptedSettlementCompleted:
		return obb.PaymentAcceptedSC
	case bankconnect.StatusAcceptedCreditSettlementCompleted:
		return obb.PaymentCompleted
	case bankconnect.StatusRejected:
		return obb.PaymentRejected
	}
	return obb.PaymentPending
}

// rejectionReasons is the spec's rejectionReason enum.
var rejectionReasons = []string{"AB03", "AB09", "AB11", "AC03", "AC06", "AC07", "AC14", "AG03", "AG12", "AG13", "AGNT",
	"AM01", "AM02", "AM04", "AM09", "AM12", "AM18", "BE01", "BE15", "BE17", "CH11", "CH16", "DS04", "DS0G", "DS0H",
	"DS27", "DT02", "DT05", "ED05", "FF07", "FF08", "RC09", "RC10", "RR4", "SL02"}

// rejectionReason picks the reason of the Rejected step; a code outside the enum becomes the nearest
// one (AC04, a closed account, is AC07) or ED05 (settlement failed).
func rejectionReason(det bankconnect.PaymentDetailsResponse) string {
	for _, d := range det.Data {
		for _, s := range slices.Backward(d.StatusDetails) {
			if s.Status != bankconnect.StatusRejected || s.StatusReason == "" {
				continue
			}
			switch {
			case slices.Contains(rejectionReasons, s.StatusReason):
				return s.StatusReason
			case s.StatusReason == "AC04":
				return "AC07"
			}
			return "ED05"
		}
	}
	return "ED05"
}

// zulu rewrites an RFC 3339 time as the spec's zulu form (UTC, seconds).
func zulu(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return obb.DateTime(t)
}
