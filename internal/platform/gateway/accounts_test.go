package gateway

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

const accountsSpec = "fase2/swagger_accounts_apis.yaml"

func TestConsentAndAccountsEndToEndOverFakeBank(t *testing.T) {
	e := newEnv(t, envOptions{})
	id, tok := e.authorisedConsent(allAccountPermissions, "acc-1", "acc-2", "card-1")

	cc := e.token("tpp1", e.tppCert, "consents", "")
	res := e.do(e.tpp, "GET", "/open-banking/consents/v1/consents/"+id, cc, nil)
	validate(t, "fase2/swagger_consents_apis.yaml", "GET", "/consents/{consentId}", res)
	if got := res.json(t)["data"].(map[string]any)["status"]; got != "AUTHORISED" {
		t.Fatalf("status %v", got)
	}

	res = e.do(e.tpp, "GET", "/open-banking/accounts/v1/accounts", tok, nil, "x-fapi-interaction-id: 1b4e3a8a-1111-4c2e-9f00-0000000000aa")
	validate(t, accountsSpec, "GET", "/accounts", res)
	if res.header.Get("x-fapi-interaction-id") != "1b4e3a8a-1111-4c2e-9f00-0000000000aa" {
		t.Fatalf("interaction id not echoed: %q", res.header.Get("x-fapi-interaction-id"))
	}
	data := res.json(t)["data"].([]any)
	if len(data) != 2 {
		t.Fatalf("want the two deposit accounts (the card belongs to credit-cards-accounts), got %s", res.body)
	}
	h := e.bank.lastHeader()
	if h.Get(bankconnect.HeaderAPIURI) != "/open-banking/accounts/v1/accounts" || h.Get(bankconnect.HeaderAPIOperation) != "GET" ||
		h.Get(bankconnect.HeaderConsentID) != consentManagerID(t, e, id) || h.Get(bankconnect.HeaderASPSPID) != "ifconnect-bank" ||
		h.Get(bankconnect.HeaderCallerClientID) != "tpp1" || h.Get(bankconnect.HeaderCallerOrgID) != "org-1" ||
		h.Get(bankconnect.HeaderCallerInteractionID) != "1b4e3a8a-1111-4c2e-9f00-0000000000aa" || h.Get(bankconnect.HeaderOzoneInteractionID) == "" {
		t.Fatalf("context headers: %v", h)
	}
	psu, err := base64.StdEncoding.DecodeString(h.Get(bankconnect.HeaderPSUIdentifier))
	if err != nil || !strings.Contains(string(psu), `"userId":"user-1"`) {
		t.Fatalf("o3-psu-identifier %q", psu)
	}

	// Pagination: links that work.
	res = e.do(e.tpp, "GET", "/open-banking/accounts/v1/accounts?page-size=1", tok, nil)
	validate(t, accountsSpec, "GET", "/accounts", res)
	body := res.json(t)
	meta, links := body["meta"].(map[string]any), body["links"].(map[string]any)
	if meta["totalRecords"] != 2.0 || meta["totalPages"] != 2.0 || links["next"] == nil || links["last"] == nil || links["prev"] != nil {
		t.Fatalf("first page: %s", res.body)
	}
	next := strings.TrimPrefix(links["next"].(string), e.url)
	res = e.do(e.tpp, "GET", next, tok, nil)
	validate(t, accountsSpec, "GET", "/accounts", res)
	body = res.json(t)
	if links = body["links"].(map[string]any); links["prev"] == nil || links["first"] == nil || links["next"] != nil {
		t.Fatalf("second page: %s", res.body)
	}

	for _, c := range []struct{ path, spec string }{
		{"/open-banking/accounts/v1/accounts/acc-1", "/accounts/{accountId}"},
		{"/open-banking/accounts/v1/accounts/acc-1/balances", "/accounts/{accountId}/balances"},
		{"/open-banking/accounts/v1/accounts/acc-1/overdraft-limits", "/accounts/{accountId}/overdraft-limits"},
		{"/open-banking/accounts/v1/accounts/acc-1/transactions", "/accounts/{accountId}/transactions"},
		{"/open-banking/accounts/v1/accounts/acc-1/transactions?page=2&page-size=10&creditDebitIndicator=DEBITO", "/accounts/{accountId}/transactions"},
	} {
		res := e.do(e.tpp, "GET", c.path, tok, nil)
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d %s", c.path, res.status, res.body)
		}
		validate(t, accountsSpec, "GET", c.spec, res)
	}
	res = e.do(e.tpp, "GET", "/open-banking/accounts/v1/accounts/acc-1/balances", tok, nil)
	var bal struct {
		Data map[string]json.RawMessage `json:"data"`
	}
	json.Unmarshal(res.body, &bal)
	if string(bal.Data["availableAmount"]) != "-120.50" || string(bal.Data["automaticallyInvestedAmount"]) != "300.00" {
		t.Fatalf("balances are not exact: %s", res.body)
	}
	res = e.do(e.tpp, "GET", "/open-banking/accounts/v1/accounts/acc-1/transactions", tok, nil)
	if m := res.json(t)["meta"].(map[string]any); m["totalRecords"] != 25.0 || m["totalPages"] != 1.0 {
		t.Fatalf("the gateway must gather every bank page: %v", m)
	}

	// Outside the consent, or a card through the accounts API.
	for _, path := range []string{"/open-banking/accounts/v1/accounts/acc-9", "/open-banking/accounts/v1/accounts/acc-9/balances"} {
		res := e.do(e.tpp, "GET", path, tok, nil)
		validate(t, accountsSpec, "GET", "/accounts/{accountId}", res)
		if res.status != http.StatusForbidden {
			t.Fatalf("%s: %d", path, res.status)
		}
	}
	if res := e.do(e.tpp, "GET", "/open-banking/accounts/v1/accounts/card-1", tok, nil); res.status != http.StatusNotFound {
		t.Fatalf("card through accounts API: %d %s", res.status, res.body)
	}

	res = e.do(e.tpp, "GET", "/open-banking/resources/v1/resources", tok, nil)
	validate(t, "fase2/swagger_resources_apis.yaml", "GET", "/resources", res)
	if !strings.Contains(string(res.body), `"CREDIT_CARD_ACCOUNT"`) || strings.Count(string(res.body), `"ACCOUNT"`) != 2 {
		t.Fatalf("resources: %s", res.body)
	}

	// The TPP revokes: the consent is gone for data calls.
	res = e.do(e.tpp, "DELETE", "/open-banking/consents/v1/consents/"+id, cc, nil)
	validate(t, "fase2/swagger_consents_apis.yaml", "DELETE", "/consents/{consentId}", res)
	if res.status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.status, res.body)
	}
	res = e.do(e.tpp, "GET", "/open-banking/accounts/v1/accounts", tok, nil)
	validate(t, accountsSpec, "GET", "/accounts", res)
	if res.status != http.StatusUnauthorized {
		t.Fatalf("after revocation: %d %s", res.status, res.body)
	}
	res = e.do(e.tpp, "GET", "/open-banking/consents/v1/consents/"+id, cc, nil)
	if got := res.json(t)["data"].(map[string]any)["status"]; got != "REJECTED" {
		t.Fatalf("revoked consent reads %v", got)
	}
}

