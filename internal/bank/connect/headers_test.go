package connect_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/connect"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// headerCase is one operation with the ids of its header test cases ("" when the contract names
// none): o3-aspsp-id, o3-api-uri, o3-api-operation, o3-ozone-interaction-id, o3-psu-identifier, and
// the unauthorised caller (401).
type headerCase struct {
	path                                      string
	aspsp, uri, operation, ozone, psu, unauth string
}

// headerCases lists every operation; its {accountId} and {contractId} are filled per test.
var headerCases = []headerCase{
	{"/accounts?accountIds={checking}", "ACC-010-060", "ACC-010-070", "ACC-010-080", "ACC-010-090", "ACC-010-050", "ACC-010-100"},
	{"/accounts/{checking}", "ACC-020-030", "ACC-020-060", "ACC-020-070", "ACC-020-080", "ACC-020-040", "ACC-020-090"},
	{"/balances?accountIds={checking}", "BAL-010-060", "BAL-010-070", "BAL-010-080", "BAL-010-090", "BAL-010-050", "BAL-010-100"},
	{"/accounts/{checking}/balances", "BAL-020-030", "BAL-020-060", "BAL-020-070", "BAL-020-080", "BAL-020-040", "BAL-020-090"},
	{"/transactions", "TXN-020-030", "TXN-020-040", "TXN-020-050", "TXN-020-060", "TXN-020-090", "TXN-010-100"},
	{"/accounts/{checking}/transactions", "TXN-010-030", "TXN-010-040", "TXN-010-050", "TXN-010-060", "", "TXN-010-100"},
	{"/direct-debits", "DBT-010-060", "DBT-010-070", "DBT-010-080", "DBT-010-090", "DBT-010-050", "DBT-010-100"},
	{"/accounts/{checking}/direct-debits", "DBT-020-030", "DBT-020-060", "DBT-020-070", "DBT-020-080", "DBT-020-040", "DBT-020-090"},
	{"/scheduled-payments", "FDP-010-060", "FDP-010-070", "FDP-010-080", "FDP-010-090", "FDP-010-050", "FDP-010-100"},
	{"/accounts/{checking}/scheduled-payments", "FDP-020-030", "FDP-020-060", "FDP-020-070", "FDP-020-080", "FDP-020-040", "FDP-020-090"},
	{"/standing-orders", "STO-010-060", "STO-010-070", "STO-010-080", "STO-010-090", "STO-010-050", "STO-010-100"},
	{"/accounts/{checking}/standing-orders", "STO-020-030", "STO-020-060", "STO-020-070", "STO-020-080", "STO-020-040", "STO-020-090"},
	{"/customer", "CUS-010-040", "CUS-010-050", "CUS-010-060", "CUS-010-070", "CUS-010-030", "CUS-010-080"},
	{"/accounts/{checking}/customer", "CUS-020-040", "CUS-020-050", "CUS-020-060", "CUS-020-070", "CUS-020-030", "CUS-020-080"},
	{"/offers", "OFF-010-050", "OFF-010-060", "OFF-010-070", "OFF-010-080", "OFF-010-040", "OFF-010-090"},
	{"/accounts/{card}/offers", "", "OFF-020-060", "OFF-020-070", "OFF-020-080", "OFF-020-040", "OFF-020-090"},
	{"/beneficiaries", "BEN-010-080", "BEN-010-090", "BEN-010-100", "BEN-010-110", "", "BEN-010-120"},
	{"/accounts/{checking}/beneficiaries", "BEN-020-030", "BEN-020-060", "BEN-020-070", "BEN-020-080", "BEN-020-040", "BEN-020-090"},
	{"/customer/beneficiaries", "BEN-030-030", "BEN-030-060", "BEN-030-070", "BEN-030-080", "BEN-030-040", "BEN-030-090"},
	{"/products", "PRD-010-080", "PRD-010-090", "PRD-010-100", "PRD-010-110", "", "PRD-010-120"},
	{"/loans", "", "", "", "", "", ""},
	{"/loans/{loan}", "", "", "", "", "", ""},
	{"/loans/{loan}/warranties", "", "", "", "", "", ""},
	{"/loans/{loan}/installments", "", "", "", "", "", ""},
	{"/loans/{loan}/payments", "", "", "", "", "", ""},
	{"/financings", "", "", "", "", "", ""},
	{"/financings/{financing}", "", "", "", "", "", ""},
	{"/financings/{financing}/warranties", "", "", "", "", "", ""},
	{"/financings/{financing}/installments", "", "", "", "", "", ""},
	{"/financings/{financing}/payments", "", "", "", "", "", ""},
	{"/invoice-financings", "", "", "", "", "", ""},
	{"/invoice-financings/{invoice}", "", "", "", "", "", ""},
	{"/invoice-financings/{invoice}/warranties", "", "", "", "", "", ""},
	{"/invoice-financings/{invoice}/installments", "", "", "", "", "", ""},
	{"/invoice-financings/{invoice}/payments", "", "", "", "", "", ""},
	{"/unarranged-accounts-overdraft", "", "", "", "", "", ""},
	{"/unarranged-accounts-overdraft/{overdraft}", "", "", "", "", "", ""},
	{"/unarranged-accounts-overdraft/{overdraft}/warranties", "", "", "", "", "", ""},
	{"/unarranged-accounts-overdraft/{overdraft}/installments", "", "", "", "", "", ""},
	{"/unarranged-accounts-overdraft/{overdraft}/payments", "", "", "", "", "", ""},
	{"/customer/personal/identifications", "", "", "", "", "", ""},
	{"/customer/personal/qualifications", "", "", "", "", "", ""},
	{"/customer/personal/financial-relations", "", "", "", "", "", ""},
	{"/customer/business/identifications", "", "", "", "", "", ""},
	{"/customer/business/qualifications", "", "", "", "", "", ""},
	{"/customer/business/financial-relations", "", "", "", "", "", ""},
}

