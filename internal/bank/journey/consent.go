package journey

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
)

// consentView is what the confirmation, waiting, approval and details pages show of a consent.
type consentView struct {
	BankName           string
	Flow               string
	Info               consentInfo
	CustomerName       string
	CustomerTaxID      string
	RepresentativeName string
	RequestedAt        time.Time
	Months             int
	Accounts           []choice
	Cards              []choice
	Contracts          []choice
	Chosen             []choice
	ReadOnly           bool
	Error              string
	ConfirmAction      string
	RefuseAction       string
	ConfirmLabel       string
	RefuseLabel        string
	SecondApproval     bool
	ApprovalDeadline   time.Time
	Approval           *approval
	History            []historyLine
	CanRevoke          bool
	StatusLabel        string
	BadgeClass         string
}

func (s *Server) newView(a actor, info consentInfo) consentView {
	v := consentView{BankName: s.cfg.BankName, Info: info, CustomerName: a.acting.Name, CustomerTaxID: a.acting.TaxID,
		RequestedAt: info.Created}
	if a.rep != nil {
		v.RepresentativeName = a.person.Name + " (" + core.FormatCPF(a.person.TaxID) + ")"
	}
	start := info.Created
	if start.IsZero() {
		start = s.now()
	}
	v.Months = monthsBetween(start, info.Expires)
	if v.RequestedAt.IsZero() {
		v.RequestedAt = s.now()
	}
	return v
}

// needsSecondApproval tells whether a business consent waits for a second representative: the
// company requires two approvals or the representative may not approve alone, or (for a payment)
// the debited account moves money only with two signatures.
func needsSecondApproval(a actor, chosen []choice) bool {
	if a.rep == nil || a.acting.BusinessProfile == nil {
		return false
	}
	if a.acting.BusinessProfile.DualApproval || !a.rep.Powers.ApproveAlone {
		return true
	}
	return slices.ContainsFunc(chosen, func(c choice) bool { return c.MultiAuth })
}

// flowContext is a running flow with its logged-in actor and consent.
type flowContext struct {
	sess *session
	f    *flow
	a    actor
	info consentInfo
}

// loadFlow returns the flow of the path once its login has completed, with the consent as the
// platform holds it now. It answers the request itself and reports false otherwise.
func (s *Server) loadFlow(w http.ResponseWriter, r *http.Request, sess *session) (flowContext, bool) {
	f, ok := s.openFlow(w, r, sess)
	if !ok {
		return flowContext{}, false
	}
	if f.UserID == "" || f.UserID != sess.UserID {
		http.Redirect(w, r, "/login?flow="+f.ID, http.StatusSeeOther)
		return flowContext{}, false
	}
	if f.Waiting {
		http.Redirect(w, r, "/consent/"+f.ID+"/waiting", http.StatusSeeOther)
		return flowContext{}, false
	}
	a, err := s.loadActor(r.Context(), f.UserID, f.ActingFor)
	if err != nil {
		s.log.Error("journey: load actor", "err", err)
		s.unavailable(w, r)
		return flowContext{}, false
	}
	l := langOf(r)
	ctx, cancel := s.platformCtx(r.Context())
	defer cancel()
	c, err := s.cm.ReadConsent(ctx, f.ConsentID)
	if err != nil {
		msg, fail := platformFailure(l, err)
		s.failFlow(w, r, sess, f, false, fail, l.T("cannot_continue"), msg)
		return flowContext{}, false
	}
	info := readConsent(c)
	if info.Status != consentmgr.StatusAwaitingAuthorisation {
		s.failFlow(w, r, sess, f, false, heimdall.Fail{Error: "invalid_request", ErrorDescription: "consent is not awaiting authorisation"},
			l.T("consent.unavailable.title"), l.T("consent.unavailable"))
		return flowContext{}, false
	}
	return flowContext{sess: sess, f: f, a: a, info: info}, true
}