func TestCreditOperationsOverFakeBank(t *testing.T) {
	e := newEnv(t, envOptions{})
	_, tok := e.authorisedConsent([]string{"LOANS_READ", "LOANS_WARRANTIES_READ", "LOANS_SCHEDULED_INSTALMENTS_READ", "LOANS_PAYMENTS_READ", "RESOURCES_READ"}, "loan-1")
	for _, c := range []struct{ path, spec string }{
		{"/open-banking/loans/v1/contracts", "/contracts"},
		{"/open-banking/loans/v1/contracts/loan-1", "/contracts/{contractId}"},
		{"/open-banking/loans/v1/contracts/loan-1/warranties", "/contracts/{contractId}/warranties"},
		{"/open-banking/loans/v1/contracts/loan-1/scheduled-instalments", "/contracts/{contractId}/scheduled-instalments"},
		{"/open-banking/loans/v1/contracts/loan-1/payments", "/contracts/{contractId}/payments"},
	} {
		res := e.do(e.tpp, "GET", c.path, tok, nil)
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d %s", c.path, res.status, res.body)
		}
		validate(t, "fase2/swagger_loans_apis.yaml", "GET", c.spec, res)
	}
	res := e.do(e.tpp, "GET", "/open-banking/resources/v1/resources", tok, nil)
	validate(t, "fase2/swagger_resources_apis.yaml", "GET", "/resources", res)
	if !strings.Contains(string(res.body), `"LOAN"`) {
		t.Fatalf("resources: %s", res.body)
	}
	if res := e.do(e.tpp, "GET", "/open-banking/financings/v1/contracts", tok, nil); res.status != http.StatusForbidden {
		t.Fatalf("financings without permission: %d", res.status)
	}
}

// consentManagerID is the consent manager's uuid of the consent whose URN is id.
func consentManagerID(t *testing.T, e *env, id string) string {
	t.Helper()
	c, err := e.consents.Get(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}
