package gateway

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestEveryOperationOfTheSpecsIsServed walks every path and method of the phase-2 and phase-3 specs,
// under each spec's server path, and expects the platform's checks (401 without a token), never the
// gateway's 404 or 405.
func TestEveryOperationOfTheSpecsIsServed(t *testing.T) {
	e := newEnv(t, envOptions{})
	files := []string{"fase2/swagger_consents_apis.yaml", "fase2/swagger_resources_apis.yaml", "fase2/swagger_accounts_apis.yaml",
		"fase2/swagger_credit_cards_apis.yaml", "fase2/swagger_customers_apis.yaml", "fase2/swagger_loans_apis.yaml",
		"fase2/swagger_financings_apis.yaml", "fase2/swagger_invoice_financings_apis.yaml",
		"fase2/swagger_unarranged_accounts_overdraft_apis.yaml", "fase3/swagger_payments_apis.yaml"}
	n := 0
	for _, f := range files {
		doc := spec(t, f)
		u, err := url.Parse(doc.Servers[0].URL)
		if err != nil {
			t.Fatal(err)
		}
		for path, item := range doc.Paths.Map() {
			for method := range item.Operations() {
				p := strings.NewReplacer("{consentId}", "urn:bank:1", "{accountId}", "a-1", "{creditCardAccountId}", "c-1",
					"{billId}", "b-1", "{contractId}", "k-1", "{paymentId}", "p-1").Replace(path)
				res := e.do(e.tpp, method, u.Path+p, "", nil)
				if res.status != http.StatusUnauthorized {
					t.Errorf("%s %s%s: %d %s", method, u.Path, path, res.status, res.body)
				}
				n++
			}
		}
	}
	// consents 3, resources 1, accounts 5, credit cards 6, customers 6, four credit families 5
	// each, payments 4.
	if n != 45 {
		t.Fatalf("%d operations in the specs, want 45", n)
	}
	t.Logf("%d operations served", n)
}
