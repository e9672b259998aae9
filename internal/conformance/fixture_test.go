package conformance

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

func TestFromDemoUsers(t *testing.T) {
	users := []DemoUser{
		{Key: "carla", UserID: "u-c", AccountIDs: []string{"a-c", "a-company"}},
		{Key: "diego", UserID: "u-d", AccountIDs: []string{"a-company", "a-d"}, CardIDs: []string{"k-d"}},
	}
	f, err := FromDemoUsers(users, "diego")
	if err != nil {
		t.Fatal(err)
	}
	// The company's account is shared: the other PSU's account is carla's own.
	if f.UserID != "u-d" || f.ForeignAccountID != "a-c" || len(f.accounts()) != 3 {
		t.Fatalf("%+v", f)
	}
	if _, err := FromDemoUsers(users, "nobody"); err == nil {
		t.Fatal("an unknown user was accepted")
	}
}

func TestFixtureOfConsent(t *testing.T) {
	good := `{"id":"c-1","consentType":"account-access-consents","request":{},"requestHeaders":{},"tpp":{"clientId":"x","orgId":"y","softwareStatementId":"z"},
	"consentBody":{"Data":{"Status":"Authorised"}},"psuIdentifiers":{"userId":"u-1","customerId":"cus-9"},"accountIds":["a-1","a-2"]}`
	var c consentmgr.ConsentGetResponse
	if err := json.Unmarshal([]byte(good), &c); err != nil {
		t.Fatal(err)
	}
	f, err := fixtureOfConsent(c)
	if err != nil {
		t.Fatal(err)
	}
	if f.UserID != "u-1" || f.CustomerID != "cus-9" || f.ConsentID != "c-1" || len(f.AccountIDs) != 2 {
		t.Fatalf("%+v", f)
	}
	for name, change := range map[string]string{
		"not authorised": `"Status":"Authorised"` + "|" + `"Status":"Revoked"`,
		"payment":        `"account-access-consents"` + "|" + `"domestic-payment-consents"`,
		"no PSU":         `"psuIdentifiers":{"userId":"u-1","customerId":"cus-9"},` + "|",
	} {
		old, repl, _ := strings.Cut(change, "|")
		var c consentmgr.ConsentGetResponse
		if err := json.Unmarshal([]byte(strings.Replace(good, old, repl, 1)), &c); err != nil {
			t.Fatal(err)
		}
		if _, err := fixtureOfConsent(c); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// FuzzDemoUsers: any demo-users.json content is read or refused, never a panic, and a fixture built
// from it is valid or says why not.
func FuzzDemoUsers(f *testing.F) {
	f.Add([]byte(`[{"key":"ana","userId":"u","accountIds":["a"],"cardIds":[],"contractIds":{"loans":["l"]}}]`), "ana")
	f.Add([]byte(`[]`), "x")
	f.Add([]byte(`{"key":1}`), "")
	f.Fuzz(func(t *testing.T, data []byte, key string) {
		var users []DemoUser
		if json.Unmarshal(data, &users) != nil {
			return
		}
		if fx, err := FromDemoUsers(users, key); err == nil {
			_ = fx.Valid()
			_ = fx.PSUHeader()
		}
	})
}

// FuzzConsent: any consent-manager answer is made a fixture or a payment consent, or refused with an
// error, never a panic.
func FuzzConsent(f *testing.F) {
	f.Add([]byte(`{"id":"c","consentType":"account-access-consents","request":{},"requestHeaders":{},"tpp":{},"consentBody":{"Data":{"Status":"Authorised"}},"psuIdentifiers":{"userId":"u","customerId":"k"},"accountIds":["a"]}`))
	f.Add([]byte(`{"id":"p","consentType":"pix-payments","request":{"data":{"payment":{"amount":"1.00","currency":"BRL"}}},"requestHeaders":{},"tpp":{},"consentBody":{"Data":{"Status":"Authorised"}},"psuIdentifiers":{"userId":"u"}}`))
	f.Add([]byte(`{"psuIdentifiers":{"userId":"u","customerId":5}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c consentmgr.ConsentGetResponse
		if json.Unmarshal(data, &c) != nil {
			return
		}
		if fx, err := fixtureOfConsent(c); err == nil && fx.UserID == "" {
			t.Fatal("a fixture without a PSU")
		}
		if p, err := paymentConsentOf(c); err == nil && (p.UserID == "" || p.Request.Data.Payment == nil) {
			t.Fatal("a payment consent without a PSU or a payment")
		}
	})
}
