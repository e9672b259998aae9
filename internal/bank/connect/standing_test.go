package connect_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/connect"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// listOf decodes {"data":[…]} and returns the accountId of each item.
func listOf(t *testing.T, r response) []map[string]any {
	t.Helper()
	var body struct {
		Data []map[string]any `json:"data"`
	}
	r.ok(t, &body)
	if body.Data == nil {
		t.Fatalf("body %s has no data array", r.body)
	}
	return body.Data
}

// standingFamily is one of the account-object operations with its test cases.
type standingFamily struct {
	name, path string
	idField    string // the item's id member
	// ids of the test cases: collection by accountIds, collection for the PSU, unknown skipped,
	// empty, per account, per-account unknown, per-account other PSU.
	byIDs, byPSU, skips, empty, one, oneUnknown, oneOther string
}

var standingFamilies = []standingFamily{
	{"direct debits", "direct-debits", "directDebitId", "DBT-010-010", "DBT-010-020", "DBT-010-030", "DBT-010-040", "DBT-020-010", "DBT-020-020", "DBT-020-050"},
	{"scheduled payments", "scheduled-payments", "scheduledPaymentId", "FDP-010-010", "FDP-010-020", "FDP-010-030", "FDP-010-040", "FDP-020-010", "FDP-020-020", "FDP-020-050"},
	{"standing orders", "standing-orders", "standingOrderId", "STO-010-010", "STO-010-020", "STO-010-030", "STO-010-040", "STO-020-010", "STO-020-020", "STO-020-050"},
	{"beneficiaries", "beneficiaries", "beneficiaryId", "BEN-010-010", "BEN-010-020", "BEN-010-030", "BEN-010-040", "BEN-020-010", "BEN-020-020", "BEN-020-050"},
}

func TestStandingData(t *testing.T) {
	for _, ttl := range []time.Duration{0, -1} {
		t.Run(fmt.Sprintf("scope TTL %v", ttl), func(t *testing.T) {
			testStandingData(t, newEnv(t, func(d *connect.Deps) { d.ScopeTTL = ttl }))
		})
	}
}

