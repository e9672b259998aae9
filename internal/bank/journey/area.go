package journey

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// The "Open Banking" area (JOURNEY.md): the customer's consents from GET /psu/{userId}/consents,
// active ones first with the soonest to expire on top, then the expired, revoked, rejected and
// consumed ones; each consent's details and history; revocation with an irreversible-action warning,
// one or several at once, with a receipt kept in the consent's history and in journey_revocations.

// maxRevokeAtOnce bounds one revocation request.
const maxRevokeAtOnce = 50

// consentRow is one consent in the list.
type consentRow struct {
	ID          string
	TPPName     string
	Kind        string
	Expires     time.Time
	Updated     time.Time
	StatusLabel string
	BadgeClass  string
	active      bool
}

type areaData struct {
	Notice  string
	Active  []consentRow
	Others  []consentRow
	Pending []approval
}

type areaNotice struct {
	Heading string
	Message string
}

func kindLabel(l lang, info consentInfo) string {
	if info.Payment != nil {
		return l.T("kind.payment")
	}
	return l.T("kind.data")
}

// rowOf classifies a consent, labelled in l: an Authorised consent past its expiry is shown as
// expired even before the consent manager notices.
func (s *Server) rowOf(l lang, info consentInfo) consentRow {
	row := consentRow{ID: info.ID, TPPName: info.TPPName, Kind: kindLabel(l, info), Expires: info.Expires,
		Updated: info.StatusUpdated, StatusLabel: l.status(info.Status), BadgeClass: strings.ToLower(string(info.Status))}
	expired := !info.Expires.IsZero() && !s.now().Before(info.Expires)
	switch {
	case info.Status == consentmgr.StatusAuthorised && !expired:
		row.active = true
	case info.Status == consentmgr.StatusAuthorised && expired:
		row.StatusLabel, row.BadgeClass = l.T("status.expired"), "expired"
	}
	if row.Updated.IsZero() {
		row.Updated = info.Created
	}
	return row
}

func (s *Server) handleHome() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(w, r)
		if !ok {
			return
		}
		if sess.UserID != "" {
			http.Redirect(w, r, "/open-banking", http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	})
}

func (s *Server) handleNotFound() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := langOf(r)
		s.errorPage(w, r, http.StatusNotFound, l.T("not_found.title"), l.T("not_found"))
	})
}

// handleArea lists the customer's consents.
func (s *Server) handleArea() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(w, r)
		if !ok {
			return
		}
		a, ok := s.loggedIn(w, r, sess)
		if !ok {
			return
		}
		if !s.save(w, r, sess) {
			return
		}
		ctx, cancel := s.platformCtx(r.Context())
		defer cancel()
		l := langOf(r)
		list, err := s.cm.ConsentsOfPSU(ctx, a.user.ID)
		if err != nil {
			s.log.Warn("journey: list consents", "err", err)
			msg, _ := platformFailure(l, err)
			p := s.basePage(sess, &a, "Open Banking")
			p.Data = errorData{Heading: l.T("area.cannot_list"), Message: msg}
			s.render(w, r, http.StatusServiceUnavailable, "error", p)
			return
		}
		var d areaData
		for _, c := range list {
			row := s.rowOf(l, readConsent(c))
			switch {
			case row.active:
				d.Active = append(d.Active, row)
			case c.ConsentBody != nil && c.ConsentBody.Data.Status == consentmgr.StatusAwaitingAuthorisation:
			default:
				d.Others = append(d.Others, row)
			}
		}
		slices.SortStableFunc(d.Active, func(x, y consentRow) int {
			switch {
			case x.Expires.IsZero() && y.Expires.IsZero():
				return 0
			case x.Expires.IsZero():
				return 1
			case y.Expires.IsZero():
				return -1
			}
			return x.Expires.Compare(y.Expires)
		})
		slices.SortStableFunc(d.Others, func(x, y consentRow) int { return y.Updated.Compare(x.Updated) })
		if d.Pending, err = s.pendingApprovals(r.Context(), a); err != nil {
			s.log.Error("journey: pending approvals", "err", err)
		}
		p := s.basePage(sess, &a, "Open Banking")
		p.Data = d
		s.render(w, r, http.StatusOK, "area", p)
	})
}

