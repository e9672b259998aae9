package connect_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
)

// TestBadInput sends the client mistakes the contract's error body must answer — never a 500.
func TestBadInput(t *testing.T) {
	e := newEnv(t)
	f := e.f
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("acc-%d", i)
	}
	queries := []struct{ name, path string }{
		{"malformed escape", "/accounts?accountIds=%zz"},
		{"malformed escape in another parameter", "/transactions?fromBookingDateTime=%G1"},
		{"semicolon separator", "/accounts?accountIds=a;b"},
		{"oversized query", "/accounts?accountIds=" + strings.Repeat("a", 5000)},
		{"too many account ids", "/accounts?accountIds=" + strings.Join(many, ",")},
		{"empty account id", "/accounts?accountIds=" + f.Checking.ID + ",,x"},
		{"account id with odd characters", "/balances?accountIds=" + f.Checking.ID + ",%3Cscript%3E"},
		{"over-long account id", "/accounts?accountIds=" + strings.Repeat("x", 200)},
		{"repeated accountIds", "/accounts?accountIds=a&accountIds=b"},
		{"invalid date", "/transactions?toBookingDateTime=2026-02-30"},
		{"invalid page", "/transactions?page=-3"},
		{"odd account id in path", "/accounts/%20x%20"},
	}
	for _, q := range queries {
		t.Run(q.name, func(t *testing.T) {
			e.get(q.path, nil).fails(t, http.StatusBadRequest, "")
		})
	}

	psus := []struct{ name, value string }{
		{"not base64", "%%%not-base64%%%"},
		{"base64 of text", base64.StdEncoding.EncodeToString([]byte("hello"))},
		{"base64 of a JSON array", base64.StdEncoding.EncodeToString([]byte(`["u1"]`))},
		{"base64 of null", base64.StdEncoding.EncodeToString([]byte(`null`))},
		{"no userId", base64.StdEncoding.EncodeToString([]byte(`{"user":"x"}`))},
		{"numeric userId", base64.StdEncoding.EncodeToString([]byte(`{"userId":42}`))},
		{"empty userId", base64.StdEncoding.EncodeToString([]byte(`{"userId":""}`))},
		{"truncated JSON", base64.StdEncoding.EncodeToString([]byte(`{"userId":"fx1-user`))},
		{"control characters", base64.StdEncoding.EncodeToString([]byte(`{"userId":"a\u0000b"}`))},
		{"oversized", base64.StdEncoding.EncodeToString([]byte(`{"userId":"` + strings.Repeat("u", 5000) + `"}`))},
	}
	for _, p := range psus {
		t.Run("o3-psu-identifier "+p.name, func(t *testing.T) {
			h := e.headers()
			h.Set(bankconnect.HeaderPSUIdentifier, p.value)
			e.get("/accounts/"+f.Checking.ID, h).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidHeader)
		})
	}
	t.Run("o3-psu-identifier in the URL alphabet without padding is accepted", func(t *testing.T) {
		h := e.headers()
		h.Set(bankconnect.HeaderPSUIdentifier, base64.RawURLEncoding.EncodeToString([]byte(`{"userId":"`+f.User.ID+`","extra":{"x":1}}`)))
		if r := e.get("/accounts/"+f.Checking.ID, h); r.status != http.StatusOK {
			t.Fatalf("%d %s", r.status, r.body)
		}
	})
	t.Run("psuIdentifiers.customerId of a customer the user cannot act for reads nothing", func(t *testing.T) {
		h := e.headers()
		h.Set(bankconnect.HeaderPSUIdentifier, bankconnect.EncodePSUIdentifier(bankconnect.PSUIdentifier{UserID: f.User.ID, CustomerID: e.other.Company.ID}))
		e.get("/accounts/"+f.Checking.ID, h).fails(t, http.StatusBadRequest, bankconnect.CodeNotAccessible)
	})

	headers := []struct{ name, header, value string }{
		{"oversized header", "X-Padding", strings.Repeat("p", 9000)},
		{"oversized interaction id", bankconnect.HeaderOzoneInteractionID, strings.Repeat("i", 300)},
		{"tab in the consent id", bankconnect.HeaderConsentID, "a\tb"},
		{"non-ASCII aspsp id", bankconnect.HeaderASPSPID, "bânco"},
	}
	for _, hd := range headers {
		t.Run(hd.name, func(t *testing.T) {
			h := e.headers()
			h.Set(hd.header, hd.value)
			e.get("/accounts/"+f.Checking.ID, h).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidHeader)
		})
	}
	t.Run("repeated header", func(t *testing.T) {
		h := e.headers()
		h.Add(bankconnect.HeaderASPSPID, aspspID)
		e.get("/accounts/"+f.Checking.ID, h).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidHeader)
	})
	t.Run("many headers together over the limit", func(t *testing.T) {
		h := e.headers()
		for i := range 8 {
			h.Set(fmt.Sprintf("X-Padding-%d", i), strings.Repeat("p", 5000))
		}
		e.get("/accounts/"+f.Checking.ID, h).fails(t, http.StatusBadRequest, bankconnect.CodeInvalidHeader)
	})
}

func TestServiceEndpoints(t *testing.T) {
	e := newEnv(t)

	t.Run("unknown path is 404 in the error body", func(t *testing.T) {
		e.get("/no/such/operation", nil).fails(t, http.StatusNotFound, bankconnect.CodeNotFound)
	})

	t.Run("another method on an operation is 405 with Allow", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodDelete, e.url+"/accounts", nil)
		req.Header = e.headers()
		res, err := e.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET" {
			t.Fatalf("%d, Allow %q", res.StatusCode, res.Header.Get("Allow"))
		}
	})

	t.Run("healthz", func(t *testing.T) {
		if r := e.get("/healthz", http.Header{}); r.status != http.StatusOK {
			t.Fatalf("%d %s", r.status, r.body)
		}
	})
}