// confirmView builds the confirmation page in l, with the customer's choices marked.
func (s *Server) confirmView(ctx context.Context, l lang, fc flowContext, picked []string) (consentView, error) {
	v := s.newView(fc.a, fc.info)
	v.Flow = fc.f.ID
	var err error
	v.Accounts, v.Cards, v.Contracts, err = s.resourceChoices(ctx, l, fc.a.acting.ID, fc.info)
	if err != nil {
		return v, err
	}
	if picked != nil {
		for _, list := range [][]choice{v.Accounts, v.Cards, v.Contracts} {
			for i := range list {
				list[i].Checked = slices.Contains(picked, list[i].ID)
			}
		}
	}
	v.ConfirmAction, v.RefuseAction = "/consent/"+fc.f.ID+"/confirm", "/consent/"+fc.f.ID+"/refuse"
	v.RefuseLabel = l.T("consent.refuse")
	if fc.info.Payment != nil {
		v.ConfirmLabel = l.T("consent.confirm.payment")
	} else {
		v.ConfirmLabel = l.T("consent.confirm.data")
	}
	if fc.a.rep != nil && fc.a.acting.BusinessProfile != nil && (fc.a.acting.BusinessProfile.DualApproval || !fc.a.rep.Powers.ApproveAlone) {
		v.SecondApproval = true
		v.ApprovalDeadline = s.approvalDeadline(fc.f)
	}
	return v, nil
}

func (s *Server) handleConsentPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(w, r)
		if !ok {
			return
		}
		fc, ok := s.loadFlow(w, r, sess)
		if !ok {
			return
		}
		l := langOf(r)
		v, err := s.confirmView(r.Context(), l, fc, nil)
		if err != nil {
			s.log.Error("journey: confirmation page", "err", err)
			s.unavailable(w, r)
			return
		}
		p := s.basePage(sess, &fc.a, l.T("consent.title"))
		p.FromTPP, p.Data = fc.f.TPPName, v
		s.render(w, r, http.StatusOK, "consent", p)
	})
}

// chosenResources validates the accounts posted against those offered: every id must be one the
// customer could choose (a tampered form names others), a payment exactly one, and a consent asking
// for transactional data at least one.
func chosenResources(l lang, v consentView, posted []string) ([]choice, string) {
	offered := slices.Concat(v.Accounts, v.Cards, v.Contracts)
	var chosen []choice
	for _, id := range posted {
		i := slices.IndexFunc(offered, func(c choice) bool { return c.ID == id })
		if i < 0 {
			return nil, l.T("choice.tampered")
		}
		if !slices.ContainsFunc(chosen, func(c choice) bool { return c.ID == id }) {
			chosen = append(chosen, offered[i])
		}
	}
	switch {
	case v.Info.Payment != nil && len(chosen) != 1:
		return nil, l.T("choice.payment")
	case v.Info.Payment == nil && len(offered) > 0 && len(chosen) == 0:
		return nil, l.T("choice.data")
	}
	return chosen, ""
}

// handleConfirm authorises the consent (4003: psuIdentifiers.userId, accountIds, Authorised), ends
// the interaction (4005 doConfirm) and sends the browser back to the TPP (5001). A business consent
// that needs a second representative waits instead.
func (s *Server) handleConfirm() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.postedSession(w, r)
		if !ok {
			return
		}
		fc, ok := s.loadFlow(w, r, sess)
		if !ok {
			return
		}
		ctx := r.Context()
		l := langOf(r)
		posted := r.PostForm["account"]
		v, err := s.confirmView(ctx, l, fc, posted)
		if err != nil {
			s.log.Error("journey: confirmation", "err", err)
			s.unavailable(w, r)
			return
		}
		chosen, problem := chosenResources(l, v, posted)
		if problem != "" {
			v.Error = problem
			p := s.basePage(sess, &fc.a, l.T("consent.title"))
			p.FromTPP, p.Data, p.Here = fc.f.TPPName, v, "/consent/"+fc.f.ID
			s.render(w, r, http.StatusUnprocessableEntity, "consent", p)
			return
		}
		ids := make([]string, 0, len(chosen))
		for _, c := range chosen {
			ids = append(ids, c.ID)
		}
		if needsSecondApproval(fc.a, chosen) {
			s.startApproval(w, r, fc, ids)
			return
		}
		s.authorise(w, r, sess, fc.f, fc.info, ids)
	})
}

