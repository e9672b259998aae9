package main

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/audit"
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/observe"
)

func testOps(t *testing.T) *ops {
	t.Helper()
	ctx := context.Background()
	db, err := database.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "ops.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	maxBody := int64(1 << 20)
	o, err := newOps(ctx, db, &opsFlags{maxBody: &maxBody}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(o.close)
	return o
}

func metricsText(t *testing.T, o *ops) string {
	t.Helper()
	w := httptest.NewRecorder()
	o.metrics.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	b, _ := io.ReadAll(w.Body)
	return string(b)
}

// fakePayments answers ExecutePayment with a fixed payment, as new or as a repeat.
type fakePayments struct {
	core.PaymentStore
	p       core.Payment
	created bool
}

func (f *fakePayments) ExecutePayment(context.Context, core.Payment) (core.Payment, bool, error) {
	return f.p, f.created, nil
}

func TestAuditedPayments(t *testing.T) {
	o := testOps(t)
	at := time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)
	accepted := core.Payment{ID: "pay-1", Status: core.PaymentAcceptedSettlementInProcess,
		Order:   core.PaymentOrder{ConsentID: "c-1", UserID: "u-1", TPPClientID: "tpp1"},
		History: []core.PaymentStatusChange{{Status: core.PaymentPending, At: at}, {Status: core.PaymentAcceptedSettlementInProcess, At: at}}}
	rejected := core.Payment{ID: "pay-2", Status: core.PaymentRejected, RejectionReason: "SALDO_INSUFICIENTE",
		Order:   core.PaymentOrder{ConsentID: "c-2", UserID: "u-1", TPPClientID: "tpp1"},
		History: []core.PaymentStatusChange{{Status: core.PaymentPending, At: at}, {Status: core.PaymentRejected, Reason: "SALDO_INSUFICIENTE", At: at}}}
	ctx := observe.WithRequest(context.Background(), &observe.Request{Remote: "10.1.1.1:9", OzoneInteractionID: "oz-9"})
	for _, tc := range []struct {
		p       core.Payment
		created bool
	}{{accepted, true}, {accepted, false}, {rejected, true}} {
		if _, _, err := (auditedPayments{PaymentStore: &fakePayments{p: tc.p, created: tc.created}, o: o}).ExecutePayment(ctx, core.Payment{}); err != nil {
			t.Fatal(err)
		}
	}
	events, err := o.audit.Query(context.Background(), audit.Filter{PSU: "u-1"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range events {
		got = append(got, e.Subject+":"+e.From+">"+e.To+":"+e.Actor+":"+e.InteractionID+":"+e.Source)
	}
	want := []string{
		"pay-1:>Pending:tpp:tpp1:oz-9:10.1.1.1:9", "pay-1:Pending>AcceptedSettlementInProcess:tpp:tpp1:oz-9:10.1.1.1:9",
		"pay-2:>Pending:tpp:tpp1:oz-9:10.1.1.1:9", "pay-2:Pending>Rejected:tpp:tpp1:oz-9:10.1.1.1:9",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("audit records (a repeat adds none):\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	m := metricsText(t, o)
	for _, s := range []string{`ifconnect_payments_total{outcome="accepted",reason=""} 1`, `ifconnect_payments_total{outcome="repeated",reason=""} 1`,
		`ifconnect_payments_total{outcome="rejected",reason="SALDO_INSUFICIENTE"} 1`} {
		if !strings.Contains(m, s) {
			t.Errorf("metrics lack %s", s)
		}
	}
}

// fakeConsentManager holds one consent of u-7.
type fakeConsentManager struct {
	patched []consentmgr.ConsentPatchRequest
}

func (f *fakeConsentManager) ReadConsent(context.Context, string) (consentmgr.ConsentGetResponse, error) {
	return consentmgr.ConsentGetResponse{ID: "c-7", PSUIdentifiers: &consentmgr.PSUIdentifiers{UserID: "u-7"}}, nil
}

func (f *fakeConsentManager) PatchConsent(_ context.Context, _ string, p consentmgr.ConsentPatchRequest) error {
	f.patched = append(f.patched, p)
	return nil
}

func (f *fakeConsentManager) ConsentsOfPSU(context.Context, string) ([]consentmgr.ConsentGetResponse, error) {
	return nil, nil
}

func TestAuditedConsentManager(t *testing.T) {
	o := testOps(t)
	fake := &fakeConsentManager{}
	cm := auditedConsentManager{ConsentManager: fake, o: o}
	ctx := observe.WithRequest(context.Background(), &observe.Request{Remote: "203.0.113.5:5000"})
	// Authorisation names the customer; a revocation from the customer's area does not.
	if err := cm.PatchConsent(ctx, "c-7", consentmgr.ConsentPatchRequest{PSUIdentifiers: &consentmgr.PSUIdentifiers{UserID: "u-7"},
		Status: consentmgr.StatusAuthorised}); err != nil {
		t.Fatal(err)
	}
	if err := cm.PatchConsent(ctx, "c-7", consentmgr.ConsentPatchRequest{Status: consentmgr.StatusRevoked}); err != nil {
		t.Fatal(err)
	}
	if err := cm.PatchConsent(ctx, "c-7", consentmgr.ConsentPatchRequest{AccountIDs: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	events, err := o.audit.Query(context.Background(), audit.Filter{PSU: "u-7"})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 || events[0].To != "Authorised" || events[1].To != "Revoked" || events[1].Actor != "psu:u-7" || events[1].Source != "203.0.113.5:5000" {
		t.Errorf("audit records = %+v; want the authorisation and the revocation (a patch without a status is not a state change)", events)
	}
	if m := metricsText(t, o); !strings.Contains(m, `ifconnect_outbound_call_duration_seconds_count{operation="PATCH /consents/{consentId}",outcome="ok",target="platform"} 3`) {
		t.Errorf("metrics lack the three patches:\n%s", m)
	}
}
