package usage_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/audit"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/observe"
	"github.com/ifconnect/ifconnect/internal/usage"
)

func TestFamily(t *testing.T) {
	cases := map[string]string{
		"/open-banking/accounts/v1/accounts/a1":    "accounts",
		"/open-banking/payments/v1/pix/payments":   "payments",
		"/open-banking/credit-cards-accounts/v1/x": "credit-cards-accounts",
		"/accounts/a1/balances":                    "accounts",
		"/token":                                   "token",
		"/":                                        "other",
		"/%2e%2e/etc":                              "other",
		"/open-banking/consents/v1/consents/urn:x:1": "consents",
	}
	for in, want := range cases {
		if got := usage.Family(in); got != want {
			t.Errorf("Family(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestReport(t *testing.T) {
	for name, url := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db, err := database.Open(ctx, url(t))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if err := usage.Migrate(ctx, db); err != nil {
				t.Fatal(err)
			}
			if err := audit.Migrate(ctx, db); err != nil {
				t.Fatal(err)
			}
			day1 := time.Date(2026, 1, 10, 10, 0, 0, 0, time.UTC)
			day2 := day1.Add(24 * time.Hour)
			rec := usage.NewRecorder(db, time.Hour, nil)
			add := func(at time.Time, client, path, op string, status int, fb time.Duration, n int) {
				for range n {
					rec.Record(observe.Record{At: at, Server: "platform-tpp", Operation: op, Path: path, Client: client, Status: status, FirstByte: fb})
				}
			}
			// tpp1 reads accounts on both days, fast; on day 2, 10 of 100 balances calls fail with 503.
			add(day1, "tpp1", "/open-banking/accounts/v1/accounts", "getAccounts", 200, 20*time.Millisecond, 100)
			add(day2, "tpp1", "/open-banking/accounts/v1/accounts/a1/balances", "getAccountsAccountIdBalances", 200, 40*time.Millisecond, 90)
			add(day2, "tpp1", "/open-banking/accounts/v1/accounts/a1/balances", "getAccountsAccountIdBalances", 503, 3*time.Second, 10)
			// tpp2 pays: 20 calls, 2 refused (422), slow but within a second.
			add(day1, "tpp2", "/open-banking/payments/v1/pix/payments", "paymentsPostPixPayments", 201, 600*time.Millisecond, 18)
			add(day1, "tpp2", "/open-banking/payments/v1/pix/payments", "paymentsPostPixPayments", 422, 600*time.Millisecond, 2)
			// Outside the period.
			add(day2.Add(48*time.Hour), "tpp1", "/open-banking/accounts/v1/accounts", "getAccounts", 200, time.Millisecond, 7)
			rec.Close()

			al := audit.New(db, nil)
			for _, e := range []audit.Event{
				{At: day1, Kind: audit.KindConsent, Subject: "c1", From: "AwaitingAuthorisation", To: "Authorised", Actor: "psu:u1"},
				{At: day1, Kind: audit.KindConsent, Subject: "c2", From: "AwaitingAuthorisation", To: "Authorised", Actor: "psu:u1"},
				{At: day2, Kind: audit.KindConsent, Subject: "c1", From: "Authorised", To: "Revoked", Actor: "psu:u1"},
				{At: day2, Kind: audit.KindConsent, Subject: "c2", From: "Authorised", To: "Revoked", Actor: usage.ExpiryActor},
			} {
				if err := al.Append(ctx, e); err != nil {
					t.Fatal(err)
				}
			}

			rep, err := usage.Build(ctx, db, day1.Truncate(24*time.Hour), day2.Add(24*time.Hour).Truncate(24*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			want := []usage.CallRow{
				{Server: "platform-tpp", Client: "tpp1", Family: "accounts", Calls: 200, ServerErrors: 10, P95Ms: 50},
				{Server: "platform-tpp", Client: "tpp2", Family: "payments", Calls: 20, ClientErrors: 2, P95Ms: 737.5},
			}
			if len(rep.Calls) != len(want) {
				t.Fatalf("calls = %+v", rep.Calls)
			}
			for i := range want {
				if rep.Calls[i] != want[i] {
					t.Errorf("calls[%d] = %+v; want %+v", i, rep.Calls[i], want[i])
				}
			}
			byOp := map[string]usage.EndpointRow{}
			for _, e := range rep.Endpoints {
				byOp[e.Operation] = e
			}
			bal := byOp["getAccountsAccountIdBalances"]
			if bal.Availability != 0.9 || bal.DaysBelowDaily != 1 || bal.WorstDay != "2026-01-11" || bal.MeetsSLA || bal.WithinFirstByteLimit != 0.9 {
				t.Errorf("balances row = %+v", bal)
			}
			if acc := byOp["getAccounts"]; acc.Calls != 100 || !acc.MeetsSLA || acc.Availability != 1 {
				t.Errorf("accounts row = %+v", acc)
			}
			if pay := byOp["paymentsPostPixPayments"]; !pay.MeetsSLA || pay.WithinFirstByteLimit != 1 {
				t.Errorf("payments row = %+v (a 422 is the client's mistake, not unavailability)", pay)
			}
			if rep.Consents != (usage.ConsentCounts{Granted: 2, Revoked: 1, Expired: 1}) {
				t.Errorf("consents = %+v", rep.Consents)
			}
			var csvOut, jsonOut bytes.Buffer
			if err := rep.WriteCSV(&csvOut); err != nil {
				t.Fatal(err)
			}
			for _, line := range []string{"calls,platform-tpp,tpp2,payments,20,2,0,737.5", "consents,2,1,1",
				"endpoint,platform-tpp,getAccountsAccountIdBalances,100,10,90.000,2026-01-11,90.000,1,3750,90.000,false"} {
				if !strings.Contains(csvOut.String(), line+"\n") {
					t.Errorf("CSV lacks %q:\n%s", line, csvOut.String())
				}
			}
			if err := rep.WriteJSON(&jsonOut); err != nil {
				t.Fatal(err)
			}
			var back usage.Report
			if err := json.Unmarshal(jsonOut.Bytes(), &back); err != nil || len(back.Endpoints) != 3 {
				t.Errorf("JSON does not round-trip: %v", err)
			}
		})
	}
}

// FuzzFamily: any request path gives a short label without separators, so the report's families
// stay a small, printable set whatever callers send.
func FuzzFamily(f *testing.F) {
	for _, s := range []string{"/open-banking/accounts/v1/accounts", "/token", "/", "", "//x", "/open-banking/", "/%00/a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		got := usage.Family(path)
		if got == "" || len(got) > 40 || strings.ContainsAny(got, "/%:.") {
			t.Errorf("Family(%q) = %q", path, got)
		}
	})
}
