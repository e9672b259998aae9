package main

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/audit"
	"github.com/ifconnect/ifconnect/internal/config"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/observe"
	usagelog "github.com/ifconnect/ifconnect/internal/usage"
)

// TestAuditAndReportCommands fills a database with audit records and usage aggregates as the servers
// write them, and reads them back with `ifconnect audit` and `ifconnect report usage`.
func TestAuditAndReportCommands(t *testing.T) {
	ctx := context.Background()
	stateDir := t.TempDir()
	url := "sqlite:" + filepath.Join(stateDir, "bank.db")
	db, err := database.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	if err := audit.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := usagelog.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	l := audit.New(db, nil)
	rctx := observe.WithRequest(ctx, &observe.Request{Remote: "192.0.2.10:443", InteractionID: "ia-77"})
	for _, ev := range []audit.Event{
		{At: at, Kind: audit.KindConsent, Subject: "urn:ifconnect:c9", PSU: "u-5", From: "AwaitingAuthorisation", To: "Authorised", Actor: "psu:u-5"},
		{At: at.Add(time.Minute), Kind: audit.KindPayment, Subject: "pay-9", ConsentID: "urn:ifconnect:c9", PSU: "u-5", To: "Pending", Actor: "tpp:tpp1"},
	} {
		if err := l.Append(rctx, ev); err != nil {
			t.Fatal(err)
		}
	}
	rec := usagelog.NewRecorder(db, time.Hour, nil)
	for i := range 40 {
		status := 200
		if i == 0 {
			status = 500
		}
		rec.Record(observe.Record{At: at, Server: "bank-connect", Operation: "GET /accounts", Path: "/accounts", Client: "tpp1", Status: status, FirstByte: 3 * time.Millisecond})
	}
	rec.Close()
	db.Close()

	out, _, err := runCmd(t, nil, "audit", "--state", stateDir, "--consent", "urn:ifconnect:c9")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Authorised", "psu:u-5", "192.0.2.10:443", "ia-77", "pay-9", "tpp:tpp1"} {
		if !strings.Contains(out, want) {
			t.Errorf("audit --consent lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runCmd(t, nil, "audit", "--state", stateDir, "--psu", "u-5", "--json")
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 2 || !json.Valid([]byte(lines[0])) {
		t.Errorf("audit --psu --json = %q; want two JSON records", out)
	}
	out, _, err = runCmd(t, nil, "audit", "--state", stateDir, "--payment", "nope")
	if err != nil || !strings.Contains(out, "No audit records.") {
		t.Errorf("audit of an unknown payment: %q, %v", out, err)
	}

	out, _, err = runCmd(t, nil, "report", "usage", "--state", stateDir, "--from", "2026-05-01", "--to", "2026-06-01")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"calls,bank-connect,tpp1,accounts,40,0,1,", "endpoint,bank-connect,GET /accounts,40,1,97.500,2026-05-04,97.500,0,", "consents,1,0,0"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runCmd(t, nil, "report", "usage", "--state", stateDir, "--from", "2026-05-01", "--to", "2026-06-01T00:00:00Z", "--format", "json")
	var rep usagelog.Report
	if err != nil || json.Unmarshal([]byte(out), &rep) != nil || len(rep.Calls) != 1 || rep.Calls[0].Calls != 40 {
		t.Errorf("report --format json = %s, %v", out, err)
	}

	for _, args := range [][]string{
		{"audit"},
		{"audit", "--consent", "a", "--psu", "b"},
		{"report", "usage", "--from", "2026-05-01"},
		{"report", "usage", "--from", "2026-06-01", "--to", "2026-05-01"},
		{"report", "usage", "--from", "yesterday", "--to", "2026-05-01"},
		{"report", "usage", "--from", "2026-05-01", "--to", "2026-06-01", "--format", "xml"},
	} {
		_, _, err := runCmd(t, nil, append(args, "--state", stateDir)...)
		var ue *config.UsageError
		if !errors.As(err, &ue) {
			t.Errorf("%q: %v; want a usage error", args, err)
		}
	}
}