// authorise patches the consent Authorised and confirms the interaction, then sends the browser back.
func (s *Server) authorise(w http.ResponseWriter, r *http.Request, sess *session, f *flow, info consentInfo, ids []string) {
	l := langOf(r)
	loc, err := s.authoriseConsent(r.Context(), f.InteractionID, f.ConsentID, f.UserID, f.ACR, ids)
	if err != nil {
		s.log.Warn("journey: authorise", "consent", f.ConsentID, "err", err)
		msg, fail := platformFailure(l, err)
		if core.ErrorCode(err) == core.ECONFLICT {
			msg = l.T("consent.changed")
		}
		s.failFlow(w, r, sess, f, false, fail, l.T("cannot_finish"), msg)
		return
	}
	f.Done, f.Location = true, loc
	if !s.save(w, r, sess) {
		return
	}
	msg := l.T("authorised.data")
	if info.Payment != nil {
		msg = l.T("authorised.payment", info.TPPName)
	}
	s.sendBack(w, r, sess, f.TPPName, l.T("authorised.title"), msg, loc, false)
}

// authoriseConsent is steps 4003–4006: PATCH then doConfirm, returning the platform's Location.
func (s *Server) authoriseConsent(ctx context.Context, interactionID, consentID, userID, acr string, ids []string) (string, error) {
	pctx, cancel := s.platformCtx(ctx)
	defer cancel()
	err := s.cm.PatchConsent(pctx, consentID, consentmgr.ConsentPatchRequest{
		PSUIdentifiers: &consentmgr.PSUIdentifiers{UserID: userID},
		AccountIDs:     ids,
		Status:         consentmgr.StatusAuthorised,
	})
	if err != nil {
		return "", err
	}
	claims := map[string]string{heimdall.ClaimIntentID: consentID}
	if acr != "" {
		claims["acr"] = acr
	}
	loc, err := s.auth.DoConfirm(pctx, interactionID, heimdall.Confirm{Claims: claims})
	if err != nil {
		// The consent is Authorised but no TPP will ever get a token for it: end it rather than leave
		// an active consent in the customer's list that nobody asked to keep.
		reason, _ := json.Marshal("InteractionNotConfirmed")
		if perr := s.cm.PatchConsent(context.WithoutCancel(pctx), consentID, consentmgr.ConsentPatchRequest{Status: consentmgr.StatusRevoked,
			SupplementaryInformation: map[string]json.RawMessage{"reason": reason}}); perr != nil {
			s.log.Error("journey: consent authorised but its interaction could not be confirmed nor the consent revoked", "consent", consentID, "err", perr)
		}
		return "", err
	}
	return loc, nil
}

// handleRefuse is the customer's refusal or cancellation: PATCH Rejected, doFail access_denied,
// back to the TPP. It works before login too (the login page offers it).
func (s *Server) handleRefuse() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.postedSession(w, r)
		if !ok {
			return
		}
		f, ok := s.openFlow(w, r, sess)
		if !ok {
			return
		}
		l := langOf(r)
		if f.Waiting {
			s.errorPage(w, r, http.StatusConflict, l.T("waiting.title"), l.T("refuse.waiting"))
			return
		}
		if f.UserID != "" && f.UserID != sess.UserID {
			s.errorPage(w, r, http.StatusForbidden, l.T("refuse.other.title"), l.T("refuse.other"))
			return
		}
		s.failFlow(w, r, sess, f, true, heimdall.Fail{Error: "access_denied", ErrorDescription: "the customer refused the consent"},
			l.T("refused.title"), l.T("refused"))
	})
}