func testStandingData(t *testing.T, e *env) {
	f := e.f
	// What the fixture holds on the person's checking account (one of each) and on the company's
	// (a beneficiary).
	want := map[string]string{
		"direct-debits": f.Batch.DirectDebits[0].ID, "scheduled-payments": f.Batch.ScheduledPayments[0].ID,
		"standing-orders": f.Batch.StandingOrders[0].ID, "beneficiaries": f.Batch.Beneficiaries[0].ID,
	}
	for _, fam := range standingFamilies {
		t.Run(fam.byIDs+" "+fam.name+" of the accounts asked for", func(t *testing.T) {
			items := listOf(t, e.get("/"+fam.path+"?accountIds="+f.Checking.ID+","+f.Savings.ID, nil))
			if len(items) != 1 || items[0][fam.idField] != want[fam.path] || items[0]["accountId"] != f.Checking.ID {
				t.Fatalf("items %v", items)
			}
		})
		t.Run(fam.byPSU+" "+fam.name+" of every account of the PSU", func(t *testing.T) {
			items := listOf(t, e.get("/"+fam.path, nil))
			n := 1
			if fam.path == "beneficiaries" {
				n = 2 // one on the person's checking account, one on the company's
			}
			if len(items) != n {
				t.Fatalf("items %v, want %d", items, n)
			}
		})
		t.Run(fam.skips+" "+fam.name+" skip unknown and other PSUs' accounts", func(t *testing.T) {
			items := listOf(t, e.get("/"+fam.path+"?accountIds=nope,"+e.other.Checking.ID+","+f.Checking.ID, nil))
			if len(items) != 1 || items[0]["accountId"] != f.Checking.ID {
				t.Fatalf("items %v", items)
			}
		})
		t.Run(fam.empty+" "+fam.name+" answer an empty array when nothing is found", func(t *testing.T) {
			if items := listOf(t, e.get("/"+fam.path+"?accountIds=nope,"+e.other.Checking.ID, nil)); len(items) != 0 {
				t.Fatalf("items %v", items)
			}
		})
		t.Run(fam.one+" "+fam.name+" of one account", func(t *testing.T) {
			items := listOf(t, e.get("/accounts/"+f.Checking.ID+"/"+fam.path, nil))
			if len(items) != 1 || items[0][fam.idField] != want[fam.path] {
				t.Fatalf("items %v", items)
			}
			if items := listOf(t, e.get("/accounts/"+f.Savings.ID+"/"+fam.path, nil)); len(items) != 0 {
				t.Fatalf("savings items %v, want none", items)
			}
		})
		t.Run(fam.oneUnknown+" "+fam.name+" refuse an account that does not exist", func(t *testing.T) {
			e.get("/accounts/nope/"+fam.path, nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotFound)
		})
		t.Run(fam.oneOther+" "+fam.name+" refuse another PSU's account", func(t *testing.T) {
			e.get("/accounts/"+e.other.Checking.ID+"/"+fam.path, nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotAccessible)
		})
	}

	t.Run("standing data carries the domain's amounts, dates and creditor", func(t *testing.T) {
		var so bankconnect.StandingOrdersResponse
		e.get("/accounts/"+f.Checking.ID+"/standing-orders", nil).ok(t, &so)
		o, src := so.Data[0], f.Batch.StandingOrders[0]
		if o.Frequency != src.Frequency || o.NextPaymentAmount.Amount != "2500.00" || o.StandingOrderStatusCode != "Active" ||
			o.CreditorAccount == nil || o.CreditorAccount.Identification != "001-4321-556677-0" || o.CreditorAgent.Identification != "001" {
			t.Fatalf("standing order %+v", o)
		}
		var dd bankconnect.DirectDebitsResponse
		e.get("/direct-debits", nil).ok(t, &dd)
		if d := dd.Data[0]; d.MandateIdentification != "MANDATO-1" || d.PreviousPaymentAmount.Amount != "189.90" || d.Name != "Companhia de Luz" {
			t.Fatalf("direct debit %+v", d)
		}
		var sp bankconnect.ScheduledPaymentsResponse
		e.get("/scheduled-payments", nil).ok(t, &sp)
		if p := sp.Data[0]; p.InstructedAmount.Amount != "1800.00" || p.ScheduledType != "Execution" || p.Reference != "IPVA" {
			t.Fatalf("scheduled payment %+v", p)
		}
	})
}

func TestOffers(t *testing.T) {
	e := newEnv(t)
	f := e.f

	t.Run("OFF-010-010 returns the offers on the PSU's accounts", func(t *testing.T) {
		var got bankconnect.OffersResponse
		e.get("/offers", nil).ok(t, &got)
		if len(got.Data) != 1 || got.Data[0].AccountID != f.Card.ID || got.Data[0].Amount.Amount != "5000.00" || got.Data[0].OfferType != "LimitIncrease" {
			t.Fatalf("offers %+v", got.Data)
		}
		e.get("/offers?accountIds="+f.Checking.ID, nil).ok(t, &got)
		if len(got.Data) != 0 {
			t.Fatalf("offers of the checking account %+v, want none", got.Data)
		}
	})

	t.Run("OFF-010-020 answers an empty array when the PSU has no offers", func(t *testing.T) {
		// Under a consent given for the company, the call covers only the company's accounts.
		h := e.headers()
		h.Set(bankconnect.HeaderPSUIdentifier, bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: f.User.ID, CustomerID: f.Company.ID}))
		var got bankconnect.OffersResponse
		e.get("/offers", h).ok(t, &got)
		if got.Data == nil || len(got.Data) != 0 {
			t.Fatalf("offers %+v", got.Data)
		}
	})

	t.Run("OFF-010-030 answers an empty array when the PSU does not exist", func(t *testing.T) {
		h := e.headers()
		h.Set(bankconnect.HeaderPSUIdentifier, psu("no-such-user"))
		var got bankconnect.OffersResponse
		e.get("/offers", h).ok(t, &got)
		if got.Data == nil || len(got.Data) != 0 {
			t.Fatalf("offers %+v", got.Data)
		}
	})

	t.Run("OFF-020-010 returns the offers on one account", func(t *testing.T) {
		var got bankconnect.OffersResponse
		e.get("/accounts/"+f.Card.ID+"/offers", nil).ok(t, &got)
		if len(got.Data) != 1 || got.Data[0].OfferID != f.Batch.Offers[0].ID {
			t.Fatalf("offers %+v", got.Data)
		}
	})

	t.Run("OFF-020-020 refuses an account that does not exist", func(t *testing.T) {
		e.get("/accounts/nope/offers", nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotFound)
	})

	t.Run("OFF-020-050 refuses another PSU's account", func(t *testing.T) {
		e.get("/accounts/"+e.other.Card.ID+"/offers", nil).fails(t, http.StatusBadRequest, bankconnect.CodeNotAccessible)
	})
}