// TestHeaders runs every header test case on every operation: a well-formed call succeeds, and one
// with o3-aspsp-id missing or unexpected, o3-api-uri / o3-api-operation / o3-ozone-interaction-id
// missing or unexpected, or o3-psu-identifier missing (where the operation needs it) answers 400 with
// errorCode InvalidHeader. The interaction ids are echoed on every answer.
func TestHeaders(t *testing.T) {
	e := newEnv(t)
	f := e.f
	fill := strings.NewReplacer("{checking}", f.Checking.ID, "{card}", f.Card.ID, "{loan}", f.Loan.ID,
		"{financing}", f.Financing.ID, "{invoice}", f.InvoiceFinancing.ID, "{overdraft}", f.Overdraft.ID)
	if len(headerCases) != 46 {
		t.Fatalf("%d operations in the table, the contract has 46", len(headerCases))
	}
	for _, hc := range headerCases {
		path := fill.Replace(hc.path)
		t.Run(strings.TrimPrefix(hc.path, "/"), func(t *testing.T) {
			r := e.get(path, nil)
			if r.status != http.StatusOK {
				t.Fatalf("well-formed call: %d %s", r.status, r.body)
			}
			if got := r.header.Get(bankconnect.HeaderOzoneInteractionID); got != e.headers().Get(bankconnect.HeaderOzoneInteractionID) {
				t.Fatalf("o3-ozone-interaction-id echoed as %q", got)
			}
			if got := r.header.Get(bankconnect.HeaderFAPIInteractionID); got != e.headers().Get(bankconnect.HeaderCallerInteractionID) {
				t.Fatalf("x-fapi-interaction-id echoed as %q", got)
			}
			bad := []struct {
				id, name, header, value string
			}{
				{hc.aspsp, "aspsp id missing", bankconnect.HeaderASPSPID, ""},
				{hc.aspsp, "aspsp id unexpected", bankconnect.HeaderASPSPID, "another-bank"},
				{hc.uri, "api uri missing", bankconnect.HeaderAPIURI, ""},
				{hc.uri, "api uri unexpected", bankconnect.HeaderAPIURI, "not a uri"},
				{hc.operation, "api operation missing", bankconnect.HeaderAPIOperation, ""},
				{hc.operation, "api operation unexpected", bankconnect.HeaderAPIOperation, "DELETE"},
				{hc.ozone, "ozone interaction id missing", bankconnect.HeaderOzoneInteractionID, ""},
			}
			if hc.psu != "" && !strings.HasPrefix(hc.path, "/products") {
				bad = append(bad, struct{ id, name, header, value string }{hc.psu, "psu identifier missing", bankconnect.HeaderPSUIdentifier, ""})
			}
			for _, b := range bad {
				h := e.headers()
				if b.header == bankconnect.HeaderPSUIdentifier && strings.HasPrefix(hc.path, "/transactions") {
					h.Del(bankconnect.HeaderConsentID)
				}
				if b.value == "" {
					h.Del(b.header)
				} else {
					h.Set(b.header, b.value)
				}
				r := e.get(path, h)
				if r.status != http.StatusBadRequest {
					t.Fatalf("%s %s: %d %s, want 400", b.id, b.name, r.status, r.body)
				}
				r.fails(t, http.StatusBadRequest, bankconnect.CodeInvalidHeader)
			}
		})
	}
}

// TestUnauthorised runs the 401 test cases (ACC-010-100, ACC-020-090, BAL-010-100, BAL-020-090,
// TXN-010-100, DBT-010-100, DBT-020-090, FDP-010-100, FDP-020-090, STO-010-100, STO-020-090,
// CUS-010-080, CUS-020-080, OFF-010-090, OFF-020-090, BEN-010-120, BEN-020-090, BEN-030-090,
// PRD-010-120) on every operation, with a static bearer token configured.
func TestUnauthorised(t *testing.T) {
	const token = "s3cr3t-platform-token"
	e := newEnv(t, func(d *connect.Deps) { d.Bearer = connect.StaticBearer(token) })
	f := e.f
	fill := strings.NewReplacer("{checking}", f.Checking.ID, "{card}", f.Card.ID, "{loan}", f.Loan.ID,
		"{financing}", f.Financing.ID, "{invoice}", f.InvoiceFinancing.ID, "{overdraft}", f.Overdraft.ID)
	for _, hc := range headerCases {
		path := fill.Replace(hc.path)
		for _, auth := range []string{"", "Bearer wrong", "Basic " + token, "Bearer"} {
			h := e.headers()
			if auth != "" {
				h.Set("Authorization", auth)
			}
			r := e.get(path, h)
			r.fails(t, http.StatusUnauthorized, bankconnect.CodeUnauthorized)
			if r.header.Get("WWW-Authenticate") == "" {
				t.Fatalf("%s %s: 401 without WWW-Authenticate", hc.unauth, path)
			}
		}
		h := e.headers()
		h.Set("Authorization", "Bearer "+token)
		if r := e.get(path, h); r.status != http.StatusOK {
			t.Fatalf("%s with the token: %d %s", path, r.status, r.body)
		}
	}
	// A bad token answers 401 before any header is looked at.
	e.get("/accounts", http.Header{}).fails(t, http.StatusUnauthorized, bankconnect.CodeUnauthorized)
}
