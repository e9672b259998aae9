package platform_test

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/audit"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/observe"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
	"github.com/ifconnect/ifconnect/internal/platform"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
	"github.com/ifconnect/ifconnect/internal/platform/keys"
)

// TestConsentChangesAudited: every consent status change the consent manager makes reaches the audit
// trail, with who made it and why (the payment that consumed a payment consent), and the metrics.
func TestConsentChangesAudited(t *testing.T) {
	ctx := context.Background()
	db, err := database.Open(ctx, databasetest.SQLiteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := audit.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	trail, m := audit.New(db, nil), observe.NewMetrics()
	plat, err := platform.New(ctx, db, platform.Options{Issuer: "https://127.0.0.1:1", BankAuthURL: "https://127.0.0.1:8444/auth",
		Keys: keys.Options{Generate: func() (*rsa.PrivateKey, error) { return pkitest.Key(t, 11), nil }}, Audit: trail, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	c, err := plat.Consents.Create(ctx, consents.NewConsent{Type: consentmgr.TypeDomesticPayment, Request: []byte(`{}`), RequestHeaders: []byte(`{}`),
		TPP: consentmgr.TPP{ClientID: "tpp1"}, Body: &consentmgr.ConsentBody{Data: consentmgr.ConsentData{ExpirationDateTime: time.Now().Add(time.Hour)}}, By: "gateway:tpp1"})
	if err != nil {
		t.Fatal(err)
	}
	rctx := observe.WithRequest(ctx, &observe.Request{Remote: "198.51.100.4:4431", InteractionID: "ia-consent"})
	if _, err := plat.Consents.Patch(rctx, c.ID, consents.Patch{PSU: &consentmgr.PSUIdentifiers{UserID: "u-9"}, AccountIDs: []string{"acc-1"},
		Status: consentmgr.StatusAuthorised, By: "cert:CN=bank-client"}); err != nil {
		t.Fatal(err)
	}
	if _, err := plat.Consents.Transition(ctx, c.ID, consentmgr.StatusConsumed, "gateway:tpp1",
		map[string]json.RawMessage{"paymentId": json.RawMessage(`"pay-77"`)}); err != nil {
		t.Fatal(err)
	}
	events, err := trail.Query(ctx, audit.Filter{Consent: c.ConsentID})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 {
		t.Fatalf("%d audit records; want the authorisation and the consumption: %+v", len(events), events)
	}
	a, u := events[0], events[1]
	if a.To != "Authorised" || a.From != "AwaitingAuthorisation" || a.Actor != "cert:CN=bank-client" || a.PSU != "u-9" ||
		a.Source != "198.51.100.4:4431" || a.InteractionID != "ia-consent" {
		t.Errorf("authorisation record %+v", a)
	}
	if u.To != "Consumed" || u.Actor != "gateway:tpp1" || !strings.Contains(u.Detail, "pay-77") {
		t.Errorf("consumption record %+v; want the payment in its detail", u)
	}
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(w.Body)
	if !strings.Contains(string(body), `ifconnect_consent_status_changes_total{from="Authorised",to="Consumed"} 1`) {
		t.Errorf("metrics lack the consumption:\n%s", body)
	}
}
