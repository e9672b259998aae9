package consents_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
)

func TestCreateThenGetByEitherID(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		created := e.create(accountAccessRequest(90 * 24 * time.Hour))
		if u, err := uuid.Parse(created.ID); err != nil || u.Version() != 4 {
			t.Errorf("id %q is not a uuid v4", created.ID)
		}
		data := created.ConsentBody.Data
		if !consents.ValidConsentID(data.ConsentID) || !strings.HasPrefix(data.ConsentID, "urn:ifconnect:") {
			t.Errorf("ConsentId %q does not follow urn:ifconnect:<uuid>", data.ConsentID)
		}
		if data.Status != consentmgr.StatusAwaitingAuthorisation {
			t.Errorf("status %q, want AwaitingAuthorisation", data.Status)
		}
		if !data.CreationDateTime.Equal(e.clock.Now()) || !data.StatusUpdateDateTime.Equal(e.clock.Now()) {
			t.Errorf("times %v/%v, want %v", data.CreationDateTime, data.StatusUpdateDateTime, e.clock.Now())
		}
		if string(data.Extra["Permissions"]) != `["ReadAccountsBasic","ReadAccountsDetail","ReadBalances"]` {
			t.Errorf("Permissions not kept from the request: %s", data.Extra["Permissions"])
		}
		if _, ok := created.ConsentBody.Extra["Risk"]; !ok {
			t.Error("Risk not kept in the consent body")
		}
		if string(created.TPP.Extra["obieSoftwareStatementName"]) != `"tpp2019-sandbox-1"` {
			t.Errorf("extra TPP member lost: %v", created.TPP.Extra)
		}

		// The bank reads it by the ConsentId from openbanking_intent_id (step 3005); the platform by id.
		for _, id := range []string{created.ID, data.ConsentID} {
			got := e.read(id)
			if got.ID != created.ID || got.ConsentBody.Data.ConsentID != data.ConsentID {
				t.Errorf("GET %s returned consent %s/%s", id, got.ID, got.ConsentBody.Data.ConsentID)
			}
			if got.ConsentType != consentmgr.TypeAccountAccess || got.PSUIdentifiers != nil || got.AccountIDs != nil {
				t.Errorf("GET %s: unexpected consent %+v", id, got)
			}
			if len(got.ConsentBody.History) != 1 || got.ConsentBody.History[0].To != consentmgr.StatusAwaitingAuthorisation {
				t.Errorf("history at creation: %+v", got.ConsentBody.History)
			}
			if !strings.HasPrefix(got.ConsentBody.History[0].By, "cert:CN=bank-client") {
				t.Errorf("history names %q, want the bank's certificate", got.ConsentBody.History[0].By)
			}
		}
	})
}

func TestCreateKeepsAGivenConsentBody(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		req := paymentRequest()
		req["consentBody"] = map[string]any{
			"Data": map[string]any{
				"ConsentId":            "urn:bancoex:C1DD33123",
				"CreationDateTime":     "2021-03-24T14:36:49.670Z",
				"Status":               "AwaitingAuthorisation",
				"StatusUpdateDateTime": "2021-03-24T14:36:49.670Z",
				"Initiation":           map[string]any{"InstructedAmount": map[string]any{"Amount": "165.88", "Currency": "BRL"}},
			},
			"Links": map[string]any{"Self": "https://rs1.sandbox.test/payments/v1/consents/urn:bancoex:C1DD33123"},
			"Meta":  map[string]any{},
		}
		created := e.create(req)
		if created.ConsentBody.Data.ConsentID != "urn:bancoex:C1DD33123" {
			t.Fatalf("ConsentId %q, want the given one", created.ConsentBody.Data.ConsentID)
		}
		got := e.read("urn:bancoex:C1DD33123")
		// The consent manager computes the dates, whatever the caller sent.
		if !got.ConsentBody.Data.CreationDateTime.Equal(e.clock.Now()) {
			t.Errorf("CreationDateTime %v, want the consent manager's clock", got.ConsentBody.Data.CreationDateTime)
		}
		if _, ok := got.ConsentBody.Extra["Links"]; !ok {
			t.Errorf("Links lost: %+v", got.ConsentBody)
		}
		// The same ConsentId twice is the caller's mistake.
		if code := e.post(req).errorBody(t).ErrorCode; code != consentmgr.CodeInvalidRequest {
			t.Errorf("duplicate ConsentId: code %s", code)
		}
	})
}

