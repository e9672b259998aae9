package journey

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
)

// A business consent that needs two representatives (JOURNEY.md, Authentication) waits in
// journey_approvals: the first representative's confirmation leaves the consent AwaitingAuthorisation
// and the interaction open; a second representative sees the same page plus who started and who
// approved, and only then is the consent authorised and the interaction confirmed. At the deadline
// the consent is rejected and the interaction failed. The first representative's browser waits on a
// page that refreshes itself and follows the Location the platform returned, whoever ended it.

// Approval states.
const (
	approvalPending  = "pending"
	approvalWorking  = "working" // a representative's decision is being applied
	approvalApproved = "approved"
	approvalRefused  = "refused"
	approvalExpired  = "expired"
	approvalFailed   = "failed"
)

// approval is one consent waiting for, or decided by, a second representative.
type approval struct {
	ConsentID       string         `json:"consentId"`
	InteractionID   string         `json:"interactionId"`
	CompanyID       string         `json:"companyId"`
	CompanyName     string         `json:"companyName"`
	TPPName         string         `json:"tppName"`
	InitiatorUserID string         `json:"initiatorUserId"`
	InitiatorName   string         `json:"initiatorName"`
	ACR             string         `json:"acr"`
	AccountIDs      []string       `json:"accountIds"`
	Approvals       []approvalMark `json:"approvals"`
	Status          string         `json:"status"`
	Deadline        time.Time      `json:"deadline"`
	CreatedAt       time.Time      `json:"createdAt"`
	// Location is where the platform sent the interaction's browser when it ended.
	Location string `json:"location,omitempty"`
	// Outcome is the message ID of the sentence the first representative reads when it ended, in
	// their own language; OutcomeBy is the representative it names, if any.
	Outcome   string `json:"outcome,omitempty"`
	OutcomeBy string `json:"outcomeBy,omitempty"`
}

// outcomeText is the approval's outcome in l. An approval stored before outcomes became message IDs
// carries its sentence itself, shown as it is.
func (ap approval) outcomeText(l lang) string {
	if _, ok := messages[ap.Outcome]; !ok {
		return ap.Outcome
	}
	if ap.OutcomeBy != "" {
		return l.T(ap.Outcome, ap.OutcomeBy)
	}
	return l.T(ap.Outcome)
}

type approvalMark struct {
	UserID string    `json:"userId"`
	Name   string    `json:"name"`
	At     time.Time `json:"at"`
}

// approvalDeadline is when a consent confirmed now stops waiting: the approval window, never beyond
// the interaction's own expiry.
func (s *Server) approvalDeadline(f *flow) time.Time {
	d := s.now().Add(s.cfg.ApprovalWindow)
	if f.ExpiresAt.Before(d) {
		d = f.ExpiresAt
	}
	return d
}

func (s *Server) putApproval(ctx context.Context, ap approval) error {
	data, err := json.Marshal(ap)
	if err != nil {
		return err
	}
	now := s.now().UnixMicro()
	_, err = s.db.ExecContext(ctx, `INSERT INTO journey_approvals
(consent_id, interaction_id, company_id, initiator_user_id, data, status, deadline, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
ON CONFLICT (consent_id) DO UPDATE SET interaction_id = excluded.interaction_id, company_id = excluded.company_id,
  initiator_user_id = excluded.initiator_user_id, data = excluded.data, status = excluded.status,
  deadline = excluded.deadline, updated_at = excluded.updated_at`,
		ap.ConsentID, ap.InteractionID, ap.CompanyID, ap.InitiatorUserID, string(data), ap.Status, ap.Deadline.UnixMicro(), now)
	if err != nil {
		return fmt.Errorf("store approval: %w", err)
	}
	return nil
}

func (s *Server) getApproval(ctx context.Context, consentID string) (approval, error) {
	var data string
	err := s.db.QueryRowContext(ctx, "SELECT data FROM journey_approvals WHERE consent_id = $1", consentID).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return approval{}, core.Errorf(core.ENOTFOUND, "no approval for consent %s", consentID)
	}
	if err != nil {
		return approval{}, fmt.Errorf("load approval: %w", err)
	}
	var ap approval
	if err := json.Unmarshal([]byte(data), &ap); err != nil {
		return approval{}, fmt.Errorf("load approval: %w", err)
	}
	return ap, nil
}

