package conformancetest

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/seed"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient/tecbantest"
	"github.com/ifconnect/ifconnect/internal/conformance"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// fixture is the harness's fixture for the demo user key, read through demo-users.json as written by
// the seed, exactly as `ifconnect conformance --users` reads it.
func fixture(t *testing.T, b *bank, key string) (conformance.Fixture, []conformance.DemoUser) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "demo-users.json")
	if err := seed.WriteDemoUsers(path, b.users); err != nil {
		t.Fatal(err)
	}
	users, err := conformance.ReadDemoUsers(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := conformance.FromDemoUsers(users, key)
	if err != nil {
		t.Fatal(err)
	}
	return f, users
}

// run runs every case but the payment ones against h for the demo user ana.
func run(t *testing.T, b *bank, h http.Handler) *conformance.Report {
	t.Helper()
	f, _ := fixture(t, b, "ana")
	return runFixture(t, b, h, f, conformance.PaymentCases(conformance.Catalogue(), false))
}

func runFixture(t *testing.T, b *bank, h http.Handler, f conformance.Fixture, cases []*conformance.Case) *conformance.Report {
	t.Helper()
	u, client := b.serve(h)
	rep, err := conformance.Run(context.Background(), &conformance.Target{URL: u, Client: client, ASPSPID: aspspID, Bearer: token}, f, cases, nil)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// authorisePayment puts an Authorised PIX payment consent of 10.00 BRL from the user's first account
// in the consent manager, as the platform has it after step 4003, and reads it as the harness does.
func authorisePayment(t *testing.T, b *bank, userID, account string) *conformance.PaymentConsent {
	t.Helper()
	id := "conformance-payment-" + userID
	body := bankconnect.PixPaymentConsent{Data: bankconnect.PixPaymentConsentData{
		Creditor: &bankconnect.PixIdentification{PersonType: "PESSOA_NATURAL", CPFCNPJ: "11144477735", Name: "Marcos Vinícius Lima"},
		Payment: &bankconnect.PixConsentPayment{Type: "PIX", Date: time.Now().In(time.FixedZone("BRT", -3*3600)).Format(time.DateOnly), Currency: "BRL",
			Amount: "10.00", Details: &bankconnect.PixDetails{LocalInstrument: "DICT", Proxy: "marcos@example.com.br"}},
	}}
	b.cm.Put(tecbantest.PixConsent(id, consentmgr.StatusAuthorised, userID, []string{account}, body))
	p, err := conformance.FromPaymentConsent(context.Background(), b.cmClient, b.cmURL, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOurBankPassesEveryCase: every case of the catalogue — the 185 AIS ids, the checks of the
// operations without test cases and the PIS checks, a real payment included — passes against our
// bank.
func TestOurBankPassesEveryCase(t *testing.T) {
	b := newBank(t)
	f, _ := fixture(t, b, "ana")
	f.PaymentConsent = authorisePayment(t, b, f.UserID, f.AccountIDs[0])
	rep := runFixture(t, b, b.handler, f, conformance.Catalogue())
	var sum strings.Builder
	if err := conformance.WriteSummary(&sum, rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Passed() {
		t.Fatalf("our bank does not pass every case:\n%s", sum.String())
	}
	if n := len(rep.Results); n < 185 {
		t.Fatalf("%d cases ran, want at least the contract's 185", n)
	}
	t.Log(sum.String())
}

// TestFixtureFromTheConsentManager: the PSU and accounts of an Authorised account-access consent,
// read from the consent manager over mutual TLS, make a fixture our bank passes with.
func TestFixtureFromTheConsentManager(t *testing.T) {
	b := newBank(t)
	carla, _ := fixture(t, b, "carla")
	c := tecbantest.PixConsent("aac-1", consentmgr.StatusAuthorised, carla.UserID, carla.AccountIDs, bankconnect.PixPaymentConsent{})
	c.ConsentType = consentmgr.TypeAccountAccess
	c.Request = json.RawMessage(`{"data":{"permissions":["ACCOUNTS_READ"]}}`)
	b.cm.Put(c)
	f, err := conformance.FromConsent(context.Background(), b.cmClient, b.cmURL, "aac-1")
	if err != nil {
		t.Fatal(err)
	}
	if f.UserID != carla.UserID || f.ConsentID != "aac-1" || !slices.Equal(f.AccountIDs, carla.AccountIDs) {
		t.Fatalf("fixture %+v", f)
	}
	f.ForeignAccountID = carla.ForeignAccountID
	if rep := runFixture(t, b, b.handler, f, conformance.PaymentCases(conformance.Catalogue(), false)); !rep.Passed() {
		var sum strings.Builder
		conformance.WriteSummary(&sum, rep)
		t.Fatal(sum.String())
	}
	if _, err := conformance.FromConsent(context.Background(), b.cmClient, b.cmURL, "no-such-consent"); err == nil {
		t.Fatal("a consent that does not exist made a fixture")
	}
}

// TestDemoUsersFileReadsTheSame: the harness's DemoUser reads demo-users.json as the seed writes it:
// the ids it needs are the same as seed.ReadDemoUsers reads.
func TestDemoUsersFileReadsTheSame(t *testing.T) {
	users := []seed.DemoUser{{Key: "ana", UserID: "u-1", CustomerID: "c-1", AccountIDs: []string{"a-1", "a-2"}, CardIDs: []string{"k-1"},
		ContractIDs: seed.DemoContracts{Loans: []string{"l-1"}, Financings: []string{"f-1"}, InvoiceFinancings: []string{"i-1"}, UnarrangedAccountsOverdraft: []string{"o-1"}},
		Business:    &seed.DemoBusiness{CNPJ: "x"}}}
	path := filepath.Join(t.TempDir(), "demo-users.json")
	if err := seed.WriteDemoUsers(path, users); err != nil {
		t.Fatal(err)
	}
	theirs, err := seed.ReadDemoUsers(path)
	if err != nil {
		t.Fatal(err)
	}
	ours, err := conformance.ReadDemoUsers(path)
	if err != nil {
		t.Fatal(err)
	}
	s, o := theirs[0], ours[0]
	got := []any{o.Key, o.UserID, o.CustomerID, o.AccountIDs, o.CardIDs, o.ContractIDs.Loans, o.ContractIDs.Financings, o.ContractIDs.InvoiceFinancings, o.ContractIDs.UnarrangedAccountsOverdraft}
	want := []any{s.Key, s.UserID, s.CustomerID, s.AccountIDs, s.CardIDs, s.ContractIDs.Loans, s.ContractIDs.Financings, s.ContractIDs.InvoiceFinancings, s.ContractIDs.UnarrangedAccountsOverdraft}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("harness read %v, seed read %v", got, want)
	}
}

// middleware is a fault put in front of our bank.
type middleware func(next http.Handler) http.Handler

// owner returns the demo user holding account id.
func owner(users []conformance.DemoUser, id string) conformance.DemoUser {
	for _, u := range users {
		c := u.ContractIDs
		if slices.Contains(u.AccountIDs, id) || slices.Contains(u.CardIDs, id) || slices.Contains(c.Loans, id) || slices.Contains(c.Financings, id) ||
			slices.Contains(c.InvoiceFinancings, id) || slices.Contains(c.UnarrangedAccountsOverdraft, id) {
			return u
		}
	}
	return conformance.DemoUser{}
}

// leakOtherPSU is a bank that does not check who owns an account or a contract: a call naming
// another PSU's account or contract is answered as if that PSU had asked.
func leakOtherPSU(f conformance.Fixture, users []conformance.DemoUser) middleware {
	foreign := []string{f.ForeignAccountID}
	for _, id := range f.ForeignContracts {
		foreign = append(foreign, id)
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			for _, id := range foreign {
				if strings.Contains(r.URL.Path, id) || strings.Contains(r.URL.Query().Get("accountIds"), id) {
					r.Header.Set(bankconnect.HeaderPSUIdentifier, bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: owner(users, id).UserID}))
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// ignoreAccountIDs is a bank that answers every accountIds filter with all the PSU's accounts.
func ignoreAccountIDs(f conformance.Fixture) middleware {
	all := strings.Join(append(slices.Clone(f.AccountIDs), f.CardIDs...), ",")
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			if q.Has("accountIds") {
				q.Set("accountIds", all)
				r.URL.RawQuery = q.Encode()
			}
			next.ServeHTTP(w, r)
		})
	}
}

// noASPSPCheck is a bank that does not check o3-aspsp-id.
func noASPSPCheck() middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.Header.Set(bankconnect.HeaderASPSPID, aspspID)
			next.ServeHTTP(w, r)
		})
	}
}

