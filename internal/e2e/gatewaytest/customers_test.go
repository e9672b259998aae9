package gatewaytest

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

func TestCustomersAgainstTheRealBank(t *testing.T) {
	e := newEnv(t)
	const spec = "fase2/swagger_customers_apis.yaml"
	cc := e.clientCredentials("consents")
	for _, u := range e.users {
		kinds := []string{"personal"}
		perms := `"CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ","CUSTOMERS_PERSONAL_ADITTIONALINFO_READ","RESOURCES_READ"`
		business := ""
		if u.Business != nil {
			kinds = append(kinds, "business")
			perms = `"CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ","CUSTOMERS_PERSONAL_ADITTIONALINFO_READ","CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ","CUSTOMERS_BUSINESS_ADITTIONALINFO_READ","RESOURCES_READ"`
			business = `,"businessEntity":{"document":{"identification":"` + u.Business.CNPJ + `","rel":"CNPJ"}}`
		}
		body := `{"data":{"loggedUser":{"document":{"identification":"` + u.CPF + `","rel":"CPF"}}` + business + `,"permissions":[` + perms + `],"expirationDateTime":"` +
			time.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04:05Z") + `"}}`
		res := e.do("POST", "/open-banking/consents/v1/consents", cc, body)
		if res.status != http.StatusCreated {
			t.Fatalf("%s: consent: %d %s", u.Key, res.status, res.body)
		}
		var created struct {
			Data struct {
				ConsentID string `json:"consentId"`
			} `json:"data"`
		}
		json.Unmarshal(res.body, &created)
		tok := e.consentToken(created.Data.ConsentID, u.UserID, u.AccountIDs[:1], "customers")
		for _, kind := range kinds {
			for _, op := range []string{"identifications", "qualifications", "financial-relations"} {
				path := "/" + kind + "/" + op
				res := e.do("GET", "/open-banking/customers/v1"+path, tok, "")
				if res.status != http.StatusOK {
					t.Fatalf("%s %s: %d %s", u.Key, path, res.status, res.body)
				}
				validate(t, spec, "GET", path, res)
			}
		}
	}
}
