package seed

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/password"
)

func TestDemoUsers(t *testing.T) {
	rec, res := generate(t, Options{Seed: 11})
	b := all(t, rec)
	users := map[string]core.User{}
	for _, u := range b.Users {
		users[u.ID] = u
	}
	accounts := map[string]core.Account{}
	for _, a := range b.Accounts {
		accounts[a.ID] = a
	}
	customers := map[string]core.Customer{}
	for _, c := range b.Customers {
		customers[c.ID] = c
	}
	statement := map[string]int{}
	for _, tx := range b.Transactions {
		statement[tx.AccountID]++
	}
	kinds := map[string]core.ContractKind{}
	for _, c := range b.Contracts {
		kinds[c.ID] = c.Kind
	}
	if len(res.DemoUsers) != 5 {
		t.Fatalf("%d demo users, want 5", len(res.DemoUsers))
	}
	for _, d := range res.DemoUsers {
		u, ok := users[d.UserID]
		if !ok || u.Login != d.Login || u.Login != d.CPF || u.CustomerID != d.CustomerID || !core.ValidCPF(d.CPF) {
			t.Fatalf("demo user %s does not match its stored user %+v", d.Key, u)
		}
		if ok, err := password.Verify(u.PasswordHash, d.Password); !ok || err != nil {
			t.Errorf("demo user %s: password does not verify: %v", d.Key, err)
		}
		if u.PasswordHash == rec.batches[0].Users[len(rec.batches[0].Users)-1].PasswordHash {
			t.Errorf("demo user %s shares the generated users' hash", d.Key)
		}
		if u.TOTPSecret != d.TOTPSecret {
			t.Errorf("demo user %s: TOTP secret %q in the store, %q in the file", d.Key, u.TOTPSecret, d.TOTPSecret)
		}
		for _, id := range d.AccountIDs {
			if a, ok := accounts[id]; !ok || a.Type == core.CreditCard {
				t.Errorf("demo user %s: account %s is not a deposit account", d.Key, id)
			}
		}
		for _, id := range d.CardIDs {
			if a, ok := accounts[id]; !ok || a.Type != core.CreditCard {
				t.Errorf("demo user %s: card %s is not a credit-card account", d.Key, id)
			}
		}
		for kind, ids := range map[core.ContractKind][]string{
			core.Loan: d.ContractIDs.Loans, core.Financing: d.ContractIDs.Financings,
			core.InvoiceFinancing: d.ContractIDs.InvoiceFinancings, core.UnarrangedOverdraft: d.ContractIDs.UnarrangedAccountsOverdraft,
		} {
			for _, id := range ids {
				if kinds[id] != kind {
					t.Errorf("demo user %s: contract %s is %q, listed as %s", d.Key, id, kinds[id], kind)
				}
			}
		}
	}
	get := func(key string) DemoUser {
		d, ok := DemoUserByKey(res.DemoUsers, key)
		if !ok {
			t.Fatalf("no demo user %s", key)
		}
		return d
	}

	ana := get("ana")
	types := map[core.AccountType]bool{}
	for _, id := range ana.AccountIDs {
		types[accounts[id].Type] = true
	}
	if !types[core.Checking] || !types[core.Savings] || !types[core.PrepaidPayment] || len(ana.CardIDs) == 0 {
		t.Errorf("ana's accounts %v, cards %v", types, ana.CardIDs)
	}
	if len(ana.ContractIDs.Loans) == 0 || len(ana.ContractIDs.Financings) == 0 || len(ana.ContractIDs.UnarrangedAccountsOverdraft) == 0 {
		t.Errorf("ana's contracts %+v", ana.ContractIDs)
	}
	if n := statement[ana.AccountIDs[0]]; n < 300 {
		t.Errorf("ana's checking account has %d transactions, want several hundred", n)
	}
	if ana.Business != nil || ana.TOTPSecret != "" {
		t.Errorf("ana: business %+v, TOTP %q", ana.Business, ana.TOTPSecret)
	}
	hasStanding := func(accountID string) bool {
		for _, x := range b.StandingOrders {
			if x.AccountID == accountID {
				return true
			}
		}
		return false
	}
	if !hasStanding(ana.AccountIDs[0]) {
		t.Error("ana's checking account has no standing order")
	}

	if bruno := get("bruno"); len(bruno.TOTPSecret) < 16 {
		t.Errorf("bruno's TOTP secret %q", bruno.TOTPSecret)
	}

	carla, diego := get("carla"), get("diego")
	for _, d := range []DemoUser{carla, diego} {
		if d.Business == nil || !d.Business.DualApproval || d.Business.CNPJ != demoCompanies[0].cnpj {
			t.Fatalf("%s's business %+v", d.Key, d.Business)
		}
		company := customers[d.Business.CustomerID]
		if company.Name != "Padaria Pão de Ipê LTDA" || len(company.BusinessProfile.Representatives) != 2 {
			t.Errorf("%s represents %+v", d.Key, company)
		}
		if len(d.ContractIDs.InvoiceFinancings) == 0 {
			t.Errorf("%s sees no invoice financing", d.Key)
		}
		multi := false
		for _, id := range d.AccountIDs {
			if a := accounts[id]; a.CustomerID == company.ID {
				multi = a.MultiAuth
			}
		}
		if !multi {
			t.Errorf("%s: the padaria's accounts are not MultiAuth", d.Key)
		}
	}
	if carla.Business.CustomerID != diego.Business.CustomerID {
		t.Error("carla and diego represent different companies")
	}

	eduardo := get("eduardo")
	if eduardo.Business == nil || eduardo.Business.DualApproval {
		t.Fatalf("eduardo's business %+v", eduardo.Business)
	}
	reps := customers[eduardo.Business.CustomerID].BusinessProfile.Representatives
	if len(reps) != 1 || !reps[0].Powers.ApproveAlone || !reps[0].Powers.Pay || reps[0].CPF != eduardo.CPF {
		t.Errorf("eduardo's company representatives %+v", reps)
	}
}