// claimApproval moves a pending approval to working, so of two representatives deciding at once (or
// a decision and the deadline) exactly one goes on. It reports whether this caller won.
func (s *Server) claimApproval(ctx context.Context, consentID string) (bool, error) {
	res, err := s.db.ExecContext(ctx, "UPDATE journey_approvals SET status = $1, updated_at = $2 WHERE consent_id = $3 AND status = $4",
		approvalWorking, s.now().UnixMicro(), consentID, approvalPending)
	if err != nil {
		return false, fmt.Errorf("claim approval: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// pendingApprovals lists the approvals other representatives started for the companies the user
// represents, still within their deadline.
func (s *Server) pendingApprovals(ctx context.Context, a actor) ([]approval, error) {
	companies, err := s.custs.CustomersOfUser(ctx, a.user.ID)
	if err != nil {
		return nil, fmt.Errorf("companies of user: %w", err)
	}
	var out []approval
	for _, c := range companies {
		if c.Kind != core.Business || representation(c, a.person.ID) == nil {
			continue
		}
		rows, err := s.db.QueryContext(ctx, "SELECT data FROM journey_approvals WHERE company_id = $1 AND status = $2 ORDER BY deadline",
			c.ID, approvalPending)
		if err != nil {
			return nil, fmt.Errorf("pending approvals: %w", err)
		}
		for rows.Next() {
			var data string
			var ap approval
			if rows.Scan(&data) == nil && json.Unmarshal([]byte(data), &ap) == nil &&
				ap.InitiatorUserID != a.user.ID && s.now().Before(ap.Deadline) {
				out = append(out, ap)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("pending approvals: %w", err)
		}
	}
	return out, nil
}

// startApproval records the first representative's confirmation and sends the browser to wait.
func (s *Server) startApproval(w http.ResponseWriter, r *http.Request, fc flowContext, ids []string) {
	now := s.now()
	ap := approval{
		ConsentID: fc.f.ConsentID, InteractionID: fc.f.InteractionID, CompanyID: fc.a.acting.ID, CompanyName: fc.a.acting.Name,
		TPPName: fc.f.TPPName, InitiatorUserID: fc.a.user.ID, InitiatorName: fc.a.person.Name, ACR: fc.f.ACR, AccountIDs: ids,
		Approvals: []approvalMark{{UserID: fc.a.user.ID, Name: fc.a.person.Name, At: now}},
		Status:    approvalPending, Deadline: s.approvalDeadline(fc.f), CreatedAt: now,
	}
	if err := s.putApproval(r.Context(), ap); err != nil {
		s.log.Error("journey: approval", "err", err)
		s.unavailable(w, r)
		return
	}
	s.log.Info("journey: consent waits for a second representative", "consent", ap.ConsentID, "deadline", ap.Deadline)
	fc.f.Waiting = true
	if !s.save(w, r, fc.sess) {
		return
	}
	http.Redirect(w, r, "/consent/"+fc.f.ID+"/waiting", http.StatusSeeOther)
}

// expireApproval ends an approval past its deadline: consent Rejected, interaction failed.
func (s *Server) expireApproval(ctx context.Context, ap approval) approval {
	won, err := s.claimApproval(ctx, ap.ConsentID)
	if err != nil || !won {
		if cur, err := s.getApproval(ctx, ap.ConsentID); err == nil {
			return cur
		}
		return ap
	}
	return s.finishApproval(ctx, ap, approvalExpired, heimdall.Fail{Error: "access_denied", ErrorDescription: "the second representative did not approve in time"},
		"approval.outcome.expired", "")
}

// expireOverdueApprovals expires every pending approval whose deadline is at or before now.
func (s *Server) expireOverdueApprovals(ctx context.Context, now time.Time) error {
	rows, err := s.db.QueryContext(ctx, "SELECT data FROM journey_approvals WHERE status = $1 AND deadline <= $2",
		approvalPending, now.UnixMicro())
	if err != nil {
		return fmt.Errorf("journey sweep: overdue approvals: %w", err)
	}
	var overdue []approval
	for rows.Next() {
		var data string
		if err := rows.Scan(&data); err != nil {
			rows.Close()
			return fmt.Errorf("journey sweep: overdue approvals: %w", err)
		}
		var ap approval
		if err := json.Unmarshal([]byte(data), &ap); err != nil {
			rows.Close()
			return fmt.Errorf("journey sweep: overdue approval: %w", err)
		}
		overdue = append(overdue, ap)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("journey sweep: overdue approvals: %w", err)
	}
	for _, ap := range overdue {
		s.expireApproval(ctx, ap)
	}
	return nil
}

// finishApproval applies a refusal or expiry to the platform and records the outcome (a message ID,
// naming by when it has a place for a name).
func (s *Server) finishApproval(ctx context.Context, ap approval, status string, fail heimdall.Fail, outcome, by string) approval {
	pctx, cancel := s.platformCtx(ctx)
	defer cancel()
	if err := s.cm.PatchConsent(pctx, ap.ConsentID, consentmgr.ConsentPatchRequest{Status: consentmgr.StatusRejected}); err != nil {
		s.log.Warn("journey: reject consent", "consent", ap.ConsentID, "err", err)
	}
	loc, err := s.auth.DoFail(pctx, ap.InteractionID, fail)
	if err != nil {
		s.log.Warn("journey: doFail", "interaction", ap.InteractionID, "err", err)
	}
	ap.Status, ap.Location, ap.Outcome, ap.OutcomeBy = status, loc, outcome, by
	if err := s.putApproval(ctx, ap); err != nil {
		s.log.Error("journey: approval", "err", err)
	}
	return ap
}

// handleWaiting is the first representative's page while the second decides. It refreshes itself
// and, once the approval has ended, takes the browser to the platform's Location.
func (s *Server) handleWaiting() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(w, r)
		if !ok {
			return
		}
		f, ok := s.flowOf(w, r, sess)
		if !ok {
			return
		}
		if !f.Waiting || f.UserID != sess.UserID {
			http.Redirect(w, r, "/consent/"+f.ID, http.StatusSeeOther)
			return
		}
		ctx := r.Context()
		l := langOf(r)
		ap, err := s.getApproval(ctx, f.ConsentID)
		if err != nil {
			s.log.Error("journey: approval", "err", err)
			s.unavailable(w, r)
			return
		}
		if ap.Status == approvalPending && !s.now().Before(ap.Deadline) {
			ap = s.expireApproval(ctx, ap)
		}
		switch ap.Status {
		case approvalPending, approvalWorking:
			a, err := s.loadActor(ctx, f.UserID, f.ActingFor)
			if err != nil {
				s.unavailable(w, r)
				return
			}
			pctx, cancel := s.platformCtx(ctx)
			c, err := s.cm.ReadConsent(pctx, f.ConsentID)
			cancel()
			if err != nil {
				msg, _ := platformFailure(l, err)
				s.errorPage(w, r, http.StatusServiceUnavailable, l.T("waiting.cannot_refresh"), msg)
				return
			}
			v := s.newView(a, readConsent(c))
			v.Flow, v.Approval = f.ID, &ap
			v.Chosen = s.describeResources(ctx, l, ap.AccountIDs)
			p := s.basePage(sess, &a, l.T("waiting.title"))
			p.FromTPP, p.Data = f.TPPName, v
			p.Refresh = &refresh{Seconds: 5, URL: "/consent/" + f.ID + "/waiting"}
			s.render(w, r, http.StatusOK, "waiting", p)
			return
		}
		f.Done, f.Location = true, ap.Location
		if !s.save(w, r, sess) {
			return
		}
		if ap.Location == "" {
			s.errorPage(w, r, http.StatusOK, l.T("cannot_finish"), ap.outcomeText(l)+" "+l.T("flow.back_to_tpp", f.TPPName))
			return
		}
		heading := l.T("authorised.title")
		if ap.Status != approvalApproved {
			heading = l.T("not_authorised.title")
		}
		s.sendBack(w, r, sess, f.TPPName, heading, ap.outcomeText(l), ap.Location, ap.Status != approvalApproved)
	})
}

// approvalFor loads the approval named in the path for the logged-in second representative, checking
// that they represent the company with the needed powers and did not start it.
func (s *Server) approvalFor(w http.ResponseWriter, r *http.Request, sess *session) (actor, approval, consentInfo, bool) {
	a, ok := s.loggedIn(w, r, sess)
	if !ok {
		return actor{}, approval{}, consentInfo{}, false
	}
	ctx := r.Context()
	l := langOf(r)
	ap, err := s.getApproval(ctx, r.PathValue("id"))
	notFound := func() {
		p := s.basePage(sess, &a, l.T("approval.not_found.title"))
		p.Data = errorData{Heading: l.T("approval.not_found.title"), Message: l.T("approval.not_found")}
		s.render(w, r, http.StatusNotFound, "error", p)
	}
	if err != nil {
		notFound()
		return actor{}, approval{}, consentInfo{}, false
	}
	company, err := s.custs.Customer(ctx, ap.CompanyID)
	if err != nil {
		notFound()
		return actor{}, approval{}, consentInfo{}, false
	}
	rep := representation(company, a.person.ID)
	if rep == nil || ap.InitiatorUserID == a.user.ID {
		notFound()
		return actor{}, approval{}, consentInfo{}, false
	}
	a.acting, a.rep = company, rep
	if ap.Status == approvalPending && !s.now().Before(ap.Deadline) {
		ap = s.expireApproval(ctx, ap)
	}
	if ap.Status != approvalPending {
		p := s.basePage(sess, &a, l.T("approval.closed.title"))
		p.Data = errorData{Heading: l.T("approval.closed.title"), Message: l.T("approval.closed"),
			Back: "/open-banking", BackLabel: l.T("back.area")}
		s.render(w, r, http.StatusConflict, "error", p)
		return actor{}, approval{}, consentInfo{}, false
	}
	pctx, cancel := s.platformCtx(ctx)
	c, err := s.cm.ReadConsent(pctx, ap.ConsentID)
	cancel()
	if err != nil {
		msg, _ := platformFailure(l, err)
		s.errorPage(w, r, http.StatusServiceUnavailable, l.T("cannot_continue"), msg)
		return actor{}, approval{}, consentInfo{}, false
	}
	info := readConsent(c)
	if _, problem := s.bindIdentity(ctx, l, actor{user: a.user, person: a.person, acting: company, rep: rep}, consentInfo{
		TPPName: info.TPPName, Payment: info.Payment}); problem != "" {
		p := s.basePage(sess, &a, l.T("approval.no_power.title"))
		p.Data = errorData{Heading: l.T("approval.no_power.title"), Message: l.T("approval.no_power"),
			Back: "/open-banking", BackLabel: l.T("back.area")}
		s.render(w, r, http.StatusForbidden, "error", p)
		return actor{}, approval{}, consentInfo{}, false
	}
	return a, ap, info, true
}

func (s *Server) approvalView(ctx context.Context, l lang, a actor, ap approval, info consentInfo) (consentView, error) {
	v := s.newView(a, info)
	v.Approval, v.ReadOnly = &ap, true
	accounts, cards, contracts, err := s.resourceChoices(ctx, l, ap.CompanyID, info)
	if err != nil {
		return v, err
	}
	for _, list := range [][]choice{accounts, cards, contracts} {
		for i := range list {
			list[i].Checked = slices.Contains(ap.AccountIDs, list[i].ID)
		}
	}
	v.Accounts, v.Cards, v.Contracts = accounts, cards, contracts
	v.ConfirmAction, v.RefuseAction = "/open-banking/approvals/"+ap.ConsentID+"/approve", "/open-banking/approvals/"+ap.ConsentID+"/refuse"
	v.ConfirmLabel, v.RefuseLabel = l.T("approval.approve"), l.T("approval.refuse")
	return v, nil
}

// handleApprovalPage is the second representative's page: the consent as the first confirmed it,
// who started it, who approved and the deadline.
func (s *Server) handleApprovalPage() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(w, r)
		if !ok {
			return
		}
		a, ap, info, ok := s.approvalFor(w, r, sess)
		if !ok {
			return
		}
		l := langOf(r)
		v, err := s.approvalView(r.Context(), l, a, ap, info)
		if err != nil {
			s.unavailable(w, r)
			return
		}
		p := s.basePage(sess, &a, l.T("approval.title"))
		p.Data = v
		s.render(w, r, http.StatusOK, "consent", p)
	})
}

