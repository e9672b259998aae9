package conformance

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// The Brazilian credit operations (GET /loans, /financings, /invoice-financings,
// /unarranged-accounts-overdraft, each with /{contractId}, /warranties, /installments and
// /payments) and the Brazilian customer operations (GET /customer/personal/… and
// /customer/business/…) are in the contract without test cases. The harness checks them with ids of
// its own (Case.Extra), following the contract's pattern for the other operations: the PSU's data
// answers 200 and validates, a contract that does not exist or is another PSU's answers 400, a call
// without o3-psu-identifier or with an unexpected o3-aspsp-id answers 400.

// creditFamily is one credit operation family with the prefix of its check ids.
type creditFamily struct{ path, prefix string }

var creditFamilies = []creditFamily{
	{bankconnect.FamilyLoans, "LNS"},
	{bankconnect.FamilyFinancings, "FNC"},
	{bankconnect.FamilyInvoiceFinancings, "IFN"},
	{bankconnect.FamilyUnarrangedOverdraft, "UAO"},
}

// contractResources are the sub-resources of one credit contract.
var contractResources = []string{"", "/warranties", "/installments", "/payments"}

// array decodes a bare JSON array of objects, as the credit lists answer (bankconnect.ListOperations).
func (a *answer) array() ([]map[string]any, bool) {
	if !a.answered() {
		return nil, false
	}
	var items []map[string]any
	if err := json.Unmarshal(a.r.body, &items); err != nil || items == nil {
		a.t.errorf(a.x, "%s %s: the body is not a JSON array of objects: %s", a.method, a.path, clip(string(a.r.body), 200))
		return nil, false
	}
	return items, true
}

func creditCases(b *builder) {
	for _, fam := range creditFamilies {
		list, one := "GET /"+fam.path, "GET /"+fam.path+"/{contractId}"
		contracts := func(t *T) []string { return t.fx.Contracts[fam.path] }
		b.add(fam.prefix+"-010-010", list, "returns the PSU's contracts, never another PSU's", func(t *T) {
			a := t.get("/" + fam.path)
			items, ok := a.array()
			if !a.ok() || !ok {
				return
			}
			var got []string
			for _, it := range items {
				got = append(got, str(it, "contractId"))
			}
			for _, id := range contracts(t) {
				if !contains(got, id) {
					t.errorf(a.x, "contract %s of the PSU is missing", id)
				}
			}
			if f := t.fx.ForeignContracts[fam.path]; f != "" && contains(got, f) {
				t.errorf(a.x, "another PSU's contract %s was returned", f)
			}
		})
		b.add(fam.prefix+"-010-020", list, "a PSU who does not exist: 200 with an empty list", func(t *T) {
			a := t.get("/"+fam.path, unknownPSU())
			if items, ok := a.array(); a.ok() && ok && len(items) != 0 {
				t.errorf(a.x, "an unknown PSU got %d contracts", len(items))
			}
		})
		b.add(fam.prefix+"-010-030", list, "o3-psu-identifier missing, o3-aspsp-id missing or unexpected → 400", func(t *T) {
			if !t.get("/" + fam.path).ok() {
				return
			}
			t.get("/"+fam.path, without(bankconnect.HeaderPSUIdentifier)).fails(http.StatusBadRequest)
			t.get("/"+fam.path, without(bankconnect.HeaderASPSPID)).fails(http.StatusBadRequest)
			t.get("/"+fam.path, with(bankconnect.HeaderASPSPID, "another-bank")).fails(http.StatusBadRequest)
		})
		b.add(fam.prefix+"-020-010", one, "returns each of the PSU's contracts with its warranties, installments and payments", func(t *T) {
			for _, id := range contracts(t) {
				for _, sub := range contractResources {
					t.get("/" + fam.path + "/" + url.PathEscape(id) + sub).ok()
				}
			}
		})
		b.add(fam.prefix+"-020-020", one, "a contract that does not exist → 400", func(t *T) {
			id := unknownID()
			for _, sub := range contractResources {
				t.get("/" + fam.path + "/" + id + sub).fails(http.StatusBadRequest)
			}
		})
		b.add(fam.prefix+"-020-030", one, "another PSU's contract (when one is known) → 400", func(t *T) {
			if f := t.fx.ForeignContracts[fam.path]; f != "" {
				for _, sub := range contractResources {
					t.get("/" + fam.path + "/" + url.PathEscape(f) + sub).fails(http.StatusBadRequest)
				}
			}
		})
		b.add(fam.prefix+"-020-040", one, "o3-psu-identifier missing → 400", func(t *T) {
			id := unknownID()
			if cs := contracts(t); len(cs) > 0 {
				id = cs[0]
			}
			t.get("/"+fam.path+"/"+url.PathEscape(id), without(bankconnect.HeaderPSUIdentifier)).fails(http.StatusBadRequest)
		})
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// customerBROps are the Brazilian customer operations with the prefix of their check ids.
var customerBROps = []struct{ path, id string }{
	{"/customer/personal/identifications", "BRC-010"},
	{"/customer/personal/qualifications", "BRC-020"},
	{"/customer/personal/financial-relations", "BRC-030"},
	{"/customer/business/identifications", "BRC-040"},
	{"/customer/business/qualifications", "BRC-050"},
	{"/customer/business/financial-relations", "BRC-060"},
}

func customerBRCases(b *builder) {
	for _, op := range customerBROps {
		b.add(op.id+"-010", "GET "+op.path, "answers the PSU's customer data, or 400 when the PSU is no such customer", func(t *T) {
			a := t.get(op.path)
			if a.r.err != nil || a.r.status == http.StatusOK {
				return
			}
			a.fails(http.StatusBadRequest)
		})
		b.add(op.id+"-020", "GET "+op.path, "o3-psu-identifier missing, o3-aspsp-id unexpected → 400", func(t *T) {
			t.get(op.path, without(bankconnect.HeaderPSUIdentifier)).fails(http.StatusBadRequest)
			t.get(op.path, with(bankconnect.HeaderASPSPID, "another-bank")).fails(http.StatusBadRequest)
		})
	}
}
