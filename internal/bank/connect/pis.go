package connect

import (
	"errors"
	"io"
	"net/http"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/paymentbody"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// The PIS operations of tecban/openapi/obie-api-spec-pis.yaml: the platform asks the bank to validate a
// payment consent before saving it (step 2004) and to make the payment the customer authorised (step
// 6013), then reads its status. Each handler decodes, calls core.PaymentService and encodes; every
// rule lives in core.

// pisHandler handles a PIS call whose context headers were checked.
type pisHandler func(r *http.Request, cc callContext) (any, error)

// pis turns a PIS handler into an http.Handler answering with status on success. needPSU refuses a
// call without o3-psu-identifier; the validation takes it when the platform has one.
func (s *server) pis(status int, needPSU bool, h pisHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := s.pisCall(r, needPSU, h)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeJSON(w, status, body)
	})
}

func (s *server) pisCall(r *http.Request, needPSU bool, h pisHandler) (any, error) {
	if s.Payments == nil {
		return nil, core.Errorf(core.EUNAVAILABLE, "payments are not enabled at this bank")
	}
	cc, err := parseContext(r.Header, s.ASPSPID, r.Method)
	if err != nil {
		return nil, err
	}
	if needPSU && cc.PSU == nil {
		return nil, invalidHeader("%s is required", bankconnect.HeaderPSUIdentifier)
	}
	return h(r, cc)
}

// readBody reads a request body of at most paymentbody.MaxBody bytes.
func readBody(r *http.Request) ([]byte, error) {
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, paymentbody.MaxBody))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, core.Errorf(codeTooLarge, "the request body is larger than %d bytes", tooBig.Limit)
	}
	if err != nil {
		return nil, core.Errorf(core.EINVALID, "the request body could not be read")
	}
	return b, nil
}

// validatePaymentConsent serves POST /payments-consent/action/validate: 200 with status valid, or
// invalid with the code and description of the first rule the consent breaks; 400 only when the body
// is not a consent at all.
func (s *server) validatePaymentConsent(r *http.Request, cc callContext) (any, error) {
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	raw, err := paymentbody.DecodeValidateRequest(body)
	if err != nil {
		return nil, err
	}
	verdict := core.ConsentVerdict{}
	pc, err := paymentbody.Consent(raw)
	if err != nil {
		verdict = paymentbody.VerdictOf(err)
	} else {
		if pc.UserID == "" && cc.PSU != nil {
			pc.UserID = cc.PSU.UserID
		}
		if verdict, err = s.Payments.ValidateConsent(r.Context(), pc); err != nil {
			return nil, err
		}
	}
	out := bankconnect.PaymentConsentValidateResponse{Data: bankconnect.PaymentConsentValidateData{Status: bankconnect.ValidateValid}}
	if !verdict.Valid {
		out.Data = bankconnect.PaymentConsentValidateData{Status: bankconnect.ValidateInvalid, Code: verdict.Code, Description: verdict.Description}
	}
	return out, nil
}

// makePayment serves POST /payments: 201 with the payment, also when it was Rejected (insufficient
// funds is a payment status, not an HTTP error) and when the request repeats an earlier one for the
// same consent or idempotency key, which returns that first payment. The debtor is the consent's
// accountIds[0], read from the consent manager by o3-consent-id.
func (s *server) makePayment(r *http.Request, cc callContext) (any, error) {
	if cc.ConsentID == "" {
		return nil, invalidHeader("%s is required to make a payment", bankconnect.HeaderConsentID)
	}
	body, err := readBody(r)
	if err != nil {
		return nil, err
	}
	req, err := paymentbody.DecodePaymentRequest(body)
	if err != nil {
		return nil, err
	}
	req.ConsentID, req.UserID = cc.ConsentID, cc.PSU.UserID
	if req.TPPClientID == "" {
		req.TPPClientID = cc.CallerClientID
	}
	p, _, err := s.Payments.Execute(r.Context(), req)
	if err != nil {
		return nil, err
	}
	return paymentResponse(p), nil
}

// getPayment serves GET /payments/{paymentId}: the payment's current status, for the consent in
// o3-consent-id and the PSU in o3-psu-identifier when the platform sends them.
func (s *server) getPayment(r *http.Request, cc callContext) (any, error) {
	p, err := s.paymentOf(r, cc)
	if err != nil {
		return nil, err
	}
	return paymentResponse(p), nil
}

// getPaymentDetails serves GET /payments/{paymentId}/details: the status and its history, one entry
// per step, with the rejection reason (an ISO 20022 / OBB code) of a Rejected payment.
func (s *server) getPaymentDetails(r *http.Request, cc callContext) (any, error) {
	p, err := s.paymentOf(r, cc)
	if err != nil {
		return nil, err
	}
	d := bankconnect.PaymentDetails{ID: p.ID, Status: string(p.Status), StatusUpdateDateTime: paymentTime(p.UpdatedAt)}
	for _, h := range p.History {
		sd := bankconnect.PaymentStatusDetails{LocalInstrament: string(p.Order.LocalInstrument), Status: string(h.Status), StatusReason: h.Reason}
		if h.Status == core.PaymentRejected {
			sd.StatusReason = h.Reason
			if sd.StatusReason == "" {
				sd.StatusReason = p.RejectionReason
			}
			sd.StatusReasonDescriptio = p.RejectionDetail
		}
		d.StatusDetails = append(d.StatusDetails, sd)
	}
	return bankconnect.PaymentDetailsResponse{Data: []bankconnect.PaymentDetails{d}}, nil
}

func (s *server) paymentOf(r *http.Request, cc callContext) (core.Payment, error) {
	userID := ""
	if cc.PSU != nil {
		userID = cc.PSU.UserID
	}
	return s.Payments.Payment(r.Context(), r.PathValue("paymentId"), cc.ConsentID, userID)
}

func paymentResponse(p core.Payment) bankconnect.PaymentResponse {
	return bankconnect.PaymentResponse{Data: bankconnect.GenericPaymentResponse{
		ID: p.ID, Status: string(p.Status), CreationDateTime: paymentTime(p.CreatedAt), StatusUpdateDateTime: paymentTime(p.UpdatedAt),
	}}
}

// paymentTime writes a time as the contract's date-time: RFC 3339 in UTC.
func paymentTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
