package tpp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// NegativePaths runs the main ways a TPP or a customer can go wrong and checks the platform and the
// bank refuse each: an API call for an account outside the consent, a token presented with another
// client's certificate, an API call after the consent was revoked, a refusal at the bank, a payment
// consent without the x-jws-signature the payments API requires, and a second payment on a consumed
// payment consent. other is a second TPP (its certificate is the wrong one for the first's tokens).
// Each path is one step of the result; a flow that fails before its check is reached fails the step
// with the flow's error.
func (c *Client) NegativePaths(ctx context.Context, tr http.RoundTripper, other *Client, psu PSU) []Step {
	var out Steps
	out.now = time.Now

	// One data-sharing consent for the first account only serves three checks.
	s, err := c.Run(ctx, tr, Request{Kind: DataSharing, CPF: psu.CPF}, psu, Choice{Limit: 1})
	flowErr := func() (outcome, error) { return outcome{}, fmt.Errorf("the data-sharing flow failed: %w", err) }
	out.run("6000–6005", "AIS call for an account outside the consent", "403 or 404", func() (outcome, error) {
		if err != nil {
			return flowErr()
		}
		outside := slices.DeleteFunc(slices.Clone(s.Offered), func(id string) bool {
			return slices.ContainsFunc(s.Accounts, func(a SharedAccount) bool { return a.ID == id })
		})
		if len(outside) == 0 {
			return outcome{}, errors.New("the customer has no account left outside the consent")
		}
		x, err := c.Call(ctx, http.MethodGet, "/open-banking/accounts/v1/accounts/"+url.PathEscape(outside[0])+"/balances", s.Token.AccessToken, nil, 0)
		return expectStatus(x, err, http.StatusForbidden, http.StatusNotFound)
	})
	out.run("6001", "access token presented with another client's certificate", "401", func() (outcome, error) {
		if err != nil {
			return flowErr()
		}
		if other == nil {
			return outcome{}, errors.New("no second TPP configured")
		}
		x, err := other.Call(ctx, http.MethodGet, "/open-banking/accounts/v1/accounts", s.Token.AccessToken, nil, 0)
		return expectStatus(x, err, http.StatusUnauthorized)
	})
	out.run("6000–6005", "API call after the TPP revoked the consent (DELETE /consents/{consentId})", "204, then 401 or 403", func() (outcome, error) {
		if err != nil {
			return flowErr()
		}
		if x, err := c.Call(ctx, http.MethodDelete, "/open-banking/consents/v1/consents/"+url.PathEscape(s.ConsentID), s.ccToken, nil, http.StatusNoContent); err != nil {
			return outcome{status: x.Status}, err
		}
		x, err := c.Call(ctx, http.MethodGet, "/open-banking/accounts/v1/accounts", s.Token.AccessToken, nil, 0)
		return expectStatus(x, err, http.StatusUnauthorized, http.StatusForbidden)
	})

	out.run("4003–4006", "customer refuses at the bank", "access_denied at the redirect URI, consent REJECTED", func() (outcome, error) {
		s, err := c.Run(ctx, tr, Request{Kind: DataSharing, CPF: psu.CPF}, psu, Choice{Refuse: true})
		if !errors.Is(err, ErrRefused) {
			return outcome{}, fmt.Errorf("want a refusal, got %v", err)
		}
		x, err := c.Call(ctx, http.MethodGet, "/open-banking/consents/v1/consents/"+url.PathEscape(s.ConsentID), s.ccToken, nil, http.StatusOK)
		if err != nil {
			return outcome{status: x.Status}, err
		}
		var d struct {
			Status string `json:"status"`
		}
		if _, err := Decode(x, &d); err != nil {
			return outcome{status: x.Status}, err
		}
		if d.Status != "REJECTED" {
			return outcome{status: x.Status}, fmt.Errorf("refused consent is %s", d.Status)
		}
		return outcome{status: x.Status, detail: "consent REJECTED"}, nil
	})

	// The same body, signed, must then be accepted: the missing signature is what was refused.
	out.run("2000–2009", "payment consent without x-jws-signature", "400, then 201 once signed", func() (outcome, error) {
		tok, x, err := c.ClientCredentials(ctx, "payments")
		if err != nil {
			return outcome{status: x.Status}, err
		}
		const path = "/open-banking/payments/v1/consents"
		body := paymentConsentBody(Request{Amount: "1.00", Creditor: DefaultCreditor}, c.cfg.Now())
		x, err = c.call(ctx, http.MethodPost, path, tok.AccessToken, body, 0, false)
		o, err := expectStatus(x, err, http.StatusBadRequest)
		if err != nil {
			return o, err
		}
		if x, err := c.Call(ctx, http.MethodPost, path, tok.AccessToken, body, http.StatusCreated); err != nil {
			return outcome{status: x.Status}, fmt.Errorf("signed, the same consent was refused: %w", err)
		}
		return o, nil
	})

	out.run("6000–6020", "second payment on a consumed payment consent", "422", func() (outcome, error) {
		s, err := c.Run(ctx, tr, Request{Kind: Payment, CPF: psu.CPF, Amount: "1.00"}, psu, Choice{})
		if err != nil {
			return outcome{}, fmt.Errorf("the payment flow failed: %w", err)
		}
		cr := s.Request.Creditor
		body := map[string]any{"data": map[string]any{
			"payment":         map[string]any{"amount": s.Request.Amount, "currency": "BRL"},
			"creditorAccount": map[string]any{"ispb": cr.ISPB, "branchCode": cr.Branch, "number": cr.Number, "checkDigit": cr.CheckDigit, "accountType": cr.AccountType},
		}}
		// The consumed consent's token still admits a replay of its payment (same x-idempotency-key),
		// so a new payment under it reaches the consent check: 422, code 07.
		x, err := c.Call(ctx, http.MethodPost, "/open-banking/payments/v1/pix/payments", s.Token.AccessToken, body, 0)
		return expectStatus(x, err, http.StatusUnprocessableEntity)
	})
	return out.List
}

// expectStatus checks an exchange ended with one of the statuses.
func expectStatus(x Exchange, err error, want ...int) (outcome, error) {
	if err != nil {
		return outcome{status: x.Status}, err
	}
	if !slices.Contains(want, x.Status) {
		return outcome{status: x.Status}, fmt.Errorf("status %d, want %v: %s", x.Status, want, snippet(x.Body))
	}
	return outcome{status: x.Status, detail: snippet(x.Body)}, nil
}