// ownConsent reads a consent and checks that it belongs to the logged-in user; anything else reads
// as not found, so ids of other customers' consents reveal nothing.
func (s *Server) ownConsent(ctx context.Context, a actor, id string) (consentInfo, error) {
	if id == "" || len(id) > 256 {
		return consentInfo{}, core.Errorf(core.ENOTFOUND, "no consent")
	}
	pctx, cancel := s.platformCtx(ctx)
	defer cancel()
	c, err := s.cm.ReadConsent(pctx, id)
	if err != nil {
		return consentInfo{}, err
	}
	info := readConsent(c)
	if info.UserID == "" || info.UserID != a.user.ID {
		return consentInfo{}, core.Errorf(core.ENOTFOUND, "consent %s is not the user's", id)
	}
	return info, nil
}

func (s *Server) consentNotFound(w http.ResponseWriter, r *http.Request, sess *session, a actor, err error) {
	l := langOf(r)
	msg := l.T("consent.not_yours")
	status := http.StatusNotFound
	if code := core.ErrorCode(err); err != nil && code != core.ENOTFOUND && code != core.EINVALID {
		msg, _ = platformFailure(l, err)
		status = http.StatusServiceUnavailable
	}
	p := s.basePage(sess, &a, l.T("consent.not_found.title"))
	p.Data = errorData{Heading: l.T("consent.not_found.title"), Message: msg, Back: "/open-banking", BackLabel: l.T("back.area")}
	s.render(w, r, status, "error", p)
}

// historyLine is one entry of a consent's history in words.
type historyLine struct {
	At   time.Time
	Text string
}

func historyText(l lang, h consentmgr.HistoryEntry) string {
	var rev struct {
		Receipt string `json:"receipt"`
	}
	if raw, ok := h.SupplementaryInformation["revocation"]; ok {
		_ = json.Unmarshal(raw, &rev)
	}
	var reason string
	if raw, ok := h.SupplementaryInformation["reason"]; ok {
		_ = json.Unmarshal(raw, &reason)
	}
	switch {
	case h.From == "":
		return l.T("history.created")
	case h.To == consentmgr.StatusAuthorised && h.From != h.To:
		return l.T("history.authorised")
	case h.To == consentmgr.StatusRejected && h.From != h.To:
		if reason == "ConsentExpired" {
			return l.T("history.rejected.expired")
		}
		return l.T("history.rejected")
	case h.To == consentmgr.StatusRevoked && h.From != h.To:
		if rev.Receipt != "" {
			return l.T("history.revoked.receipt", rev.Receipt)
		}
		switch reason {
		case "ConsentExpired":
			return l.T("history.revoked.expired")
		case "InteractionNotConfirmed":
			return l.T("history.revoked.unconfirmed")
		}
		return l.T("history.revoked")
	case h.To == consentmgr.StatusConsumed && h.From != h.To:
		return l.T("history.consumed")
	default:
		return l.T("history.updated")
	}
}