func TestCustomer(t *testing.T) {
	e := newEnv(t)
	f := e.f

	t.Run("CUS-010-010 returns the PSU's customer", func(t *testing.T) {
		var got bankconnect.CustomerResponse
		e.get("/customer", nil).ok(t, &got)
		c := got.Data
		if c == nil || c.ID != f.Person.ID || c.Number != f.Person.TaxID || c.CustomerName != f.Person.Name || c.CustomerType != "PERSONAL" ||
			c.Contact == nil || c.Contact.Email != f.Person.Email || c.Contact.Mobile != "5511987654321" || c.Contact.Address[0].PostCode != "01310200" {
			t.Fatalf("customer %+v", c)
		}
	})

	t.Run("CUS-010-020 answers an empty data object when the PSU is no customer", func(t *testing.T) {
		h := e.headers()
		h.Set(bankconnect.HeaderPSUIdentifier, psu("no-such-user"))
		r := e.get("/customer", h)
		if r.status != http.StatusOK || string(r.body) != `{"data":{},"meta":{}}` {
			t.Fatalf("%d %s", r.status, r.body)
		}
		var got bankconnect.CustomerResponse
		if err := json.Unmarshal(r.body, &got); err != nil || got.Data != nil {
			t.Fatalf("decoded %+v, %v", got, err)
		}
	})

	t.Run("CUS-020-010 returns the holder of one of the PSU's accounts", func(t *testing.T) {
		var got bankconnect.CustomersResponse
		e.get("/accounts/"+f.CompanyChecking.ID+"/customer", nil).ok(t, &got)
		if len(got.Data) != 1 || got.Data[0].ID != f.Company.ID || got.Data[0].CustomerType != "BUSINESS" || got.Data[0].Number != f.Company.TaxID {
			t.Fatalf("customers %+v", got.Data)
		}
	})

	t.Run("CUS-020-020 answers empty data for an unknown or another PSU's account", func(t *testing.T) {
		for _, id := range []string{"nope", e.other.Checking.ID} {
			var got bankconnect.CustomersResponse
			e.get("/accounts/"+id+"/customer", nil).ok(t, &got)
			if got.Data == nil || len(got.Data) != 0 {
				t.Fatalf("%s: customers %+v", id, got.Data)
			}
		}
	})
}

func TestBeneficiariesOfCustomer(t *testing.T) {
	e := newEnv(t)
	// BEN-030-010: every beneficiary of every account of the PSU, accountIds ignored.
	items := listOf(t, e.get("/customer/beneficiaries?accountIds="+e.f.Savings.ID, nil))
	if len(items) != 2 {
		t.Fatalf("beneficiaries %v, want both of the PSU's", items)
	}
	pix := items[1]
	if items[0]["accountId"] == e.f.CompanyChecking.ID {
		pix = items[0]
	}
	acc, _ := pix["creditorAccount"].(map[string]any)
	if acc["schemeName"] != bankconnect.SchemeBRAccount || pix["beneficiaryType"] != "Trusted" {
		t.Fatalf("beneficiary %v", pix)
	}
}

func TestProducts(t *testing.T) {
	e := newEnv(t)
	h := e.headers()
	h.Del(bankconnect.HeaderPSUIdentifier)
	h.Del(bankconnect.HeaderConsentID)
	var got bankconnect.ProductsResponse
	e.get("/products", h).ok(t, &got)
	if len(got.Data) != 6 { // three products in each fixture
		t.Fatalf("products %+v", got.Data)
	}
	cards := 0
	for _, p := range got.Data {
		if p.CreditCards != nil {
			cards++
		}
	}
	if cards != 2 {
		t.Fatalf("%d credit-card products, want 2: %+v", cards, got.Data)
	}
}
