package gateway

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestPlatformChecks(t *testing.T) {
	e := newEnv(t, envOptions{})
	_, tok := e.authorisedConsent(allAccountPermissions, "acc-1")
	_, balancesOnly := e.authorisedConsent([]string{"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"}, "acc-1")
	noScope := e.token("tpp1", e.tppCert, "openid customers", "")
	stolen := tok // presented over tpp2's certificate
	accounts := "/open-banking/accounts/v1/accounts"
	for _, c := range []struct {
		name    string
		client  *http.Client
		method  string
		path    string
		token   string
		headers []string
		status  int
	}{
		{"no token", e.tpp, "GET", accounts, "", nil, 401},
		{"unknown token", e.tpp, "GET", accounts, "nope", nil, 401},
		{"token bound to another certificate", e.other, "GET", accounts, stolen, nil, 401},
		{"scope missing", e.tpp, "GET", accounts, noScope, nil, 403},
		{"permission missing", e.tpp, "GET", accounts + "/acc-1/transactions", balancesOnly, nil, 403},
		{"client credentials token without consent", e.tpp, "GET", accounts, e.token("tpp1", e.tppCert, "accounts", ""), nil, 403},
		{"malformed interaction id", e.tpp, "GET", accounts, tok, []string{"x-fapi-interaction-id: -bad id"}, 400},
		{"malformed auth date", e.tpp, "GET", accounts, tok, []string{"x-fapi-auth-date: yesterday"}, 400},
		{"malformed customer ip", e.tpp, "GET", accounts, tok, []string{"x-fapi-customer-ip-address: not-an-ip"}, 400},
		{"accept xml only", e.tpp, "GET", accounts, tok, []string{"Accept: application/xml"}, 406},
		{"wrong method", e.tpp, "POST", accounts, tok, nil, 405},
		{"unknown path", e.tpp, "GET", "/open-banking/nothing/v1/here", tok, nil, 404},
		{"malformed page", e.tpp, "GET", accounts + "?page=0", tok, nil, 400},
		{"page-size too big", e.tpp, "GET", accounts + "?page-size=1001", tok, nil, 400},
		{"bad account type", e.tpp, "GET", accounts + "?accountType=CARTAO", tok, nil, 400},
		{"bad booking date", e.tpp, "GET", accounts + "/acc-1/transactions?fromBookingDate=2021-13-01", tok, nil, 400},
		{"accepted fapi headers", e.tpp, "GET", accounts, tok, []string{"x-fapi-auth-date: Sun, 10 Sep 2017 19:43:31 UTC", "x-fapi-customer-ip-address: 10.1.2.3", "x-customer-user-agent: app/1.0"}, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := e.do(c.client, c.method, c.path, c.token, nil, c.headers...)
			if res.status != c.status {
				t.Fatalf("%d, want %d: %s", res.status, c.status, res.body)
			}
			if c.status != 404 && c.status != 405 {
				validate(t, accountsSpec, "GET", "/accounts", res)
			}
			if res.header.Get("x-fapi-interaction-id") == "" {
				t.Fatal("no x-fapi-interaction-id")
			}
			if c.status == 405 && res.header.Get("Allow") != "GET" {
				t.Fatalf("Allow %q", res.header.Get("Allow"))
			}
		})
	}
	// Another client's consent.
	oc := e.token("tpp2", e.othCert, "consents", "")
	id, _ := e.authorisedConsent(allAccountPermissions, "acc-1")
	if res := e.do(e.other, "GET", "/open-banking/consents/v1/consents/"+id, oc, nil); res.status != http.StatusForbidden {
		t.Fatalf("another client's consent: %d", res.status)
	}
}

func TestConsentBadInput(t *testing.T) {
	e := newEnv(t, envOptions{})
	cc := e.token("tpp1", e.tppCert, "consents", "")
	future := time.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04:05Z")
	valid := `{"data":{"loggedUser":{"document":{"identification":"11144477735","rel":"CPF"}},"permissions":["ACCOUNTS_READ","ACCOUNTS_BALANCES_READ","RESOURCES_READ"],"expirationDateTime":"` + future + `"}}`
	for _, c := range []struct {
		name    string
		body    string
		headers []string
		status  int
	}{
		{"valid", valid, nil, 201},
		{"malformed JSON", `{"data":`, nil, 400},
		{"not an object", `[1,2]`, nil, 400},
		{"unknown permission", strings.Replace(valid, "ACCOUNTS_BALANCES_READ", "ACCOUNTS_EVERYTHING", 1), nil, 400},
		{"incomplete group", strings.Replace(valid, `,"RESOURCES_READ"`, "", 1), nil, 400},
		{"no permissions", strings.Replace(valid, `"ACCOUNTS_READ","ACCOUNTS_BALANCES_READ","RESOURCES_READ"`, "", 1), nil, 400},
		{"invalid date", strings.Replace(valid, future, "2021-02-30T10:00:00Z", 1), nil, 400},
		{"date not zulu", strings.Replace(valid, future, "2030-01-01T10:00:00-03:00", 1), nil, 400},
		{"expiry in the past", strings.Replace(valid, future, "2020-01-01T10:00:00Z", 1), nil, 400},
		{"bad CPF", strings.Replace(valid, "11144477735", "123", 1), nil, 400},
		{"unknown member", strings.Replace(valid, `"data":{`, `"data":{"x":1,`, 1), nil, 400},
		{"oversized body", `{"data":{"pad":"` + strings.Repeat("a", 9<<10) + `"}}`, nil, 400},
		{"wrong content type", valid, []string{"Content-Type: text/plain"}, 415},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := e.do(e.tpp, "POST", "/open-banking/consents/v1/consents", cc, c.body, c.headers...)
			if res.status != c.status {
				t.Fatalf("%d, want %d: %s", res.status, c.status, res.body)
			}
			validate(t, "fase2/swagger_consents_apis.yaml", "POST", "/consents", res)
		})
	}
}

func TestSlowOrFailingBank(t *testing.T) {
	e := newEnv(t, envOptions{bankTimeout: 300 * time.Millisecond})
	_, tok := e.authorisedConsent(allAccountPermissions, "acc-1")
	e.bank.set(2*time.Second, false)
	res := e.do(e.tpp, "GET", "/open-banking/accounts/v1/accounts", tok, nil)
	validateError(t, accountsSpec, res)
	if res.status != http.StatusGatewayTimeout {
		t.Fatalf("slow bank: %d %s", res.status, res.body)
	}
	e.bank.set(0, true)
	before := e.bank.count("GET /accounts")
	res = e.do(e.tpp, "GET", "/open-banking/accounts/v1/accounts", tok, nil)
	if res.status != http.StatusInternalServerError {
		t.Fatalf("failing bank: %d %s", res.status, res.body)
	}
	if n := e.bank.count("GET /accounts") - before; n != 3 {
		t.Fatalf("a failing GET is tried %d times, want 1 + 2 retries", n)
	}
	// Enough failures in a row open the endpoint's breaker: the bank is not called any more.
	for range 3 {
		e.do(e.tpp, "GET", "/open-banking/accounts/v1/accounts", tok, nil)
	}
	before = e.bank.count("GET /accounts")
	res = e.do(e.tpp, "GET", "/open-banking/accounts/v1/accounts", tok, nil)
	if res.status != http.StatusGatewayTimeout || e.bank.count("GET /accounts") != before {
		t.Fatalf("open breaker: %d, bank called %d times", res.status, e.bank.count("GET /accounts")-before)
	}
}
