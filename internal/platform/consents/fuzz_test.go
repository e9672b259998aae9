package consents

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
)

var postSeeds = []string{
	`{"consentType":"account-access-consents","request":{"Data":{"Permissions":["ReadAccountsBasic"],"ExpirationDateTime":"2030-01-01T00:00:00Z"},"Risk":{}},"requestHeaders":{"x-fapi-interaction-id":"x"},"tpp":{"clientId":"c","tppName":"T"}}`,
	`{"consentType":"domestic-payment-consents","request":{"data":{"payment":{"amount":"10.00"}}},"requestHeaders":{},"tpp":{},"psuIdentifiers":{"userId":"u","cpf":"1"},"accountIds":["a"],"consentBody":{"Data":{"ConsentId":"urn:x:1","Status":"AwaitingAuthorisation"},"Links":{}}}`,
	`{"consentType":"x","request":[],"requestHeaders":null,"tpp":3}`,
	`{"consentType":"account-access-consents","request":{"Data":{"ExpirationDateTime":"tomorrow"}},"requestHeaders":{},"tpp":{}}`,
	`{"consentBody":{"Data":"x"}}`, `{"psuIdentifiers":[]}`, `[]`, `null`, ``, `{`, `{"a":1} x`, "\x00",
}

var patchSeeds = []string{
	`{"psuIdentifiers":{"userId":"u"},"accountIds":["a"],"consentBody.Data.Status":"Authorised"}`,
	`{"consentBody.Data.Status":"Revoked","supplementaryInformation":{"reason":"PSU","x":null}}`,
	`{"consentBody.Data.Status":"Expired"}`, `{"accountIds":[]}`, `{"accountIds":["a","a"]}`,
	`{"psuIdentifiers":{"userId":""}}`, `{"supplementaryInformation":[]}`, `{"other":1}`, `{}`, `null`, `"x"`, ``,
}

// FuzzDecodePostRequest: whatever arrives, the decoder returns a request or an error, never panics,
// and what it accepts encodes again.
func FuzzDecodePostRequest(f *testing.F) {
	for _, s := range postSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := decodePostRequest(data)
		if err != nil {
			return
		}
		if _, err := json.Marshal(req); err != nil {
			t.Fatalf("accepted %q but cannot encode it: %v", data, err)
		}
	})
}

// FuzzDecodePatchRequest is the same for PATCH bodies.
func FuzzDecodePatchRequest(f *testing.F) {
	for _, s := range patchSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		req, err := decodePatchRequest(data)
		if err != nil {
			return
		}
		if _, err := json.Marshal(req); err != nil {
			t.Fatalf("accepted %q but cannot encode it: %v", data, err)
		}
	})
}

// FuzzHandler sends arbitrary bodies to POST /consents and PATCH /consents/{consentId} of a live
// consent manager: the answer is never a 500, and every refusal is the contract's error body.
func FuzzHandler(f *testing.F) {
	for _, s := range postSeeds {
		f.Add(true, []byte(s))
	}
	for _, s := range patchSeeds {
		f.Add(false, []byte(s))
	}
	ctx := context.Background()
	db, err := database.Open(ctx, databasetest.SQLiteURL(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	if err := Migrate(ctx, db); err != nil {
		f.Fatal(err)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	svc, err := New(db, Options{Now: func() time.Time { return now }})
	if err != nil {
		f.Fatal(err)
	}
	h := NewHandler(svc, HandlerOptions{MaxBodyBytes: 16 << 10})
	f.Fuzz(func(t *testing.T, post bool, data []byte) {
		c, err := svc.Create(ctx, NewConsent{Type: consentmgr.TypeDomesticPayment,
			Request: json.RawMessage(`{"Data":{}}`), RequestHeaders: json.RawMessage(`{}`), By: "fuzz"})
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodPatch, "/consents/"+c.ConsentID, bytes.NewReader(data))
		if post {
			req = httptest.NewRequest(http.MethodPost, "/consents", bytes.NewReader(data))
		}
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusCreated, http.StatusNoContent:
		case http.StatusBadRequest:
			var e consentmgr.Error
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.ErrorCode == "" || e.ErrorMessage == "" {
				t.Fatalf("400 without the contract's error body: %s", rec.Body)
			}
		default:
			t.Fatalf("body %q: status %d %s", data, rec.Code, rec.Body)
		}
	})
}