// handleDetail shows one consent with the same elements as the confirmation page and its history.
func (s *Server) handleDetail() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, ok := s.session(w, r)
		if !ok {
			return
		}
		a, ok := s.loggedIn(w, r, sess)
		if !ok {
			return
		}
		info, err := s.ownConsent(r.Context(), a, r.PathValue("id"))
		if err != nil {
			s.consentNotFound(w, r, sess, a, err)
			return
		}
		l := langOf(r)
		v := s.newView(a, info)
		if owner := s.holderOf(r.Context(), a, info); owner != nil {
			v.CustomerName, v.CustomerTaxID = owner.Name, owner.TaxID
		}
		v.Chosen = s.describeResources(r.Context(), l, info.AccountIDs)
		for _, h := range info.History {
			v.History = append(v.History, historyLine{At: h.At, Text: historyText(l, h)})
		}
		row := s.rowOf(l, info)
		v.StatusLabel, v.BadgeClass, v.CanRevoke = row.StatusLabel, row.BadgeClass, row.active
		p := s.basePage(sess, &a, l.T("detail.heading", info.TPPName))
		p.Data = v
		s.render(w, r, http.StatusOK, "detail", p)
	})
}

// holderOf is the customer whose resources the consent names: the company when the accounts are a
// company's the user represents, otherwise the person.
func (s *Server) holderOf(ctx context.Context, a actor, info consentInfo) *core.Customer {
	if len(info.AccountIDs) == 0 {
		return nil
	}
	accts, err := s.accts.Accounts(ctx, info.AccountIDs[:1])
	holder := ""
	if err == nil && len(accts) == 1 {
		holder = accts[0].CustomerID
	} else if c, err := s.ctrs.Contract(ctx, info.AccountIDs[0]); err == nil {
		holder = c.CustomerID
	}
	if holder == "" || holder == a.person.ID {
		return nil
	}
	c, err := s.custs.Customer(ctx, holder)
	if err != nil {
		return nil
	}
	return &c
}

type revokeData struct{ Items []consentRow }

// revocable reads the posted consents and keeps those the user may revoke (theirs and active).
func (s *Server) revocable(ctx context.Context, l lang, a actor, ids []string) ([]consentRow, []string, error) {
	var rows []consentRow
	var problems []string
	for _, id := range ids {
		if slices.ContainsFunc(rows, func(r consentRow) bool { return r.ID == id }) {
			continue
		}
		info, err := s.ownConsent(ctx, a, id)
		if err != nil {
			if code := core.ErrorCode(err); err != nil && code != core.ENOTFOUND && code != core.EINVALID {
				return nil, nil, err
			}
			problems = append(problems, l.T("revoke.not_found"))
			continue
		}
		row := s.rowOf(l, info)
		if !row.active {
			problems = append(problems, l.T("revoke.not_active", info.TPPName, strings.ToLower(row.StatusLabel)))
			continue
		}
		rows = append(rows, row)
	}
	return rows, problems, nil
}

// revokePost opens a revocation form post: the session and the logged-in customer. On a failure it
// has already answered and reports false.
func (s *Server) revokePost(w http.ResponseWriter, r *http.Request) (*session, actor, bool) {
	sess, ok := s.postedSession(w, r)
	if !ok {
		return nil, actor{}, false
	}
	a, ok := s.loggedIn(w, r, sess)
	return sess, a, ok
}

// revokeRefused answers a revocation post that cannot go on, back to the Open Banking area.
func (s *Server) revokeRefused(w http.ResponseWriter, r *http.Request, sess *session, a actor, heading, message string) {
	l := langOf(r)
	p := s.basePage(sess, &a, l.T("revoke.submit"))
	p.Data = errorData{Heading: heading, Message: message, Back: "/open-banking", BackLabel: l.T("back.area")}
	s.render(w, r, http.StatusUnprocessableEntity, "error", p)
}

// handleRevokeAsk shows the irreversible-action warning for the chosen consents.
func (s *Server) handleRevokeAsk() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, a, ok := s.revokePost(w, r)
		if !ok {
			return
		}
		l := langOf(r)
		ids := r.PostForm["consent"]
		if len(ids) == 0 || len(ids) > maxRevokeAtOnce {
			s.revokeRefused(w, r, sess, a, l.T("revoke.none.title"), l.T("revoke.none"))
			return
		}
		rows, _, err := s.revocable(r.Context(), l, a, ids)
		if err != nil || len(rows) == 0 {
			s.consentNotFound(w, r, sess, a, err)
			return
		}
		p := s.basePage(sess, &a, l.T("revoke.heading.one"))
		p.Data, p.Here = revokeData{Items: rows}, "/open-banking"
		s.render(w, r, http.StatusOK, "revoke", p)
	})
}

