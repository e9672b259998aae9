package gatewaytest

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
)

func TestDataSharingAgainstTheRealBank(t *testing.T) {
	e := newEnv(t)
	u := e.users[0]
	deposits, cards := e.accountsOf(u.UserID)
	if len(deposits) == 0 {
		t.Fatalf("demo user %s has no deposit account", u.Key)
	}
	ctx := context.Background()
	custs, _ := e.bank.CustomersOfUser(ctx, u.UserID)
	loans, err := e.bank.ContractsOfCustomers(ctx, []string{custs[0].ID}, core.Loan)
	if err != nil {
		t.Fatal(err)
	}
	resources := append(append([]string{}, deposits...), cards...)
	for _, k := range loans {
		resources = append(resources, k.ID)
	}

	cc := e.clientCredentials("consents")
	body := `{"data":{"loggedUser":{"document":{"identification":"` + u.CPF + `","rel":"CPF"}},"permissions":["ACCOUNTS_READ","ACCOUNTS_BALANCES_READ","ACCOUNTS_TRANSACTIONS_READ","ACCOUNTS_OVERDRAFT_LIMITS_READ","LOANS_READ","LOANS_WARRANTIES_READ","LOANS_SCHEDULED_INSTALMENTS_READ","LOANS_PAYMENTS_READ","CREDIT_CARDS_ACCOUNTS_READ","CREDIT_CARDS_ACCOUNTS_LIMITS_READ","CREDIT_CARDS_ACCOUNTS_TRANSACTIONS_READ","CREDIT_CARDS_ACCOUNTS_BILLS_READ","CREDIT_CARDS_ACCOUNTS_BILLS_TRANSACTIONS_READ","RESOURCES_READ"],"expirationDateTime":"` +
		time.Now().Add(24*time.Hour).UTC().Format("2006-01-02T15:04:05Z") + `"}}`
	res := e.do("POST", "/open-banking/consents/v1/consents", cc, body, "x-fapi-interaction-id: e2e-consent-1")
	validate(t, "fase2/swagger_consents_apis.yaml", "POST", "/consents", res)
	if res.status != http.StatusCreated || res.header.Get("x-fapi-interaction-id") != "e2e-consent-1" {
		t.Fatalf("create consent: %d %s", res.status, res.body)
	}
	var created struct {
		Data struct {
			ConsentID string `json:"consentId"`
		} `json:"data"`
	}
	json.Unmarshal(res.body, &created)
	tok := e.consentToken(created.Data.ConsentID, u.UserID, resources, "accounts resources loans credit-cards-accounts")

	const acc = "fase2/swagger_accounts_apis.yaml"
	res = e.do("GET", "/open-banking/accounts/v1/accounts", tok, "")
	validate(t, acc, "GET", "/accounts", res)
	if res.status != http.StatusOK || strings.Count(string(res.body), `"accountId"`) != len(deposits) {
		t.Fatalf("accounts (want %d): %d %s", len(deposits), res.status, res.body)
	}
	id := deposits[0]
	for _, c := range []struct{ path, spec string }{
		{"/open-banking/accounts/v1/accounts/" + id, "/accounts/{accountId}"},
		{"/open-banking/accounts/v1/accounts/" + id + "/balances", "/accounts/{accountId}/balances"},
		{"/open-banking/accounts/v1/accounts/" + id + "/overdraft-limits", "/accounts/{accountId}/overdraft-limits"},
	} {
		res := e.do("GET", c.path, tok, "")
		if res.status != http.StatusOK {
			t.Fatalf("%s: %d %s", c.path, res.status, res.body)
		}
		validate(t, acc, "GET", c.spec, res)
	}

	// A statement with several pages: follow next links to the end; every page validates.
	path := "/open-banking/accounts/v1/accounts/" + id + "/transactions?page-size=50"
	pages, records := 0, 0
	for path != "" && pages < 100 {
		res := e.do("GET", path, tok, "")
		validate(t, acc, "GET", "/accounts/{accountId}/transactions", res)
		var page struct {
			Data  []any `json:"data"`
			Links struct {
				Next string `json:"next"`
			} `json:"links"`
			Meta struct {
				TotalRecords int `json:"totalRecords"`
				TotalPages   int `json:"totalPages"`
			} `json:"meta"`
		}
		json.Unmarshal(res.body, &page)
		pages++
		records += len(page.Data)
		path = strings.TrimPrefix(page.Links.Next, e.tppURL)
		if path == "" && (pages != page.Meta.TotalPages || records != page.Meta.TotalRecords) {
			t.Fatalf("walked %d pages and %d records, meta says %d and %d", pages, records, page.Meta.TotalPages, page.Meta.TotalRecords)
		}
	}
	if records < 50 {
		t.Fatalf("the seeded statement has only %d lines; pagination was not exercised", records)
	}

	res = e.do("GET", "/open-banking/resources/v1/resources", tok, "")
	validate(t, "fase2/swagger_resources_apis.yaml", "GET", "/resources", res)
	if strings.Count(string(res.body), `"resourceId"`) != len(resources) || strings.Contains(string(res.body), "UNAVAILABLE") {
		t.Fatalf("resources: %s", res.body)
	}

	for _, k := range loans {
		for _, c := range []struct{ suffix, spec string }{
			{"", "/contracts/{contractId}"}, {"/warranties", "/contracts/{contractId}/warranties"},
			{"/scheduled-instalments", "/contracts/{contractId}/scheduled-instalments"}, {"/payments", "/contracts/{contractId}/payments"},
		} {
			res := e.do("GET", "/open-banking/loans/v1/contracts/"+k.ID+c.suffix, tok, "")
			if res.status != http.StatusOK {
				t.Fatalf("loan %s%s: %d %s", k.ID, c.suffix, res.status, res.body)
			}
			validate(t, "fase2/swagger_loans_apis.yaml", "GET", c.spec, res)
		}
	}

	const cardsSpec = "fase2/swagger_credit_cards_apis.yaml"
	res = e.do("GET", "/open-banking/credit-cards-accounts/v1/accounts", tok, "")
	validate(t, cardsSpec, "GET", "/accounts", res)
	if strings.Count(string(res.body), `"creditCardAccountId"`) != len(cards) {
		t.Fatalf("cards (want %d): %s", len(cards), res.body)
	}
	for _, card := range cards {
		base := "/open-banking/credit-cards-accounts/v1/accounts/" + card
		for _, c := range []struct{ path, spec string }{
			{base, "/accounts/{creditCardAccountId}"}, {base + "/limits", "/accounts/{creditCardAccountId}/limits"},
			{base + "/transactions", "/accounts/{creditCardAccountId}/transactions"}, {base + "/bills", "/accounts/{creditCardAccountId}/bills"},
		} {
			res := e.do("GET", c.path, tok, "")
			if res.status != http.StatusOK {
				t.Fatalf("%s: %d %s", c.path, res.status, res.body)
			}
			validate(t, cardsSpec, "GET", c.spec, res)
		}
		var bills struct {
			Data []struct {
				BillID string `json:"billId"`
			} `json:"data"`
		}
		json.Unmarshal(e.do("GET", base+"/bills", tok, "").body, &bills)
		for _, b := range bills.Data[:min(2, len(bills.Data))] {
			res := e.do("GET", base+"/bills/"+b.BillID+"/transactions", tok, "")
			validate(t, cardsSpec, "GET", "/accounts/{creditCardAccountId}/bills/{billId}/transactions", res)
		}
	}

	// Revocation by the TPP ends the consent and its tokens.
	res = e.do("DELETE", "/open-banking/consents/v1/consents/"+created.Data.ConsentID, cc, "")
	if res.status != http.StatusNoContent {
		t.Fatalf("delete: %d %s", res.status, res.body)
	}
	if res := e.do("GET", "/open-banking/accounts/v1/accounts", tok, ""); res.status != http.StatusUnauthorized {
		t.Fatalf("after revocation: %d %s", res.status, res.body)
	}
}