func TestDemoUsersStableAcrossSeeds(t *testing.T) {
	_, a := generate(t, Options{Seed: 1})
	_, b := generate(t, Options{Seed: 987654321, Customers: 80})
	if !reflect.DeepEqual(a.DemoUsers, b.DemoUsers) {
		t.Fatalf("demo users differ across seeds:\n%+v\n%+v", a.DemoUsers, b.DemoUsers)
	}
}

func TestDemoUsersFileRoundTrip(t *testing.T) {
	_, res := generate(t, Options{Seed: 12})
	path := filepath.Join(t.TempDir(), "demo-users.json")
	if err := WriteDemoUsers(path, res.DemoUsers); err != nil {
		t.Fatal(err)
	}
	got, err := ReadDemoUsers(path)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, res.DemoUsers) {
		t.Fatalf("round trip changed the demo users:\n%+v\n%+v", got, res.DemoUsers)
	}
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadDemoUsers(path); err == nil {
		t.Error("a corrupt file was read")
	}
	if _, err := ReadDemoUsers(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("a missing file was read")
	}
}

// TestDemoUsersAreSolvent keeps the demo statements believable: the people everyone logs in as pay
// their instalments and card bills.
func TestDemoUsersAreSolvent(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		rec, res := generate(t, Options{Seed: seed})
		b := all(t, rec)
		demoCustomers := map[string]bool{}
		for _, d := range res.DemoUsers {
			demoCustomers[d.CustomerID] = true
			if d.Business != nil {
				demoCustomers[d.Business.CustomerID] = true
			}
		}
		for _, c := range b.Contracts {
			if demoCustomers[c.CustomerID] && c.Instalments.PastDue > 0 {
				t.Errorf("seed %d: demo contract %s (%s) has %d past-due instalments", seed, c.ID, c.ProductSubType, c.Instalments.PastDue)
			}
		}
		limits := map[string]core.Money{}
		for _, a := range b.Accounts {
			if demoCustomers[a.CustomerID] && a.Card != nil {
				limits[a.ID] = a.Card.CreditLimit
			}
		}
		for _, bal := range b.Balances {
			if l, ok := limits[bal.AccountID]; ok && -bal.Available > l*9/10 {
				t.Errorf("seed %d: demo card %s owes %s of a %s limit", seed, bal.AccountID, -bal.Available, l)
			}
		}
	}
}

// FuzzReadDemoUsers feeds arbitrary files to ReadDemoUsers, which tools call on whatever the state
// directory holds: it must return users or an error, never panic.
func FuzzReadDemoUsers(f *testing.F) {
	f.Add([]byte(`[{"key":"ana","login":"52998224725","accountIds":["acc-1"],"contractIds":{"loans":["ctr-1"]}}]`))
	f.Add([]byte(`[{"business":{"cnpj":"31415926000171","dualApproval":true}}]`))
	f.Add([]byte(`{}`))
	f.Add([]byte(``))
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "demo-users.json")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		users, err := ReadDemoUsers(path)
		if err == nil {
			if _, ok := DemoUserByKey(users, "ana"); ok && len(users) == 0 {
				t.Fatal("found a user in an empty list")
			}
		}
	})
}
