package consents_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
)

func TestExpiredConsentsEndOnRead(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		authorised := e.create(accountAccessRequest(24 * time.Hour))
		waiting := e.create(accountAccessRequest(24 * time.Hour))
		lasting := e.create(accountAccessRequest(0))
		e.authorise(authorised.ID, "u-1", "acc-1")
		e.authorise(lasting.ID, "u-1", "acc-1")
		if exp := e.read(authorised.ID).ConsentBody.Data.ExpirationDateTime; !exp.Equal(e.clock.Now().Add(24 * time.Hour)) {
			t.Errorf("ExpirationDateTime %v", exp)
		}

		e.clock.Advance(24*time.Hour - time.Millisecond)
		if s := e.read(authorised.ID).ConsentBody.Data.Status; s != consentmgr.StatusAuthorised {
			t.Fatalf("a millisecond before expiry: %s", s)
		}
		e.clock.Advance(time.Millisecond)

		// GET reports it ended; the history says why.
		got := e.read(authorised.ConsentBody.Data.ConsentID)
		if got.ConsentBody.Data.Status != consentmgr.StatusRevoked {
			t.Errorf("expired Authorised consent reads %s, want Revoked", got.ConsentBody.Data.Status)
		}
		last := got.ConsentBody.History[len(got.ConsentBody.History)-1]
		if last.By != consents.ByExpiry || string(last.SupplementaryInformation["reason"]) != `"ConsentExpired"` || !last.At.Equal(e.clock.Now()) {
			t.Errorf("expiry history entry %+v", last)
		}
		if s := e.read(waiting.ID).ConsentBody.Data.Status; s != consentmgr.StatusRejected {
			t.Errorf("expired AwaitingAuthorisation consent reads %s, want Rejected", s)
		}
		if s := e.read(lasting.ID).ConsentBody.Data.Status; s != consentmgr.StatusAuthorised {
			t.Errorf("consent without expiry reads %s", s)
		}
		// Listeners heard the expiries, once each, however often the consents are read.
		e.read(authorised.ID)
		var expiries int
		for _, h := range e.heard() {
			if h.to == consentmgr.StatusRevoked || h.to == consentmgr.StatusRejected {
				expiries++
			}
		}
		if expiries != 2 {
			t.Errorf("listeners heard %d expiries, want 2: %+v", expiries, e.heard())
		}

		// Nothing revives an expired consent.
		r := e.patch(waiting.ID, map[string]any{"psuIdentifiers": map[string]any{"userId": "u"}, "accountIds": []string{"a"}, "consentBody.Data.Status": "Authorised"})
		if code := r.errorBody(t).ErrorCode; code != consentmgr.CodeConsentExpired {
			t.Errorf("authorising an expired consent: %s", code)
		}
		// Annotating it still works (the bank records why it was refused).
		if r := e.patch(waiting.ID, map[string]any{"supplementaryInformation": map[string]any{"seen": true}}); r.status != http.StatusNoContent {
			t.Errorf("annotating an expired consent: %d %s", r.status, r.body)
		}
	})
}

func TestExpireDueSweeps(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		a := e.create(accountAccessRequest(time.Hour))
		e.create(accountAccessRequest(3 * time.Hour))
		e.authorise(a.ID, "u", "acc")
		e.clock.Advance(2 * time.Hour)
		n, err := e.svc.ExpireDue(t.Context())
		if err != nil || n != 1 {
			t.Fatalf("ExpireDue = %d, %v; want 1", n, err)
		}
		if hs := e.heard(); hs[len(hs)-1] != (change{a.ConsentBody.Data.ConsentID, consentmgr.StatusAuthorised, consentmgr.StatusRevoked}) {
			t.Errorf("listeners heard %+v", hs)
		}
		if n, err := e.svc.ExpireDue(t.Context()); err != nil || n != 0 {
			t.Errorf("second sweep = %d, %v", n, err)
		}
		c, err := e.svc.Get(t.Context(), a.ID)
		if err != nil || c.Usable(e.clock.Now()) || !c.Expired(e.clock.Now()) {
			t.Errorf("after expiry: %+v, %v", c, err)
		}
	})
}

func TestOBBCamelCaseExpiry(t *testing.T) {
	e := newEnv(t, sqliteURL(t))
	body := accountAccessRequest(0)
	body["request"] = map[string]any{"data": map[string]any{
		"permissions":        []string{"ACCOUNTS_READ"},
		"expirationDateTime": e.clock.Now().Add(time.Hour).Format(time.RFC3339Nano),
	}}
	c := e.create(body)
	if !c.ConsentBody.Data.ExpirationDateTime.Equal(e.clock.Now().Add(time.Hour)) {
		t.Errorf("expirationDateTime of an OBB request not honoured: %v", c.ConsentBody.Data.ExpirationDateTime)
	}
	if string(c.ConsentBody.Data.Extra["permissions"]) != `["ACCOUNTS_READ"]` {
		t.Errorf("OBB data members lost: %v", c.ConsentBody.Data.Extra)
	}
}

// TestSweepExpiredStopsWithItsContext runs the sweeper until a consent has been ended by it.
func TestSweepExpiredStopsWithItsContext(t *testing.T) {
	e := newEnv(t, sqliteURL(t))
	c := e.create(accountAccessRequest(time.Hour))
	e.clock.Advance(2 * time.Hour)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		e.svc.SweepExpired(ctx, time.Millisecond)
		close(done)
	}()
	for len(e.heard()) == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	if hs := e.heard(); hs[0] != (change{c.ConsentBody.Data.ConsentID, consentmgr.StatusAwaitingAuthorisation, consentmgr.StatusRejected}) {
		t.Errorf("heard %+v", hs)
	}
}
