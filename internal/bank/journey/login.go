package journey

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
)

// Authentication context classes the journey reports in doConfirm's acr claim (Open Banking Brasil
// security profile): a password alone is LoA2, a password and a TOTP code LoA3.
const (
	acrLoA2 = "urn:brasil:openbanking:loa2"
	acrLoA3 = "urn:brasil:openbanking:loa3"
)

// loginData is the login page's content.
type loginData struct {
	Error string
	CPF   string
	CNPJ  string
	Flow  string
}

type otpData struct{ Error string }

// lockedMessage tells a locked-out customer, in l, how long to wait.
func lockedMessage(l lang, until, now time.Time) string {
	mins := int(math.Ceil(until.Sub(now).Minutes()))
	if mins <= 1 {
		return l.T("login.locked.one")
	}
	return l.T("login.locked.many", mins)
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request, sess *session, status int, d loginData) {
	p := page{Title: langOf(r).T("login.title"), CSRF: sess.CSRF, Data: d, Here: "/login"}
	if f := sess.Flows[d.Flow]; f != nil {
		p.FromTPP = f.TPPName
		p.Here = "/login?flow=" + url.QueryEscape(d.Flow)
	}
	s.render(w, r, status, "login", p)
}

func (s *Server) handleLoginPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(w, r)
		if !ok {
			return
		}
		flowID := r.URL.Query().Get("flow")
		if flowID != "" {
			r.SetPathValue("flow", flowID)
			if _, ok := s.openFlow(w, r, sess); !ok {
				return
			}
		} else if sess.UserID != "" {
			http.Redirect(w, r, "/open-banking", http.StatusSeeOther)
			return
		}
		if !s.save(w, r, sess) {
			return
		}
		s.loginPage(w, r, sess, http.StatusOK, loginData{Flow: flowID})
	})
}

// handleLogin checks CPF (and CNPJ) and password (step 4000/4001), counting failures per CPF and per
// address. A user with a TOTP secret continues at /login/otp.
func (s *Server) handleLogin() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.postedSession(w, r)
		if !ok {
			return
		}
		d := loginData{CPF: r.PostForm.Get("cpf"), CNPJ: r.PostForm.Get("cnpj"), Flow: r.PostForm.Get("flow")}
		if len(d.CPF) > 32 || len(d.CNPJ) > 32 {
			d.CPF, d.CNPJ = "", ""
		}
		if d.Flow != "" {
			r.SetPathValue("flow", d.Flow)
			if _, ok := s.openFlow(w, r, sess); !ok {
				return
			}
		}
		l := langOf(r)
		cpf, cnpj, pw := digits(d.CPF), digits(d.CNPJ), r.PostForm.Get("password")
		if !core.ValidCPF(cpf) {
			d.Error = l.T("login.bad_cpf")
			s.loginPage(w, r, sess, http.StatusUnprocessableEntity, d)
			return
		}
		if d.CNPJ != "" && !core.ValidCNPJ(cnpj) {
			d.Error = l.T("login.bad_cnpj")
			s.loginPage(w, r, sess, http.StatusUnprocessableEntity, d)
			return
		}
		if pw == "" || len(pw) > 256 {
			d.Error = l.T("login.no_password")
			s.loginPage(w, r, sess, http.StatusUnprocessableEntity, d)
			return
		}
		ctx := r.Context()
		ip := s.clientIP(r)
		now := s.now()
		until, err := s.lockedUntil(ctx, userKey(cpf), ipKey(ip))
		if err != nil {
			s.log.Error("journey: throttle", "err", err)
			s.unavailable(w, r)
			return
		}
		if !until.IsZero() {
			d.Error = lockedMessage(l, until, now)
			s.loginPage(w, r, sess, http.StatusTooManyRequests, d)
			return
		}
		u, actingFor, good := s.checkCredentials(ctx, cpf, cnpj, pw)
		if !good {
			if err := s.recordFailure(ctx, cpf, ip); err != nil {
				s.log.Error("journey: throttle", "err", err)
			}
			s.log.Info("journey: login failed", "login", core.MaskTaxID(cpf))
			// One message for every wrong login, whatever was wrong (unknown CPF, wrong password, CNPJ
			// the person does not represent, disabled user): it must not tell a guesser what to change.
			d.Error = l.T("login.bad")
			if until, err := s.lockedUntil(ctx, userKey(cpf), ipKey(ip)); err == nil && !until.IsZero() {
				d.Error = lockedMessage(l, until, now)
			}
			s.loginPage(w, r, sess, http.StatusUnauthorized, d)
			return
		}
		if u.TOTPSecret != "" {
			sess.Pending = &pendingLogin{UserID: u.ID, ActingFor: actingFor, FlowID: d.Flow, At: now}
			if !s.save(w, r, sess) {
				return
			}
			http.Redirect(w, r, "/login/otp", http.StatusSeeOther)
			return
		}
		if err := s.clearFailures(ctx, cpf); err != nil {
			s.log.Error("journey: throttle", "err", err)
		}
		s.completeLogin(w, r, sess, u.ID, actingFor, d.Flow, acrLoA2)
	})
}

