package gateway

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

const cardsSpec = "fase2/swagger_credit_cards_apis.yaml"

func TestCreditCardsMappedFromCardAccounts(t *testing.T) {
	e := newEnv(t, envOptions{})
	_, tok := e.authorisedConsent([]string{"CREDIT_CARDS_ACCOUNTS_READ", "CREDIT_CARDS_ACCOUNTS_LIMITS_READ", "CREDIT_CARDS_ACCOUNTS_TRANSACTIONS_READ",
		"CREDIT_CARDS_ACCOUNTS_BILLS_READ", "CREDIT_CARDS_ACCOUNTS_BILLS_TRANSACTIONS_READ", "RESOURCES_READ"}, "acc-1", "card-1")
	base := "/open-banking/credit-cards-accounts/v1/accounts"
	res := e.do(e.tpp, "GET", base, tok, nil)
	validate(t, cardsSpec, "GET", "/accounts", res)
	if !strings.Contains(string(res.body), `"creditCardAccountId":"card-1"`) || strings.Contains(string(res.body), "acc-1") || !strings.Contains(string(res.body), `"VISA"`) {
		t.Fatalf("cards: %s", res.body)
	}
	for _, c := range []struct{ path, spec string }{
		{base + "/card-1", "/accounts/{creditCardAccountId}"},
		{base + "/card-1/limits", "/accounts/{creditCardAccountId}/limits"},
		{base + "/card-1/transactions?transactionType=OUTROS", "/accounts/{creditCardAccountId}/transactions"},
		{base + "/card-1/bills", "/accounts/{creditCardAccountId}/bills"},
	} {
		res := e.do(e.tpp, "GET", c.path, tok, nil)
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d %s", c.path, res.status, res.body)
		}
		validate(t, cardsSpec, "GET", c.spec, res)
	}
	res = e.do(e.tpp, "GET", base+"/card-1/limits", tok, nil)
	if !strings.Contains(string(res.body), `"limitAmount":1000.00`) || !strings.Contains(string(res.body), `"usedAmount":120.50`) || !strings.Contains(string(res.body), `"availableAmount":879.50`) {
		t.Fatalf("limits are not exact: %s", res.body)
	}
	var bills struct {
		Data []struct {
			BillID string `json:"billId"`
		} `json:"data"`
	}
	json.Unmarshal(e.do(e.tpp, "GET", base+"/card-1/bills", tok, nil).body, &bills)
	if len(bills.Data) == 0 {
		t.Fatal("no bills")
	}
	res = e.do(e.tpp, "GET", base+"/card-1/bills/"+bills.Data[0].BillID+"/transactions", tok, nil)
	validate(t, cardsSpec, "GET", "/accounts/{creditCardAccountId}/bills/{billId}/transactions", res)
	if res.status != http.StatusOK || !strings.Contains(string(res.body), bills.Data[0].BillID) {
		t.Fatalf("bill transactions: %d %s", res.status, res.body)
	}
	if res := e.do(e.tpp, "GET", base+"/acc-1", tok, nil); res.status != http.StatusNotFound {
		t.Fatalf("a deposit account through the cards API: %d", res.status)
	}
	if res := e.do(e.tpp, "GET", base+"/card-1/bills/other-202601/transactions", tok, nil); res.status != http.StatusNotFound {
		t.Fatalf("a bill of another card: %d", res.status)
	}
}