// receipt is the proof of one revocation.
type receipt struct {
	Receipt   string    `json:"receipt"`
	ConsentID string    `json:"consentId"`
	TPPName   string    `json:"tppName"`
	UserName  string    `json:"userName"`
	At        time.Time `json:"at"`
}

type receiptData struct {
	Receipts []receipt
	Failed   []string
}

// handleRevoke revokes the confirmed consents: PATCH Revoked with the receipt in
// supplementaryInformation (so it enters the consent's history), the receipt stored locally too.
func (s *Server) handleRevoke() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sess, a, ok := s.revokePost(w, r)
		if !ok {
			return
		}
		l := langOf(r)
		ids := r.PostForm["consent"]
		if len(ids) == 0 || len(ids) > maxRevokeAtOnce || r.PostForm.Get("understood") != "yes" {
			s.revokeRefused(w, r, sess, a, l.T("revoke.unconfirmed.title"), l.T("revoke.unconfirmed"))
			return
		}
		ctx := r.Context()
		rows, failed, err := s.revocable(ctx, l, a, ids)
		if err != nil {
			s.consentNotFound(w, r, sess, a, err)
			return
		}
		var d receiptData
		d.Failed = failed
		for _, row := range rows {
			rc := receipt{Receipt: "REV-" + s.now().In(brasilia).Format("20060102") + "-" + newToken()[:10], ConsentID: row.ID,
				TPPName: row.TPPName, UserName: a.person.Name, At: s.now()}
			sup, _ := json.Marshal(map[string]string{"receipt": rc.Receipt, "revokedBy": a.user.ID, "channel": "internet-banking",
				"at": rc.At.UTC().Format(time.RFC3339)})
			pctx, cancel := s.platformCtx(ctx)
			err := s.cm.PatchConsent(pctx, row.ID, consentmgr.ConsentPatchRequest{Status: consentmgr.StatusRevoked,
				SupplementaryInformation: map[string]json.RawMessage{"revocation": sup}})
			cancel()
			if err != nil {
				s.log.Warn("journey: revoke", "consent", row.ID, "err", err)
				d.Failed = append(d.Failed, l.T("revoke.failed", row.TPPName))
				continue
			}
			if err := s.storeReceipt(ctx, a.user.ID, rc); err != nil {
				s.log.Error("journey: receipt", "err", err)
			}
			s.log.Info("journey: consent revoked", "consent", row.ID, "receipt", rc.Receipt)
			d.Receipts = append(d.Receipts, rc)
		}
		if len(d.Receipts) == 0 {
			p := s.basePage(sess, &a, l.T("revoke.not_done.title"))
			p.Data = errorData{Heading: l.T("revoke.not_done.title"), Message: strings.Join(d.Failed, " "), Back: "/open-banking", BackLabel: l.T("back.area")}
			s.render(w, r, http.StatusConflict, "error", p)
			return
		}
		p := s.basePage(sess, &a, l.T("receipt.heading"))
		p.Data, p.Here = d, "/open-banking"
		s.render(w, r, http.StatusOK, "receipt", p)
	})
}

func (s *Server) storeReceipt(ctx context.Context, userID string, rc receipt) error {
	data, err := json.Marshal(rc)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, "INSERT INTO journey_revocations (receipt, consent_id, user_id, data, revoked_at) VALUES ($1, $2, $3, $4, $5)",
		rc.Receipt, rc.ConsentID, userID, string(data), rc.At.UnixMicro())
	if err != nil {
		return fmt.Errorf("store revocation receipt: %w", err)
	}
	return nil
}