func TestCreateRefusesBadRequests(t *testing.T) {
	valid := func(change func(m map[string]any)) map[string]any {
		m := accountAccessRequest(0)
		change(m)
		return m
	}
	past := newClock().Now().Add(-time.Minute).Format(time.RFC3339)
	cases := []struct {
		name        string
		body        any
		contentType string
		code        string
	}{
		{"malformed JSON", `{"consentType": `, "", consentmgr.CodeInvalidRequest},
		{"empty body", ``, "", consentmgr.CodeInvalidRequest},
		{"array", `[]`, "", consentmgr.CodeInvalidRequest},
		{"two values", `{} {}`, "", consentmgr.CodeInvalidRequest},
		{"wrong content type", valid(func(map[string]any) {}), "text/plain", consentmgr.CodeUnsupportedMediaType},
		{"form content type", `consentType=x`, "application/x-www-form-urlencoded", consentmgr.CodeUnsupportedMediaType},
		{"unknown member", valid(func(m map[string]any) { m["status"] = "Authorised" }), "", consentmgr.CodeInvalidRequest},
		{"no consentType", valid(func(m map[string]any) { delete(m, "consentType") }), "", consentmgr.CodeInvalidRequest},
		{"no request", valid(func(m map[string]any) { delete(m, "request") }), "", consentmgr.CodeInvalidRequest},
		{"no requestHeaders", valid(func(m map[string]any) { delete(m, "requestHeaders") }), "", consentmgr.CodeInvalidRequest},
		{"no tpp", valid(func(m map[string]any) { delete(m, "tpp") }), "", consentmgr.CodeInvalidRequest},
		{"null tpp", valid(func(m map[string]any) { m["tpp"] = nil }), "", consentmgr.CodeInvalidRequest},
		{"request not an object", valid(func(m map[string]any) { m["request"] = "x" }), "", consentmgr.CodeInvalidRequest},
		{"tpp not an object", valid(func(m map[string]any) { m["tpp"] = 3 }), "", consentmgr.CodeInvalidRequest},
		{"unknown consentType", valid(func(m map[string]any) { m["consentType"] = "teleport-consents" }), "", consentmgr.CodeInvalidRequest},
		{"psuIdentifiers without userId", valid(func(m map[string]any) { m["psuIdentifiers"] = map[string]any{"cpf": "52998224725"} }), "", consentmgr.CodeInvalidRequest},
		{"empty accountIds", valid(func(m map[string]any) { m["accountIds"] = []string{} }), "", consentmgr.CodeInvalidRequest},
		{"ConsentId not a URN", valid(func(m map[string]any) {
			m["consentBody"] = map[string]any{"Data": map[string]any{"ConsentId": "aac-600493dc"}}
		}), "", consentmgr.CodeInvalidRequest},
		{"created Authorised", valid(func(m map[string]any) {
			m["consentBody"] = map[string]any{"Data": map[string]any{"Status": "Authorised"}}
		}), "", consentmgr.CodeInvalidRequest},
		{"expiry in the past", valid(func(m map[string]any) {
			m["request"].(map[string]any)["Data"].(map[string]any)["ExpirationDateTime"] = past
		}), "", consentmgr.CodeInvalidRequest},
		{"expiry not a date", valid(func(m map[string]any) {
			m["request"].(map[string]any)["Data"].(map[string]any)["ExpirationDateTime"] = "tomorrow"
		}), "", consentmgr.CodeInvalidRequest},
		{"oversized body", valid(func(m map[string]any) {
			m["requestHeaders"] = map[string]any{"padding": strings.Repeat("x", 70<<10)}
		}), "", consentmgr.CodePayloadTooLarge},
	}
	forEachEngine(t, func(t *testing.T, e *env) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := e.call(http.MethodPost, "/consents", nil, "", c.body, c.contentType, false)
				if got := r.errorBody(t).ErrorCode; got != c.code {
					t.Errorf("errorCode %s, want %s (%s)", got, c.code, r.body)
				}
			})
		}
	})
}

func TestGetUnknownConsent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		for _, id := range []string{uuid.NewString(), "urn:ifconnect:" + uuid.NewString(), "nonsense", strings.Repeat("a", 300)} {
			if got := e.get(id).errorBody(t).ErrorCode; got != consentmgr.CodeConsentNotFound {
				t.Errorf("GET %s: errorCode %s", id, got)
			}
		}
	})
}

func TestUnknownRoutesAnswerInTheContractsFormat(t *testing.T) {
	e := newEnv(t, sqliteURL(t))
	r := e.call(http.MethodGet, "/nowhere", nil, "", nil, "", false)
	if r.status != http.StatusNotFound || !strings.Contains(string(r.body), `"errorCode":"NotFound"`) {
		t.Errorf("GET /nowhere: %d %s", r.status, r.body)
	}
	r = e.call(http.MethodDelete, "/consents/x", nil, "", nil, "", false)
	if r.status != http.StatusMethodNotAllowed || !strings.Contains(string(r.body), `"errorCode":"MethodNotAllowed"`) {
		t.Errorf("DELETE /consents/x: %d %s", r.status, r.body)
	}
	if allow := r.header.Get("Allow"); !strings.Contains(allow, "PATCH") || !strings.Contains(allow, "GET") {
		t.Errorf("Allow %q", allow)
	}
}

// TestRowsWithoutRenderingAreServed covers consents stored before migration 00002: GET renders them.
func TestRowsWithoutRenderingAreServed(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.create(accountAccessRequest(0))
		if _, err := e.db.ExecContext(t.Context(), `UPDATE consents SET rendered = ''`); err != nil {
			t.Fatal(err)
		}
		if got := e.read(c.ConsentBody.Data.ConsentID); got.ID != c.ID || got.ConsentBody.Data.Status != consentmgr.StatusAwaitingAuthorisation {
			t.Errorf("GET of an unrendered row: %+v", got)
		}
	})
}

// TestConsentIDsWithReservedCharacters: the URN pattern allows '/', '?' and '#', which a bank must
// percent-encode in the path; the consent manager decodes them.
func TestConsentIDsWithReservedCharacters(t *testing.T) {
	e := newEnv(t, sqliteURL(t))
	req := paymentRequest()
	id := "urn:bancoex:pay/2026?n=1#x"
	req["consentBody"] = map[string]any{"Data": map[string]any{
		"ConsentId": id, "CreationDateTime": "2021-03-24T14:36:49.670Z",
		"Status": "AwaitingAuthorisation", "StatusUpdateDateTime": "2021-03-24T14:36:49.670Z",
	}}
	e.create(req)
	if got := e.read(id); got.ConsentBody.Data.ConsentID != id {
		t.Errorf("read %q", got.ConsentBody.Data.ConsentID)
	}
	e.authorise(id, "u", "debtor")
}
