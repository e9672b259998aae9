// Package tecbantest is an in-memory stand-in for the TecBan platform's Consent Manager
// (consent-manager-spec.yaml: GET and PATCH /consents/{consentId}) and builders of the payment
// consents and Bank Connect payment requests the platform would send. The bank's tests, its crash test
// and `ifconnect bench pis` serve it over mutual TLS so the bank's client is exercised exactly as
// against the platform, without importing the platform (the wall between bank and platform holds in
// tests too).
package tecbantest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// ConsentManager serves consents from memory. It is safe for concurrent use.
type ConsentManager struct {
	mu       sync.RWMutex
	consents map[string]consentmgr.ConsentGetResponse
	// Generate, when set, answers GET for ids that were never Put; benchmarks use it to serve any
	// number of distinct consents without storing them. It must be set before serving.
	Generate func(id string) (consentmgr.ConsentGetResponse, bool)
	gets     atomic.Int64
}

// NewConsentManager returns an empty consent manager.
func NewConsentManager() *ConsentManager {
	return &ConsentManager{consents: map[string]consentmgr.ConsentGetResponse{}}
}

// Put stores or replaces a consent.
func (m *ConsentManager) Put(c consentmgr.ConsentGetResponse) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.consents[c.ID] = c
}

// Get returns a stored consent.
func (m *ConsentManager) Get(id string) (consentmgr.ConsentGetResponse, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	c, ok := m.consents[id]
	return c, ok
}

// SetStatus changes a stored consent's status, as the platform does at steps 6010 and 6016.
func (m *ConsentManager) SetStatus(id string, s consentmgr.Status) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.consents[id]
	if !ok || c.ConsentBody == nil {
		return
	}
	body := *c.ConsentBody
	body.Data.Status = s
	body.Data.StatusUpdateDateTime = time.Now().UTC().Truncate(time.Second)
	c.ConsentBody = &body
	m.consents[id] = c
}

// Gets is how many GET /consents/{consentId} calls were answered.
func (m *ConsentManager) Gets() int64 { return m.gets.Load() }

// ServeHTTP answers GET /consents/{consentId} and PATCH /consents/{consentId} (status, psuIdentifiers,
// accountIds), with the contract's 400 {"errorCode","errorMessage"} for everything else.
func (m *ConsentManager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	escaped, ok := strings.CutPrefix(r.URL.EscapedPath(), "/consents/")
	id, err := url.PathUnescape(escaped)
	if !ok || err != nil || id == "" || strings.Contains(escaped, "/") {
		writeJSON(w, http.StatusNotFound, consentmgr.Error{ErrorCode: consentmgr.CodeNotFound, ErrorMessage: "no such operation"})
		return
	}
	switch r.Method {
	case http.MethodGet:
		m.gets.Add(1)
		c, ok := m.Get(id)
		if !ok && m.Generate != nil {
			c, ok = m.Generate(id)
		}
		if !ok {
			writeJSON(w, http.StatusBadRequest, consentmgr.Error{ErrorCode: consentmgr.CodeConsentNotFound, ErrorMessage: "consent " + id + " not found"})
			return
		}
		writeJSON(w, http.StatusOK, c)
	case http.MethodPatch:
		var p consentmgr.ConsentPatchRequest
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&p); err != nil {
			writeJSON(w, http.StatusBadRequest, consentmgr.Error{ErrorCode: consentmgr.CodeInvalidRequest, ErrorMessage: err.Error()})
			return
		}
		m.mu.Lock()
		c, ok := m.consents[id]
		if ok {
			if p.PSUIdentifiers != nil {
				c.PSUIdentifiers = p.PSUIdentifiers
			}
			if p.AccountIDs != nil {
				c.AccountIDs = p.AccountIDs
			}
			if p.Status != "" && c.ConsentBody != nil {
				body := *c.ConsentBody
				body.Data.Status = p.Status
				c.ConsentBody = &body
			}
			m.consents[id] = c
		}
		m.mu.Unlock()
		if !ok {
			writeJSON(w, http.StatusBadRequest, consentmgr.Error{ErrorCode: consentmgr.CodeConsentNotFound, ErrorMessage: "consent " + id + " not found"})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		writeJSON(w, http.StatusBadRequest, consentmgr.Error{ErrorCode: consentmgr.CodeMethodNotAllowed, ErrorMessage: r.Method + " is not allowed"})
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// PixConsent returns an OBB PIX payment consent as the consent manager holds it: the TPP's
// CreatePaymentConsent body as request, in status, bound to userID and the debtor accountIDs when
// authorised.
func PixConsent(id string, status consentmgr.Status, userID string, accountIDs []string, body bankconnect.PixPaymentConsent) consentmgr.ConsentGetResponse {
	return consent(id, bankconnect.PaymentTypePIX, status, userID, accountIDs, body)
}

// DomesticConsent is PixConsent for a UK domestic payment consent (OBWriteDomesticConsent4).
func DomesticConsent(id string, status consentmgr.Status, userID string, accountIDs []string, body bankconnect.DomesticPaymentConsent) consentmgr.ConsentGetResponse {
	return consent(id, string(consentmgr.TypeDomesticPayment), status, userID, accountIDs, body)
}

func consent(id, typ string, status consentmgr.Status, userID string, accountIDs []string, body any) consentmgr.ConsentGetResponse {
	req, _ := json.Marshal(body) // the wire types always marshal
	now := time.Now().UTC().Truncate(time.Second)
	c := consentmgr.ConsentGetResponse{
		ID:             id,
		ConsentType:    consentmgr.ConsentType(typ),
		Request:        req,
		RequestHeaders: json.RawMessage(`{"x-fapi-interaction-id":"` + id + `"}`),
		ConsentBody: &consentmgr.ConsentBody{Data: consentmgr.ConsentData{
			ConsentID: "urn:tecban:" + id, CreationDateTime: now, Status: status, StatusUpdateDateTime: now,
		}},
		TPP:        consentmgr.TPP{ClientID: "tpp-client", OrgID: "tpp-org", SoftwareStatementID: "tpp-ss"},
		AccountIDs: accountIDs,
	}
	if userID != "" {
		c.PSUIdentifiers = &consentmgr.PSUIdentifiers{UserID: userID}
	}
	return c
}

// PaymentRequest returns a POST /payments body carrying the TPP's body under paymentType, with the
// TPP's x-idempotency-key when key is not empty.
func PaymentRequest(paymentType string, body any, key string) []byte {
	req, _ := json.Marshal(body)
	headers := map[string]string{"x-fapi-interaction-id": "tpp-interaction"}
	if key != "" {
		headers["x-idempotency-key"] = key
	}
	h, _ := json.Marshal(headers)
	out, _ := json.Marshal(bankconnect.PaymentRequest{
		RequestURL:     "https://platform.example/open-banking/payments/v1/pix/payments",
		PaymentType:    paymentType,
		Request:        req,
		RequestHeaders: h,
		TPP:            consentmgr.TPP{ClientID: "tpp-client", OrgID: "tpp-org", SoftwareStatementID: "tpp-ss"},
	})
	return out
}