// checkCredentials verifies the password and, with a CNPJ, that the person represents that company.
// An unknown CPF is verified against a dummy hash so it costs the same time as a wrong password.
func (s *Server) checkCredentials(ctx context.Context, cpf, cnpj, pw string) (core.User, string, bool) {
	u, err := s.users.UserByLogin(ctx, cpf)
	if err != nil {
		verifyPassword(s.dummyPW, pw)
		return core.User{}, "", false
	}
	if !verifyPassword(u.PasswordHash, pw) || u.Disabled {
		return core.User{}, "", false
	}
	if cnpj == "" {
		return u, u.CustomerID, true
	}
	custs, err := s.custs.CustomersOfUser(ctx, u.ID)
	if err != nil {
		return core.User{}, "", false
	}
	for _, c := range custs {
		if c.Kind == core.Business && c.TaxID == cnpj && representation(c, u.CustomerID) != nil {
			return u, c.ID, true
		}
	}
	return core.User{}, "", false
}

func (s *Server) handleOTPPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(w, r)
		if !ok {
			return
		}
		if sess.Pending == nil || s.now().Sub(sess.Pending.At) > 5*time.Minute {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		p := page{Title: langOf(r).T("otp.title"), CSRF: sess.CSRF, Data: otpData{}}
		if f := sess.Flows[sess.Pending.FlowID]; f != nil {
			p.FromTPP = f.TPPName
		}
		s.render(w, r, http.StatusOK, "otp", p)
	})
}

// handleOTP checks the second factor. Wrong codes count as failed logins of the user.
func (s *Server) handleOTP() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.postedSession(w, r)
		if !ok {
			return
		}
		pend := sess.Pending
		now := s.now()
		if pend == nil || now.Sub(pend.At) > 5*time.Minute {
			sess.Pending = nil
			s.save(w, r, sess)
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		ctx := r.Context()
		l := langOf(r)
		u, err := s.users.User(ctx, pend.UserID)
		if err != nil {
			s.unavailable(w, r)
			return
		}
		ip := s.clientIP(r)
		p := page{Title: l.T("otp.title"), CSRF: sess.CSRF, Here: "/login/otp"}
		if f := sess.Flows[pend.FlowID]; f != nil {
			p.FromTPP = f.TPPName
		}
		if until, err := s.lockedUntil(ctx, userKey(u.Login), ipKey(ip)); err == nil && !until.IsZero() {
			sess.Pending = nil
			if !s.save(w, r, sess) {
				return
			}
			s.loginPage(w, r, sess, http.StatusTooManyRequests, loginData{Flow: pend.FlowID, Error: lockedMessage(l, until, now)})
			return
		}
		step := totpStep(u.TOTPSecret, digits(r.PostForm.Get("code")), now)
		fresh := false
		if step >= 0 {
			if fresh, err = s.useTOTPStep(ctx, u.ID, step); err != nil {
				s.log.Error("journey: totp", "err", err)
				s.unavailable(w, r)
				return
			}
		}
		if !fresh {
			if err := s.recordFailure(ctx, u.Login, ip); err != nil {
				s.log.Error("journey: throttle", "err", err)
			}
			p.Data = otpData{Error: l.T("otp.bad")}
			s.render(w, r, http.StatusUnauthorized, "otp", p)
			return
		}
		if err := s.clearFailures(ctx, u.Login); err != nil {
			s.log.Error("journey: throttle", "err", err)
		}
		sess.Pending = nil
		s.completeLogin(w, r, sess, u.ID, pend.ActingFor, pend.FlowID, acrLoA3)
	})
}