// fault500OnBadDates is a bank whose date parser fails on input it does not expect: 500 instead of 400.
func fault500OnBadDates() middleware {
	good := func(v string) bool {
		_, err1 := time.Parse(time.RFC3339, v)
		_, err2 := time.Parse(time.DateOnly, v)
		return v == "" || err1 == nil || err2 == nil
	}
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			q := r.URL.Query()
			if !good(q.Get("fromBookingDateTime")) || !good(q.Get("toBookingDateTime")) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
				json.NewEncoder(w).Encode(bankconnect.Error{ErrorCode: "InternalError", ErrorMessage: "date parser failed"})
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// TestBrokenBanksFailTheRightCases: each fault makes exactly the cases that look for it fail.
func TestBrokenBanksFailTheRightCases(t *testing.T) {
	b := newBank(t)
	f, users := fixture(t, b, "ana")
	aspspCases := []string{"ACC-010-060", "ACC-020-030", "BAL-010-060", "BAL-020-030", "TXN-020-030", "TXN-010-030", "DBT-010-060", "DBT-020-030",
		"FDP-010-060", "FDP-020-030", "STO-010-060", "STO-020-030", "CUS-010-040", "CUS-020-040", "OFF-010-050", "BEN-010-080", "BEN-020-030",
		"BEN-030-030", "PRD-010-080", "LNS-010-030", "FNC-010-030", "IFN-010-030", "UAO-010-030", "BRC-010-020", "BRC-020-020", "BRC-030-020",
		"PIS-010-070"}
	cases := []struct {
		name  string
		fault middleware
		want  []string
	}{
		{"leaks another PSU's account", leakOtherPSU(f, users), []string{
			"ACC-010-030", "ACC-010-040", "ACC-020-050", "BAL-010-030", "BAL-010-040", "BAL-020-050", "TXN-020-020", "TXN-010-020",
			"DBT-010-030", "DBT-010-040", "DBT-020-050", "FDP-010-030", "FDP-010-040", "FDP-020-050", "STO-010-030", "STO-010-040", "STO-020-050",
			"CUS-020-020", "OFF-020-050", "BEN-010-030", "BEN-010-040", "BEN-020-050", "LNS-020-030", "FNC-020-030", "IFN-020-030"}},
		{"ignores accountIds", ignoreAccountIDs(f), []string{
			"ACC-010-030", "ACC-010-040", "BAL-010-010", "BAL-010-030", "BAL-010-040", "BAL-010-110", "BAL-010-120", "TXN-020-020",
			"DBT-010-040", "FDP-010-010", "FDP-010-030", "FDP-010-040", "STO-010-010", "STO-010-030", "STO-010-040",
			"BEN-010-010", "BEN-010-030", "BEN-010-040", "OFF-010-020"}},
		{"drops the o3-aspsp-id check", noASPSPCheck(), aspspCases},
		{"answers 500 to bad dates", fault500OnBadDates(), []string{"TXN-020-070", "TXN-020-080", "TXN-010-060", "TXN-010-080"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := run(t, b, c.fault(b.handler))
			got := rep.Failed()
			slices.Sort(got)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				var sum strings.Builder
				conformance.WriteSummary(&sum, rep)
				t.Fatalf("failed %v\nwant   %v\n%s", got, want, sum.String())
			}
			if _, _, skip := rep.Counts(); skip != 0 {
				t.Fatalf("%d cases skipped", skip)
			}
		})
	}
}

// TestReportsOfAFailingRun: the JUnit XML and the HTML report of a failing run carry each failure
// with the request and the response.
func TestReportsOfAFailingRun(t *testing.T) {
	b := newBank(t)
	rep := run(t, b, noASPSPCheck()(b.handler))
	var x, h strings.Builder
	if err := conformance.WriteJUnit(&x, rep); err != nil {
		t.Fatal(err)
	}
	if err := conformance.WriteHTML(&h, rep); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<testsuites name="Bank Connect conformance"`, `failures="27"`, `name="ACC-010-060 o3-aspsp-id missing or unexpected → 400"`, "another-bank"} {
		if !strings.Contains(x.String(), want) {
			t.Errorf("JUnit XML lacks %q", want)
		}
	}
	for _, want := range []string{`id="ACC-010-060"`, "GET https://127.0.0.1", "O3-Aspsp-Id: another-bank", "Response", "<!DOCTYPE html>"} {
		if !strings.Contains(h.String(), want) {
			t.Errorf("HTML report lacks %q", want)
		}
	}
	if strings.Contains(h.String(), "<script") || strings.Contains(h.String(), "http://") {
		t.Errorf("the HTML report is not self-contained")
	}
}
