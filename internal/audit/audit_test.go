package audit_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/audit"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/observe"
)

func TestTrail(t *testing.T) {
	for name, url := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := database.Open(ctx, url(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			for range 2 { // Migrate is idempotent: every start runs it.
				if err := audit.Migrate(ctx, db); err != nil {
					t.Fatal(err)
				}
			}
			at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
			l := audit.New(db, func() time.Time { return at })
			rctx := observe.WithRequest(ctx, &observe.Request{Remote: "10.0.0.7:5123", InteractionID: "ia-9"})
			events := []audit.Event{
				{Kind: audit.KindConsent, Subject: "urn:c:1", From: "AWAITING_AUTHORISATION", To: "AUTHORISED", PSU: "u1", Actor: "psu:u1"},
				{Kind: audit.KindPayment, Subject: "pay-1", ConsentID: "urn:c:1", PSU: "u1", To: "RCVD", Actor: "tpp:tpp1"},
				{Kind: audit.KindPayment, Subject: "pay-1", ConsentID: "urn:c:1", PSU: "u1", From: "RCVD", To: "ACSP", Actor: "tpp:tpp1"},
				{Kind: audit.KindConsent, Subject: "urn:c:2", To: "REVOKED", PSU: "u2", Actor: "psu:u2", Detail: "cpf 12345678909"},
			}
			for _, e := range events {
				if err := l.Append(rctx, e); err != nil {
					t.Fatal(err)
				}
			}
			if err := l.Append(ctx, audit.Event{Kind: audit.KindPayment}); err == nil {
				t.Error("an event without a subject was accepted")
			}
			cases := []struct {
				f    audit.Filter
				want []string
			}{
				{audit.Filter{Consent: "urn:c:1"}, []string{"urn:c:1 AUTHORISED", "pay-1 RCVD", "pay-1 ACSP"}},
				{audit.Filter{Payment: "pay-1"}, []string{"pay-1 RCVD", "pay-1 ACSP"}},
				{audit.Filter{PSU: "u2"}, []string{"urn:c:2 REVOKED"}},
				{audit.Filter{PSU: "nobody"}, nil},
			}
			for _, tc := range cases {
				got, err := l.Query(ctx, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var names []string
				for _, e := range got {
					names = append(names, e.Subject+" "+e.To)
					if e.Source != "10.0.0.7:5123" || e.InteractionID != "ia-9" || !e.At.Equal(at) {
						t.Errorf("event %+v lacks the request's source, interaction id or time", e)
					}
					if strings.Contains(e.Detail, "12345678909") {
						t.Errorf("a full CPF was stored: %q", e.Detail)
					}
				}
				if strings.Join(names, ",") != strings.Join(tc.want, ",") {
					t.Errorf("Query(%+v) = %v; want %v", tc.f, names, tc.want)
				}
			}
			if _, err := l.Query(ctx, audit.Filter{}); err == nil {
				t.Error("an empty filter was accepted")
			}
			for _, stmt := range []string{"UPDATE audit_events SET to_status = 'X'", "DELETE FROM audit_events"} {
				if _, err := db.ExecContext(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
					t.Errorf("%s: err = %v; want the append-only refusal", stmt, err)
				}
			}
		})
	}
}
