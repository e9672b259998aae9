package journey

import (
	"net/http"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
)

// maxAuthQuery bounds the TPP's query string; a signed request object is a few kilobytes.
const maxAuthQuery = 16 << 10

// handleAuth is the bank's /auth (step 3001): every query parameter goes unchanged to the platform's
// headless GET /auth (3002/3003). On 200 the journey keeps the interaction, reads the consent (3005)
// and asks the customer to log in; on 302 the browser goes to exactly the Location given; on 400 an
// error page, never a redirect to the TPP.
func (s *Server) handleAuth() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l := langOf(r)
		if len(r.URL.RawQuery) > maxAuthQuery {
			s.errorPage(w, r, http.StatusRequestURITooLong, l.T("auth.too_big.title"), l.T("auth.too_big"))
			return
		}
		ctx, cancel := s.platformCtx(r.Context())
		defer cancel()
		res, err := s.auth.Auth(ctx, r.URL.RawQuery)
		if err != nil {
			s.log.Warn("journey: headless GET /auth", "err", err)
			msg := l.T("msg.internal")
			if core.ErrorCode(err) == core.EUNAVAILABLE {
				msg = l.T("msg.unavailable")
			}
			s.errorPage(w, r, http.StatusBadGateway, l.T("cannot_continue"), msg)
			return
		}
		switch res.Outcome {
		case tecbanclient.AuthRedirect:
			// Headless contract: "respond to the PSU with a redirect to the URI returned, without any
			// modifications".
			w.Header().Set("Location", res.Location)
			w.WriteHeader(http.StatusFound)
			return
		case tecbanclient.AuthRejected:
			s.log.Info("journey: authorization request refused by the platform", "error", res.Rejected.Error)
			s.errorPage(w, r, http.StatusBadRequest, l.T("auth.rejected.title"), l.T("auth.rejected"))
			return
		}
		it := res.Started.Interaction
		sess, ok := s.session(w, r)
		if !ok {
			return
		}
		tppName := res.Started.TPP.TPPName
		if tppName == "" {
			tppName = res.Started.TPP.ClientID
		}
		now := s.now()
		f := &flow{ID: newToken(), InteractionID: it.InteractionID, ConsentID: it.Params.ConsentID(),
			TPPName: tppName, ClientID: res.Started.TPP.ClientID, StartedAt: now, ExpiresAt: now.Add(s.cfg.InteractionTTL)}
		if sess.Flows == nil {
			sess.Flows = map[string]*flow{}
		}
		sess.Flows[f.ID] = f
		if f.ConsentID == "" {
			s.failFlow(w, r, sess, f, false, heimdall.Fail{Error: "invalid_request", ErrorDescription: "the request names no consent (openbanking_intent_id)"},
				l.T("auth.no_consent.title"), l.T("auth.no_consent"))
			return
		}
		// Step 3005: the consent must exist and await authorisation before the customer types a password.
		c, err := s.cm.ReadConsent(ctx, f.ConsentID)
		if err != nil {
			s.log.Warn("journey: read consent", "consent", f.ConsentID, "err", err)
			msg, fail := platformFailure(l, err)
			s.failFlow(w, r, sess, f, false, fail, l.T("cannot_continue"), msg)
			return
		}
		if info := readConsent(c); info.Status != "" && info.Status != "AwaitingAuthorisation" {
			s.failFlow(w, r, sess, f, false, heimdall.Fail{Error: "invalid_request", ErrorDescription: "consent is not awaiting authorisation"},
				l.T("consent.unavailable.title"), l.T("consent.unavailable"))
			return
		}
		if !s.save(w, r, sess) {
			return
		}
		http.Redirect(w, r, "/login?flow="+f.ID, http.StatusSeeOther)
	})
}