// completeLogin makes the session the user's (under a new token) and continues: to the consent of
// the flow, after checking the person is the one the TPP named and may act (4002), or to the
// "Open Banking" area.
func (s *Server) completeLogin(w http.ResponseWriter, r *http.Request, sess *session, userID, actingFor, flowID, acr string) {
	ctx := r.Context()
	l := langOf(r)
	if err := s.rotateSession(ctx, sess); err != nil {
		s.log.Error("journey: session", "err", err)
		s.unavailable(w, r)
		return
	}
	sess.UserID, sess.ActingFor, sess.LoginAt = userID, actingFor, s.now()
	f := sess.Flows[flowID]
	if f == nil {
		if !s.save(w, r, sess) {
			return
		}
		http.Redirect(w, r, "/open-banking", http.StatusSeeOther)
		return
	}
	a, err := s.loadActor(ctx, userID, actingFor)
	if err != nil {
		s.log.Error("journey: load actor", "err", err)
		s.unavailable(w, r)
		return
	}
	pctx, cancel := s.platformCtx(ctx)
	c, err := s.cm.ReadConsent(pctx, f.ConsentID)
	cancel()
	if err != nil {
		msg, fail := platformFailure(l, err)
		s.failFlow(w, r, sess, f, false, fail, l.T("cannot_continue"), msg)
		return
	}
	info := readConsent(c)
	if info.Status != consentmgr.StatusAwaitingAuthorisation {
		s.failFlow(w, r, sess, f, false, heimdall.Fail{Error: "invalid_request", ErrorDescription: "consent is not awaiting authorisation"},
			l.T("consent.unavailable.title"), l.T("consent.unavailable"))
		return
	}
	a, problem := s.bindIdentity(ctx, l, a, info)
	if problem != "" {
		s.log.Info("journey: identity does not match the consent", "consent", f.ConsentID)
		s.failFlow(w, r, sess, f, true, heimdall.Fail{Error: "access_denied", ErrorDescription: "the authenticated customer is not the one the consent names"},
			l.T("cannot_continue"), problem)
		return
	}
	sess.ActingFor = a.acting.ID
	f.UserID, f.ActingFor, f.ACR = userID, a.acting.ID, acr
	if !s.save(w, r, sess) {
		return
	}
	http.Redirect(w, r, "/consent/"+f.ID, http.StatusSeeOther)
}

// bindIdentity checks the logged-in person against the consent (JOURNEY.md, Authentication): the CPF
// of loggedUser must be the person's, and a businessEntity's CNPJ a company the person represents
// with the powers the consent needs. It returns the actor acting for the right customer, or the
// explanation to show.
func (s *Server) bindIdentity(ctx context.Context, l lang, a actor, info consentInfo) (actor, string) {
	if info.LoggedUser != "" && info.LoggedUser != a.person.TaxID {
		// The other person's CPF is not shown, not even masked: it is not the logged-in customer's data.
		return a, l.T("identity.other_person", info.TPPName, info.TPPName)
	}
	if info.BusinessEntity != "" && a.acting.TaxID != info.BusinessEntity {
		companies, err := s.custs.CustomersOfUser(ctx, a.user.ID)
		found := false
		if err == nil {
			for _, c := range companies {
				if c.Kind == core.Business && c.TaxID == info.BusinessEntity {
					if rep := representation(c, a.person.ID); rep != nil {
						a.acting, a.rep, found = c, rep, true
					}
				}
			}
		}
		if !found {
			return a, l.T("identity.not_representative", info.TPPName, s.cfg.BankName)
		}
	}
	if a.rep != nil {
		if info.Payment != nil {
			if !a.rep.Powers.Pay {
				return a, l.T("identity.no_pay_power")
			}
			if amt, err := core.ParseMoney(info.Payment.Amount); err == nil && a.rep.Powers.PayLimit > 0 && amt > a.rep.Powers.PayLimit {
				return a, l.T("identity.over_limit")
			}
		} else if !a.rep.Powers.ShareData {
			return a, l.T("identity.no_share_power")
		}
	}
	return a, ""
}

// handleLogout ends the session.
func (s *Server) handleLogout() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.postedSession(w, r)
		if !ok {
			return
		}
		if err := s.endSession(r.Context(), w, sess); err != nil {
			s.log.Error("journey: session", "err", err)
		}
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	})
}

// formExpired answers a form whose CSRF token does not match: a forged request, a replay from another
// session, or a page left open past the session's life.
func (s *Server) formExpired(w http.ResponseWriter, r *http.Request, sess *session) {
	s.save(w, r, sess)
	l := langOf(r)
	s.errorPage(w, r, http.StatusForbidden, l.T("form_expired.title"), l.T("form_expired"))
}