func TestPixPaymentAgainstTheRealBank(t *testing.T) {
	e := newEnv(t)
	u := e.users[0]
	deposits, _ := e.accountsOf(u.UserID)
	cc := e.clientCredentials("payments")
	now := time.Now().UTC().Format("2006-01-02T15:04:05Z")
	consent := `{"data":{"creditor":{"personType":"PESSOA_NATURAL","cpfCnpj":"11144477735","name":"Maria da Silva"},"payment":{"type":"PIX","dateTime":"` + now + `","currency":"BRL","amount":"12.34"}}}`
	res := e.do("POST", "/open-banking/payments/v1/consents", cc, consent, "x-idempotency-key: e2e-consent", e.signature(consent))
	validate(t, "fase3/swagger_payments_apis.yaml", "POST", "/consents", res)
	if res.status != http.StatusCreated {
		t.Fatalf("payment consent: %d %s", res.status, res.body)
	}
	var created struct {
		Data struct {
			ConsentID string `json:"consentId"`
		} `json:"data"`
	}
	json.Unmarshal(res.body, &created)
	tok := e.consentToken(created.Data.ConsentID, u.UserID, deposits[:1], "payments")

	pix := `{"data":{"payment":{"amount":"12.34","currency":"BRL"},"creditorAccount":{"ispb":"12345678","branchCode":"0001","number":"1234567890","checkDigit":"1","accountType":"CACC"},"remittanceInformation":"e2e"}}`
	// Unsigned, the payment is refused before the bank is asked, and the consent stays usable.
	unsigned := e.do("POST", "/open-banking/payments/v1/pix/payments", tok, pix, "x-idempotency-key: e2e-pay-0")
	validate(t, "fase3/swagger_payments_apis.yaml", "POST", "/pix/payments", unsigned)
	if unsigned.status != http.StatusBadRequest || !strings.Contains(string(unsigned.body), `"HEADER_INVALIDO"`) {
		t.Fatalf("payment without x-jws-signature: %d %s", unsigned.status, unsigned.body)
	}
	first := e.do("POST", "/open-banking/payments/v1/pix/payments", tok, pix, "x-idempotency-key: e2e-pay-1", e.signature(pix))
	validate(t, "fase3/swagger_payments_apis.yaml", "POST", "/pix/payments", first)
	if first.status != http.StatusCreated {
		t.Fatalf("payment: %d %s", first.status, first.body)
	}
	// A replay with the same token and x-idempotency-key (a TPP whose first answer was lost) gets the
	// first answer — the consumed consent's token still admits it — and the bank is not asked twice;
	// a new payment under the consumed consent is refused.
	again := e.do("POST", "/open-banking/payments/v1/pix/payments", tok, pix, "x-idempotency-key: e2e-pay-1", e.signature(pix))
	if again.status != http.StatusCreated || !samePayment(again.body, first.body) {
		t.Fatalf("replay: %d %s\nwant the first answer %s", again.status, again.body, first.body)
	}
	another := e.do("POST", "/open-banking/payments/v1/pix/payments", tok, pix, "x-idempotency-key: e2e-pay-2", e.signature(pix))
	validate(t, "fase3/swagger_payments_apis.yaml", "POST", "/pix/payments", another)
	if another.status != http.StatusUnprocessableEntity {
		t.Fatalf("second payment on the consumed consent: %d %s", another.status, another.body)
	}
	var p struct {
		Data struct {
			PaymentID string `json:"paymentId"`
			Status    string `json:"status"`
		} `json:"data"`
	}
	json.Unmarshal(first.body, &p)
	res = e.do("GET", "/open-banking/payments/v1/pix/payments/"+p.Data.PaymentID, e.clientCredentials("payments"), "")
	validate(t, "fase3/swagger_payments_apis.yaml", "GET", "/pix/payments/{paymentId}", res)
	if res.status != http.StatusOK {
		t.Fatalf("payment status: %d %s", res.status, res.body)
	}
	res = e.do("GET", "/open-banking/payments/v1/consents/"+created.Data.ConsentID, cc, "")
	validate(t, "fase3/swagger_payments_apis.yaml", "GET", "/consents/{consentId}", res)
	if !strings.Contains(string(res.body), `"CONSUMED"`) {
		t.Fatalf("consent after the payment: %s", res.body)
	}
}

// samePayment reports whether two POST /pix/payments answers describe the same payment with the same
// data (meta.requestDateTime may differ between a response and its replay).
func samePayment(a, b []byte) bool {
	var x, y struct {
		Data json.RawMessage `json:"data"`
	}
	return json.Unmarshal(a, &x) == nil && json.Unmarshal(b, &y) == nil && len(x.Data) > 0 && string(x.Data) == string(y.Data)
}
