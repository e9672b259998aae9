package journey

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
)

// actor is who is logged in and for whom they act.
type actor struct {
	user   core.User
	person core.Customer
	acting core.Customer
	// rep is the user's representation of acting when acting is a company.
	rep *core.Representative
}

// displayName is how the header greets the person: the first name of their social or civil name.
func (a actor) displayName() string {
	n := a.person.SocialName
	if n == "" {
		n = a.person.Name
	}
	if first, _, ok := strings.Cut(n, " "); ok {
		return first
	}
	return n
}

// session loads the request's session, rendering an error page when the database fails.
func (s *Server) session(w http.ResponseWriter, r *http.Request) (*session, bool) {
	sess, err := s.loadSession(r)
	if err != nil {
		s.log.Error("journey: session", "err", err)
		s.unavailable(w, r)
		return nil, false
	}
	return sess, true
}

// save stores the session, rendering an error page (and reporting false) when it cannot.
func (s *Server) save(w http.ResponseWriter, r *http.Request, sess *session) bool {
	if err := s.saveSession(r.Context(), w, sess); err != nil {
		s.log.Error("journey: session", "err", err)
		s.unavailable(w, r)
		return false
	}
	return true
}

// loadActor resolves the logged-in user of sess acting for actingFor.
func (s *Server) loadActor(ctx context.Context, userID, actingFor string) (actor, error) {
	u, err := s.users.User(ctx, userID)
	if err != nil {
		return actor{}, fmt.Errorf("load user: %w", err)
	}
	if u.Disabled {
		return actor{}, core.Errorf(core.EFORBIDDEN, "user is disabled")
	}
	person, err := s.custs.Customer(ctx, u.CustomerID)
	if err != nil {
		return actor{}, fmt.Errorf("load user's customer: %w", err)
	}
	a := actor{user: u, person: person, acting: person}
	if actingFor == "" || actingFor == person.ID {
		return a, nil
	}
	company, err := s.custs.Customer(ctx, actingFor)
	if err != nil {
		return actor{}, fmt.Errorf("load company: %w", err)
	}
	rep := representation(company, person.ID)
	if rep == nil {
		return actor{}, core.Errorf(core.EFORBIDDEN, "user does not represent the company")
	}
	a.acting, a.rep = company, rep
	return a, nil
}

// representation returns personID's entry among the company's representatives, or nil.
func representation(company core.Customer, personID string) *core.Representative {
	if company.BusinessProfile == nil {
		return nil
	}
	i := slices.IndexFunc(company.BusinessProfile.Representatives, func(r core.Representative) bool { return r.CustomerID == personID })
	if i < 0 {
		return nil
	}
	r := company.BusinessProfile.Representatives[i]
	return &r
}

// loggedIn returns the session's actor, or redirects to the login page and reports false.
func (s *Server) loggedIn(w http.ResponseWriter, r *http.Request, sess *session) (actor, bool) {
	if sess.UserID == "" {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return actor{}, false
	}
	a, err := s.loadActor(r.Context(), sess.UserID, sess.ActingFor)
	if err != nil {
		s.log.Warn("journey: session user", "err", err)
		sess.UserID, sess.ActingFor = "", ""
		s.save(w, r, sess)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return actor{}, false
	}
	return a, true
}

// basePage fills what every page shows about the session.
func (s *Server) basePage(sess *session, a *actor, title string) page {
	p := page{Title: title, CSRF: sess.CSRF}
	if a != nil {
		p.UserName = a.displayName()
	}
	return p
}

// noticeData is the "going back to the TPP" page.
type noticeData struct {
	Heading string
	Message string
	TPPName string
	URL     string
	Problem bool
}

// sendBack renders the notice that takes the browser to loc, a Location the platform returned
// (doConfirm, doFail or GET /auth's 302) and nothing else: the journey never builds a redirect target.
func (s *Server) sendBack(w http.ResponseWriter, r *http.Request, sess *session, tppName, heading, message, loc string, problem bool) {
	p := page{Title: heading, CSRF: sess.CSRF, FromTPP: tppName,
		Refresh: &refresh{Seconds: int(s.cfg.RedirectDelay.Seconds()), URL: loc},
		Data:    noticeData{Heading: heading, Message: message, TPPName: tppName, URL: loc, Problem: problem}}
	s.render(w, r, http.StatusOK, "notice", p)
}

// failFlow ends a flow that cannot go on: it marks the consent Rejected when reject is set, calls
// doFail and sends the browser back with the explanation; when the interaction is no longer open at
// the platform it shows the explanation without any redirect.
func (s *Server) failFlow(w http.ResponseWriter, r *http.Request, sess *session, f *flow, reject bool, fail heimdall.Fail, heading, message string) {
	ctx, cancel := s.platformCtx(r.Context())
	defer cancel()
	if reject && f.ConsentID != "" {
		err := s.cm.PatchConsent(ctx, f.ConsentID, consentmgr.ConsentPatchRequest{Status: consentmgr.StatusRejected})
		if err != nil {
			s.log.Warn("journey: reject consent", "consent", f.ConsentID, "err", err)
		}
	}
	loc, err := s.auth.DoFail(ctx, f.InteractionID, fail)
	f.Done = true
	f.Location = loc
	if !s.save(w, r, sess) {
		return
	}
	if err != nil {
		s.log.Warn("journey: doFail", "interaction", f.InteractionID, "err", err)
		s.errorPage(w, r, http.StatusOK, heading, message+" "+langOf(r).T("flow.restart_at_tpp", f.TPPName))
		return
	}
	s.sendBack(w, r, sess, f.TPPName, heading, message, loc, true)
}

// platformFailure maps an error of a platform call to the customer's message, in l, and the OAuth
// error the TPP receives. The messages name no internals.
func platformFailure(l lang, err error) (string, heimdall.Fail) {
	switch core.ErrorCode(err) {
	case core.EUNAVAILABLE:
		return l.T("msg.unavailable"), heimdall.Fail{Error: "temporarily_unavailable", ErrorDescription: "the bank could not reach the consent manager"}
	case core.ENOTFOUND:
		return l.T("msg.consent_not_found"), heimdall.Fail{Error: "invalid_request", ErrorDescription: "consent not found"}
	default:
		return l.T("msg.internal"), heimdall.Fail{Error: "server_error", ErrorDescription: "the bank could not process the consent"}
	}
}

// flowOf returns the session's flow named in the path, rendering an error page when there is none.
func (s *Server) flowOf(w http.ResponseWriter, r *http.Request, sess *session) (*flow, bool) {
	f := sess.Flows[r.PathValue("flow")]
	if f == nil {
		l := langOf(r)
		s.errorPage(w, r, http.StatusNotFound, l.T("flow.not_found.title"), l.T("flow.not_found"))
		return nil, false
	}
	return f, true
}

// openFlow is flowOf for actions that need the flow still running: a finished flow (a replayed form)
// or an expired one is answered here.
func (s *Server) openFlow(w http.ResponseWriter, r *http.Request, sess *session) (*flow, bool) {
	f, ok := s.flowOf(w, r, sess)
	if !ok {
		return nil, false
	}
	l := langOf(r)
	if f.Done {
		s.errorPage(w, r, http.StatusConflict, l.T("flow.done.title"), l.T("flow.done"))
		return nil, false
	}
	if !s.now().Before(f.ExpiresAt) {
		s.failFlow(w, r, sess, f, true, heimdall.Fail{Error: "access_denied", ErrorDescription: "the customer did not finish in time"},
			l.T("flow.timeout.title"), l.T("flow.timeout"))
		return nil, false
	}
	return f, true
}
