package tpp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/pquerna/otp/totp"
)

// PSU is the customer's internet-banking credentials.
type PSU struct {
	CPF, CNPJ, Password string
	// TOTPSecret answers the bank's second factor when it asks (base32, RFC 6238).
	TOTPSecret string
}

// Choice is what the customer does on the bank's consent page.
type Choice struct {
	Refuse bool
	// Accounts to check; nil checks every account offered for data sharing and the first debtor
	// account offered for a payment.
	Accounts []string
	// Limit, when positive and Accounts is nil, checks only the first Limit accounts offered.
	Limit int
}

// Authorize plays the customer's browser from the authorization URL to the TPP's redirect URI:
// the bank's /auth (3001–3006), login (4000–4002, with the second factor when asked), the consent
// page's confirmation or refusal (4003–4006) and the redirect back to the TPP (5000–5001).
func (s *Session) Authorize(ctx context.Context, b *Browser, psu PSU, ch Choice) (Callback, error) {
	var nav Navigation
	err := s.Steps.run("3001–3006", "GET bank /auth → platform GET /auth, consent → login page", "200 login form", func() (outcome, error) {
		var err error
		if nav, err = b.Open(ctx, s.Auth.URL); err != nil {
			return outcome{status: nav.Status}, err
		}
		return outcome{status: nav.Status, detail: nav.Page.Title()}, expectForm(nav, "/login", "")
	})
	if err != nil {
		return Callback{}, err
	}
	err = s.Steps.run("4000–4002", "POST bank /login (CPF, password) → consent page", "200 consent form", func() (outcome, error) {
		f := nav.Page.Form("/login", "")
		for _, kv := range [][2]string{{"cpf", psu.CPF}, {"cnpj", psu.CNPJ}, {"password", psu.Password}} {
			if err := f.Set(kv[0], kv[1]); err != nil && kv[1] != "" {
				return outcome{}, err
			}
		}
		var err error
		if nav, err = b.Submit(ctx, f, ""); err != nil {
			return outcome{status: nav.Status}, err
		}
		if nav.Page != nil {
			if otp := nav.Page.Form("/login/otp", ""); otp != nil {
				if psu.TOTPSecret == "" {
					return outcome{status: nav.Status}, errors.New("the bank asks for a TOTP code and no secret was given")
				}
				code, err := totp.GenerateCode(psu.TOTPSecret, time.Now())
				if err != nil {
					return outcome{status: nav.Status}, fmt.Errorf("TOTP: %w", err)
				}
				if err := otp.Set("code", code); err != nil {
					return outcome{status: nav.Status}, err
				}
				if nav, err = b.Submit(ctx, otp, ""); err != nil {
					return outcome{status: nav.Status}, err
				}
			}
		}
		return outcome{status: nav.Status, detail: pageText(nav)}, expectForm(nav, "/consent/", "/confirm")
	})
	if err != nil {
		return Callback{}, err
	}
	title, button := "POST bank /consent/{flow}/confirm → PATCH consent, doConfirm", "confirmar"
	if ch.Refuse {
		title, button = "POST bank /consent/{flow}/refuse → PATCH consent Rejected, doFail", "recusar"
	}
	err = s.Steps.run("4003–4006", title, "200 page sending the customer back to the TPP", func() (outcome, error) {
		f := nav.Page.Form("/consent/", "/confirm")
		s.Offered = f.Choices("account")
		if !ch.Refuse {
			accounts := ch.Accounts
			if accounts == nil {
				accounts = f.Choices("account")
				limit := ch.Limit
				if s.Request.Kind == Payment {
					limit = 1
				}
				if limit > 0 && len(accounts) > limit {
					accounts = accounts[:limit]
				}
			}
			if err := f.Check("account", accounts...); err != nil {
				return outcome{}, err
			}
		}
		var err error
		if nav, err = b.Submit(ctx, f, button); err != nil {
			return outcome{status: nav.Status}, err
		}
		if nav.Arrived == "" && (nav.Page == nil || nav.Page.LinkByID("voltar") == "") {
			return outcome{status: nav.Status, detail: pageText(nav)}, fmt.Errorf("no way back to the TPP: %s", pageText(nav))
		}
		return outcome{status: nav.Status, detail: pageText(nav)}, nil
	})
	if err != nil {
		return Callback{}, err
	}
	var cb Callback
	err = s.Steps.run("5000–5001", "redirect to the TPP's redirect URI", "arrival with the authorization response", func() (outcome, error) {
		if nav.Arrived == "" {
			var err error
			if nav, err = b.Open(ctx, nav.Page.LinkByID("voltar")); err != nil {
				return outcome{status: nav.Status}, err
			}
		}
		if nav.Arrived == "" {
			return outcome{status: nav.Status}, fmt.Errorf("the browser did not arrive at the redirect URI: %s", pageText(nav))
		}
		var err error
		cb, err = ParseCallback(nav.Arrived)
		return outcome{status: nav.Status}, err
	})
	return cb, err
}

// expectForm checks the navigation ended on a page with a form whose action matches.
func expectForm(nav Navigation, prefix, suffix string) error {
	switch {
	case nav.Arrived != "":
		cb, _ := ParseCallback(nav.Arrived)
		return fmt.Errorf("sent back to the TPP early: %s %s", cb.Error, cb.ErrorDescription)
	case nav.Status != http.StatusOK:
		return fmt.Errorf("status %d: %s", nav.Status, pageText(nav))
	case nav.Page.Form(prefix, suffix) == nil:
		return fmt.Errorf("no form %s…%s on the page: %s", prefix, suffix, pageText(nav))
	}
	return nil
}

// pageText is the start of a page's heading and text, for step details.
func pageText(nav Navigation) string {
	if nav.Page == nil {
		return nav.Arrived
	}
	t := nav.Page.Heading()
	if t == "" {
		t = nav.Page.Title()
	}
	if len(t) > 160 {
		t = t[:160] + "…"
	}
	return t
}

// Run runs a whole flow without a browser: Start, Authorize with the customer's credentials and
// choice, Finish. The session holds every step even when err is not nil.
func (c *Client) Run(ctx context.Context, tr http.RoundTripper, r Request, psu PSU, ch Choice) (*Session, error) {
	s, err := c.Start(ctx, r)
	if err != nil {
		return s, err
	}
	b, err := NewBrowser(tr, c.cfg.RedirectURI)
	if err != nil {
		return s, err
	}
	cb, err := s.Authorize(ctx, b, psu, ch)
	if err != nil {
		return s, err
	}
	return s, s.Finish(ctx, cb)
}
