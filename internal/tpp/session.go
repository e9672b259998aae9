package tpp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Kind names the two flows.
type Kind string

// The flows of the diagrams.
const (
	DataSharing Kind = "accounts" // fluxo_compartilhamento.png, 1000 … 6007
	Payment     Kind = "payment"  // pis-detailed.png, 1000 … 6021
)

// Permissions a data-sharing consent asks for by default: accounts with balances and transactions,
// and the resources API (fase2/swagger_consents_apis.yaml groups them as "Contas").
var DefaultPermissions = []string{"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "ACCOUNTS_TRANSACTIONS_READ", "ACCOUNTS_OVERDRAFT_LIMITS_READ", "RESOURCES_READ"}

// Request is what a flow asks the bank for.
type Request struct {
	Kind Kind
	// CPF of the customer the TPP believes it serves (loggedUser of the data-sharing consent).
	CPF string
	// CNPJ, for a business customer (businessEntity).
	CNPJ string
	// Permissions of a data-sharing consent (default DefaultPermissions).
	Permissions []string
	// Payment fields: amount in BRL with two decimals (default "12.34"), the creditor and the
	// creditor's account at another institution.
	Amount   string
	Creditor Creditor
}

// Creditor is the payment's recipient.
type Creditor struct {
	PersonType, CPFCNPJ, Name string
	ISPB, Branch, Number      string
	CheckDigit, AccountType   string
}

// DefaultCreditor is a person with an account at another institution (fase3 CreatePixPaymentData).
var DefaultCreditor = Creditor{PersonType: "PESSOA_NATURAL", CPFCNPJ: "11144477735", Name: "Maria da Silva",
	ISPB: "12345678", Branch: "0001", Number: "1234567890", CheckDigit: "1", AccountType: "CACC"}

// Session is one run of a flow: the steps so far, the consent and authorization request, and what the
// APIs returned at the end.
type Session struct {
	Request   Request
	Steps     Steps
	ConsentID string
	Auth      AuthRequest
	Started   time.Time

	// After the code exchange.
	Token    Token
	IDClaims IDClaims

	// Data sharing: the shared accounts, each with its balances and first page of transactions.
	Accounts []SharedAccount
	// Payment: the payment as created and its status updates.
	PaymentID      string
	PaymentUpdates []string
	// Offered are the resources the bank's consent page offered (4001), checked or not.
	Offered []string

	client   *Client
	ccToken  string
	finished bool
}

// SharedAccount is one account as the Open Banking APIs returned it (generic JSON with exact numbers).
type SharedAccount struct {
	ID           string
	Account      map[string]any
	Balances     map[string]any
	Transactions []any
}

// Start runs the flow up to the authorization request: client-credentials token (1000–1001), the
// consent (2000–2003 or 2000–2009) and the pushed authorization request (3000). The customer's
// browser goes to s.Auth.URL next.
func (c *Client) Start(ctx context.Context, r Request) (*Session, error) {
	s := &Session{Request: r, client: c, Started: c.cfg.Now(), Steps: Steps{now: time.Now}}
	switch r.Kind {
	case DataSharing:
		if len(r.Permissions) == 0 {
			s.Request.Permissions = DefaultPermissions
		}
	case Payment:
		if s.Request.Amount == "" {
			s.Request.Amount = "12.34"
		}
		if s.Request.Creditor == (Creditor{}) {
			s.Request.Creditor = DefaultCreditor
		}
	default:
		return nil, fmt.Errorf("tpp: unknown flow %q", r.Kind)
	}
	scope := s.apiScope()
	err := s.Steps.run("1000–1001", "POST /token client_credentials ("+scope+")", "200 access token", func() (outcome, error) {
		t, x, err := c.ClientCredentials(ctx, scope)
		s.ccToken = t.AccessToken
		return outcome{status: x.Status, detail: "token_type " + t.TokenType}, err
	})
	if err != nil {
		return s, err
	}
	if err := s.createConsent(ctx); err != nil {
		return s, err
	}
	err = s.Steps.run("3000", "POST /par signed request object (PS256, PKCE S256) → redirect", "201 request_uri", func() (outcome, error) {
		a, x, err := c.PushAuthorization(ctx, s.ConsentID, scope)
		s.Auth = a
		return outcome{status: x.Status, detail: a.URL}, err
	})
	return s, err
}

// apiScope is the OAuth scope of the flow's APIs.
func (s *Session) apiScope() string {
	if s.Request.Kind == Payment {
		return "payments"
	}
	return "consents accounts resources"
}

func (s *Session) createConsent(ctx context.Context) error {
	c, r := s.client, s.Request
	var path, number, title string
	var body map[string]any
	if r.Kind == DataSharing {
		path, number, title = "/open-banking/consents/v1/consents", "2000–2003", "POST /consents/v1/consents"
		data := map[string]any{"permissions": r.Permissions,
			"expirationDateTime": c.cfg.Now().UTC().AddDate(0, 3, 0).Format("2006-01-02T15:04:05Z"),
			"loggedUser":         map[string]any{"document": map[string]any{"identification": r.CPF, "rel": "CPF"}}}
		if r.CNPJ != "" {
			data["businessEntity"] = map[string]any{"document": map[string]any{"identification": r.CNPJ, "rel": "CNPJ"}}
		}
		body = map[string]any{"data": data}
	} else {
		path, number, title = "/open-banking/payments/v1/consents", "2000–2009", "POST /payments/v1/consents (PIX "+r.Amount+" BRL)"
		body = paymentConsentBody(r, c.cfg.Now())
	}
	return s.Steps.run(number, title, "201 AWAITING_AUTHORISATION", func() (outcome, error) {
		x, err := c.Call(ctx, http.MethodPost, path, s.ccToken, body, http.StatusCreated)
		if err != nil {
			return outcome{status: x.Status}, err
		}
		var d struct {
			ConsentID string `json:"consentId"`
			Status    string `json:"status"`
		}
		if _, err := Decode(x, &d); err != nil {
			return outcome{status: x.Status}, err
		}
		s.ConsentID = d.ConsentID
		if d.Status != "AWAITING_AUTHORISATION" || d.ConsentID == "" {
			return outcome{status: x.Status}, fmt.Errorf("consent %q is %s", d.ConsentID, d.Status)
		}
		return outcome{status: x.Status, detail: d.ConsentID}, nil
	})
}

// paymentConsentBody is the fase3 CreatePaymentConsent of r's PIX payment, dated now.
func paymentConsentBody(r Request, now time.Time) map[string]any {
	cr := r.Creditor
	return map[string]any{"data": map[string]any{
		"creditor": map[string]any{"personType": cr.PersonType, "cpfCnpj": cr.CPFCNPJ, "name": cr.Name},
		"payment":  map[string]any{"type": "PIX", "dateTime": now.UTC().Format("2006-01-02T15:04:05Z"), "currency": "BRL", "amount": r.Amount},
	}}
}

// ErrRefused is the authorization response of a customer who refused (access_denied).
var ErrRefused = errors.New("tpp: the customer refused the consent (access_denied)")

// Finish takes the authorization response (5001–5002), redeems the code (5003–5004) and calls the
// APIs: accounts, balances and transactions (6000–6007) or the PIX payment and its status
// (6000–6021). A refusal returns ErrRefused after recording the step.
func (s *Session) Finish(ctx context.Context, cb Callback) error {
	if s.finished {
		return errors.New("tpp: this flow already received its authorization response")
	}
	s.finished = true
	c := s.client
	var code string
	err := s.Steps.run("5001–5002", "authorization response at the redirect URI (code, id_token: nonce, c_hash, s_hash)", "code and a valid id_token",
		func() (outcome, error) {
			switch {
			case cb.Error != "":
				return outcome{detail: cb.Error + ": " + cb.ErrorDescription}, fmt.Errorf("authorization error %s: %s", cb.Error, cb.ErrorDescription)
			case cb.State != s.Auth.State:
				return outcome{}, fmt.Errorf("state %q is not the one sent", cb.State)
			case cb.Code == "":
				return outcome{}, errors.New("no code")
			case cb.IDToken == "":
				return outcome{}, errors.New("no id_token with the code (response_type code id_token)")
			}
			cl, err := c.VerifyIDToken(ctx, cb.IDToken, IDExpect{Nonce: s.Auth.Nonce, Code: cb.Code, State: cb.State, ConsentID: s.ConsentID})
			if err != nil {
				return outcome{}, err
			}
			code = cb.Code
			return outcome{detail: "sub " + cl.Subject + ", acr " + cl.ACR}, nil
		})
	if err != nil {
		if cb.Error == "access_denied" {
			return ErrRefused
		}
		return err
	}
	err = s.Steps.run("5003–5004", "POST /token authorization_code (PKCE verifier)", "200 access token bound to the certificate, valid id_token", func() (outcome, error) {
		t, x, err := c.ExchangeCode(ctx, code, s.Auth.Verifier)
		if err != nil {
			return outcome{status: x.Status}, err
		}
		s.Token = t
		if t.IDToken != "" {
			cl, err := c.VerifyIDToken(ctx, t.IDToken, IDExpect{Nonce: s.Auth.Nonce, AccessToken: t.AccessToken, ConsentID: s.ConsentID})
			if err != nil {
				return outcome{status: x.Status}, err
			}
			s.IDClaims = cl
		}
		return outcome{status: x.Status, detail: fmt.Sprintf("expires in %d s, scope %s", t.ExpiresIn, t.Scope)}, nil
	})
	if err != nil {
		return err
	}
	if s.Request.Kind == DataSharing {
		return s.readAccounts(ctx)
	}
	return s.pay(ctx)
}

// readAccounts is stage 6 of data sharing: the accounts list, then each account's balances and first
// page of transactions (at most three accounts, to keep the table short).
func (s *Session) readAccounts(ctx context.Context) error {
	c, tok := s.client, s.Token.AccessToken
	err := s.Steps.run("6000–6005", "GET /accounts/v1/accounts", "200 the consented accounts", func() (outcome, error) {
		x, err := c.Call(ctx, http.MethodGet, "/open-banking/accounts/v1/accounts", tok, nil, http.StatusOK)
		if err != nil {
			return outcome{status: x.Status}, err
		}
		var list []map[string]any
		if _, err := Decode(x, &list); err != nil {
			return outcome{status: x.Status}, err
		}
		if len(list) == 0 {
			return outcome{status: x.Status}, errors.New("no account shared")
		}
		for _, a := range list {
			id, _ := a["accountId"].(string)
			s.Accounts = append(s.Accounts, SharedAccount{ID: id, Account: a})
		}
		return outcome{status: x.Status, detail: fmt.Sprintf("%d accounts", len(list))}, nil
	})
	if err != nil {
		return err
	}
	for i := range s.Accounts {
		if i == 3 {
			break
		}
		a := &s.Accounts[i]
		base := "/open-banking/accounts/v1/accounts/" + url.PathEscape(a.ID)
		err := s.Steps.run("6000–6005", "GET /accounts/v1/accounts/{accountId}/balances", "200 balances", func() (outcome, error) {
			x, err := c.Call(ctx, http.MethodGet, base+"/balances", tok, nil, http.StatusOK)
			if err != nil {
				return outcome{status: x.Status}, err
			}
			_, err = Decode(x, &a.Balances)
			return outcome{status: x.Status, detail: fmt.Sprintf("available %v %v", a.Balances["availableAmount"], a.Balances["availableAmountCurrency"])}, err
		})
		if err != nil {
			return err
		}
		err = s.Steps.run("6000–6005", "GET /accounts/v1/accounts/{accountId}/transactions", "200 transactions", func() (outcome, error) {
			x, err := c.Call(ctx, http.MethodGet, base+"/transactions", tok, nil, http.StatusOK)
			if err != nil {
				return outcome{status: x.Status}, err
			}
			_, err = Decode(x, &a.Transactions)
			return outcome{status: x.Status, detail: fmt.Sprintf("%d transactions on the first page", len(a.Transactions))}, err
		})
		if err != nil {
			return err
		}
	}
	return s.Steps.run("6006–6007", "accounts, balances and transactions shown to the customer", "data for every consented account", func() (outcome, error) {
		return outcome{detail: fmt.Sprintf("%d accounts", len(s.Accounts))}, nil
	})
}

// settleWait is how long step 6021 waits for a payment to settle.
const settleWait = 90 * time.Second

// terminal payment statuses of fase3 EnumTransactionStatus.
var terminal = map[string]bool{"ACCC": true, "ACSC": true, "RJCT": true}

// pay is stage 6 of the payment: POST /pix/payments (6000–6020), then its status until it settles
// the consent now CONSUMED (6016), then the payment's status until it settles or is rejected (6021).
func (s *Session) pay(ctx context.Context) error {
	c, r := s.client, s.Request
	cr := r.Creditor
	body := map[string]any{"data": map[string]any{
		"payment":               map[string]any{"amount": r.Amount, "currency": "BRL"},
		"creditorAccount":       map[string]any{"ispb": cr.ISPB, "branchCode": cr.Branch, "number": cr.Number, "checkDigit": cr.CheckDigit, "accountType": cr.AccountType},
		"remittanceInformation": "ifconnect demo",
	}}
	var status string
	err := s.Steps.run("6000–6020", "POST /payments/v1/pix/payments", "201 payment accepted", func() (outcome, error) {
		x, err := c.Call(ctx, http.MethodPost, "/open-banking/payments/v1/pix/payments", s.Token.AccessToken, body, http.StatusCreated)
		if err != nil {
			return outcome{status: x.Status}, err
		}
		var d struct {
			PaymentID string `json:"paymentId"`
			Status    string `json:"status"`
		}
		if _, err := Decode(x, &d); err != nil {
			return outcome{status: x.Status}, err
		}
		s.PaymentID, status = d.PaymentID, d.Status
		s.PaymentUpdates = append(s.PaymentUpdates, d.Status)
		if d.PaymentID == "" || d.Status == "RJCT" {
			return outcome{status: x.Status}, fmt.Errorf("payment %q is %s", d.PaymentID, d.Status)
		}
		return outcome{status: x.Status, detail: d.PaymentID + " " + d.Status}, nil
	})
	if err != nil {
		return err
	}
	err = s.Steps.run("6016", "GET /payments/v1/consents/{consentId}", "200 CONSUMED", func() (outcome, error) {
		x, err := c.Call(ctx, http.MethodGet, "/open-banking/payments/v1/consents/"+url.PathEscape(s.ConsentID), s.ccToken, nil, http.StatusOK)
		if err != nil {
			return outcome{status: x.Status}, err
		}
		var d struct {
			Status string `json:"status"`
		}
		if _, err := Decode(x, &d); err != nil {
			return outcome{status: x.Status}, err
		}
		if d.Status != "CONSUMED" {
			return outcome{status: x.Status}, fmt.Errorf("consent is %s", d.Status)
		}
		return outcome{status: x.Status, detail: d.Status}, nil
	})
	if err != nil {
		return err
	}
	return s.Steps.run("6021", "GET /payments/v1/pix/payments/{paymentId} until settled", "200 ACCC or ACSC", func() (outcome, error) {
		st, wait := 0, 50*time.Millisecond
		deadline := time.Now().Add(settleWait)
		for i := 0; !terminal[status]; i++ {
			if time.Now().After(deadline) {
				return outcome{status: st}, fmt.Errorf("payment still %s after %s", status, settleWait)
			}
			if i > 0 {
				select {
				case <-ctx.Done():
					return outcome{status: st}, ctx.Err()
				case <-time.After(wait):
				}
				wait = min(2*wait, time.Second)
			}
			x, err := c.Call(ctx, http.MethodGet, "/open-banking/payments/v1/pix/payments/"+url.PathEscape(s.PaymentID), s.ccToken, nil, http.StatusOK)
			st = x.Status
			if err != nil {
				return outcome{status: st}, err
			}
			var d struct {
				Status string `json:"status"`
			}
			if _, err := Decode(x, &d); err != nil {
				return outcome{status: st}, err
			}
			if d.Status != status {
				s.PaymentUpdates = append(s.PaymentUpdates, d.Status)
			}
			status = d.Status
		}
		if status == "RJCT" {
			return outcome{status: st}, errors.New("payment rejected")
		}
		return outcome{status: st, detail: fmt.Sprint(s.PaymentUpdates)}, nil
	})
}
