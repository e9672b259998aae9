package consents_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
)

// TestGoAPI drives the service in-process as the gateway and the authorization server do.
func TestGoAPI(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		ctx := t.Context()
		var revoked []string
		e.svc.OnStatusChange(func(_ context.Context, c consents.Consent, from, to consentmgr.Status) {
			if to.Final() {
				revoked = append(revoked, c.ConsentID)
			}
		})
		req, _ := json.Marshal(map[string]any{"Data": map[string]any{"Initiation": map[string]any{}}})
		c, err := e.svc.Create(ctx, consents.NewConsent{
			Type: consentmgr.TypeDomesticPayment, Request: req, RequestHeaders: json.RawMessage(`{}`),
			TPP: consentmgr.TPP{ClientID: "c1"}, By: "gateway",
		})
		if err != nil {
			t.Fatal(err)
		}
		if c.Version != 1 || c.History[0].By != "gateway" || c.Usable(e.clock.Now()) {
			t.Errorf("created %+v", c)
		}
		if _, err := e.svc.Patch(ctx, c.ConsentID, consents.Patch{
			PSU: &consentmgr.PSUIdentifiers{UserID: "u"}, AccountIDs: []string{"a"}, Status: consentmgr.StatusAuthorised, By: "bank",
		}); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Get(ctx, c.ID)
		if err != nil || !got.Usable(e.clock.Now()) {
			t.Fatalf("authorised consent not usable: %+v %v", got, err)
		}
		// The gateway consumes the payment consent once.
		info := map[string]json.RawMessage{"paymentId": json.RawMessage(`"pay-1"`)}
		if _, err := e.svc.Transition(ctx, c.ConsentID, consentmgr.StatusConsumed, "gateway", info); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Transition(ctx, c.ConsentID, consentmgr.StatusConsumed, "gateway", info); consents.ErrorCode(err) != consents.ECONFLICT {
			t.Errorf("second consumption: %v", err)
		}
		if !slices.Equal(revoked, []string{c.ConsentID}) {
			t.Errorf("listener heard final statuses of %v", revoked)
		}
		list, err := e.svc.ListByPSU(ctx, "u", "")
		if err != nil || len(list) != 1 || list[0].Status != consentmgr.StatusConsumed {
			t.Errorf("ListByPSU: %+v %v", list, err)
		}
		if _, err := e.svc.Get(ctx, "urn:ifconnect:missing"); consents.ErrorCode(err) != consents.ENOTFOUND {
			t.Errorf("missing consent: %v", err)
		}
	})
}

func TestNewRefusesBadOptions(t *testing.T) {
	if _, err := consents.New(nil, consents.Options{}); err == nil {
		t.Error("New without a database succeeded")
	}
	db, err := database.Open(t.Context(), sqliteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := consents.New(db, consents.Options{Namespace: "not a namespace"}); err == nil {
		t.Error("New with a bad URN namespace succeeded")
	}
	svc, err := consents.New(db, consents.Options{Namespace: "bancoex"})
	if err != nil {
		t.Fatal(err)
	}
	if err := consents.Migrate(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	c, err := svc.Create(t.Context(), consents.NewConsent{Type: consentmgr.TypeAccountAccess,
		Request: json.RawMessage(`{"Data":{}}`), RequestHeaders: json.RawMessage(`{}`)})
	if err != nil || !strings.HasPrefix(c.ConsentID, "urn:bancoex:") {
		t.Errorf("ConsentId %q, %v", c.ConsentID, err)
	}
}