// decidingApproval opens the second representative's decision on a posted form: the session, who
// they are, the approval, and the claim that makes this request the one that decides it — when two
// representatives (or two tabs) decide at once, one wins and the other is told it is over. On a
// failure it has already answered and reports false.
func (s *Server) decidingApproval(w http.ResponseWriter, r *http.Request) (*session, actor, approval, bool) {
	sess, ok := s.postedSession(w, r)
	if !ok {
		return nil, actor{}, approval{}, false
	}
	a, ap, _, ok := s.approvalFor(w, r, sess)
	if !ok {
		return nil, actor{}, approval{}, false
	}
	won, err := s.claimApproval(r.Context(), ap.ConsentID)
	if err != nil || !won {
		l := langOf(r)
		s.errorPage(w, r, http.StatusConflict, l.T("approval.closed.title"), l.T("approval.just_decided"))
		return nil, actor{}, approval{}, false
	}
	return sess, a, ap, true
}

// handleApprove is the second approval: consent Authorised (for the first representative's user,
// with the accounts they chose), interaction confirmed.
func (s *Server) handleApprove() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, a, ap, ok := s.decidingApproval(w, r)
		if !ok {
			return
		}
		ctx := r.Context()
		l := langOf(r)
		ap.Approvals = append(ap.Approvals, approvalMark{UserID: a.user.ID, Name: a.person.Name, At: s.now()})
		loc, err := s.authoriseConsent(ctx, ap.InteractionID, ap.ConsentID, ap.InitiatorUserID, ap.ACR, ap.AccountIDs)
		if err != nil {
			s.log.Warn("journey: second approval", "consent", ap.ConsentID, "err", err)
			msg, fail := platformFailure(l, err)
			ap = s.finishApproval(ctx, ap, approvalFailed, fail, "approval.outcome.failed", "")
			s.errorPage(w, r, http.StatusBadGateway, l.T("approval.cannot_approve"), msg)
			return
		}
		ap.Status, ap.Location = approvalApproved, loc
		ap.Outcome, ap.OutcomeBy = "approval.outcome.approved", a.person.Name
		if err := s.putApproval(ctx, ap); err != nil {
			s.log.Error("journey: approval", "err", err)
		}
		p := s.basePage(sess, &a, l.T("approval.recorded.title"))
		p.Data = areaNotice{Heading: l.T("approval.recorded.title"),
			Message: l.T("approval.recorded", ap.TPPName, ap.CompanyName, ap.InitiatorName, ap.TPPName)}
		s.render(w, r, http.StatusOK, "done", p)
	})
}

// handleApprovalRefuse is the second representative's refusal: consent Rejected, interaction failed.
func (s *Server) handleApprovalRefuse() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, a, ap, ok := s.decidingApproval(w, r)
		if !ok {
			return
		}
		ctx := r.Context()
		l := langOf(r)
		s.finishApproval(ctx, ap, approvalRefused, heimdall.Fail{Error: "access_denied", ErrorDescription: "the second representative refused"},
			"approval.outcome.refused", a.person.Name)
		p := s.basePage(sess, &a, l.T("refused.title"))
		p.Data = areaNotice{Heading: l.T("refused.title"), Message: l.T("approval.refused", ap.TPPName, ap.CompanyName)}
		s.render(w, r, http.StatusOK, "done", p)
	})
}
