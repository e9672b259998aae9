package consents_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

func TestAuthoriseAsStep4003(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.create(accountAccessRequest(0))
		e.clock.Advance(90 * time.Second)
		// The bank patches by the ConsentId it got from openbanking_intent_id.
		e.authorise(c.ConsentBody.Data.ConsentID, "76109277673", "acc-1", "acc-2")

		got := e.read(c.ID)
		if got.ConsentBody.Data.Status != consentmgr.StatusAuthorised {
			t.Errorf("status %s, want Authorised", got.ConsentBody.Data.Status)
		}
		if got.PSUIdentifiers == nil || got.PSUIdentifiers.UserID != "76109277673" {
			t.Errorf("psuIdentifiers %+v", got.PSUIdentifiers)
		}
		if !slices.Equal(got.AccountIDs, []string{"acc-1", "acc-2"}) {
			t.Errorf("accountIds %v", got.AccountIDs)
		}
		if !got.ConsentBody.Data.StatusUpdateDateTime.Equal(e.clock.Now()) {
			t.Errorf("StatusUpdateDateTime %v, want %v", got.ConsentBody.Data.StatusUpdateDateTime, e.clock.Now())
		}
		if !got.ConsentBody.Data.CreationDateTime.Equal(e.clock.Now().Add(-90 * time.Second)) {
			t.Errorf("CreationDateTime moved: %v", got.ConsentBody.Data.CreationDateTime)
		}
		h := got.ConsentBody.History
		if len(h) != 2 {
			t.Fatalf("history %+v", h)
		}
		last := h[1]
		if last.From != consentmgr.StatusAwaitingAuthorisation || last.To != consentmgr.StatusAuthorised ||
			!last.At.Equal(e.clock.Now()) || !strings.HasPrefix(last.By, "cert:CN=bank-client") ||
			!strings.Contains(last.By, "sha256:"+e.pki.Fingerprint(e.bank)) {
			t.Errorf("history entry %+v", last)
		}
		if want := []string{"consentBody.Data.Status", "psuIdentifiers", "accountIds"}; !slices.Equal(last.Changed, want) {
			t.Errorf("changed %v, want %v", last.Changed, want)
		}
		if hs := e.heard(); len(hs) != 1 || hs[0].to != consentmgr.StatusAuthorised {
			t.Errorf("listeners heard %+v", hs)
		}
	})
}

func TestPSUIdentifiersKeepTheBanksOwnMembers(t *testing.T) {
	e := newEnv(t, sqliteURL(t))
	c := e.create(accountAccessRequest(0))
	r := e.patch(c.ID, map[string]any{
		"psuIdentifiers": map[string]any{"userId": "u-1", "cpf": "52998224725", "branch": "0001"},
		"accountIds":     []string{"a"}, "consentBody.Data.Status": "Authorised",
	})
	if r.status != http.StatusNoContent {
		t.Fatalf("%d %s", r.status, r.body)
	}
	got := e.read(c.ID)
	if string(got.PSUIdentifiers.Extra["cpf"]) != `"52998224725"` || string(got.PSUIdentifiers.Extra["branch"]) != `"0001"` {
		t.Errorf("extra members lost: %+v", got.PSUIdentifiers)
	}
}

func TestAuthorisationNeedsPSUAndAccounts(t *testing.T) {
	cases := []struct {
		name    string
		payment bool
		patch   map[string]any
	}{
		{"no psuIdentifiers", false, map[string]any{"accountIds": []string{"a"}, "consentBody.Data.Status": "Authorised"}},
		{"no accountIds", false, map[string]any{"psuIdentifiers": map[string]any{"userId": "u"}, "consentBody.Data.Status": "Authorised"}},
		{"empty userId", false, map[string]any{"psuIdentifiers": map[string]any{"userId": ""}, "accountIds": []string{"a"}, "consentBody.Data.Status": "Authorised"}},
		{"payment with two accounts", true, map[string]any{"psuIdentifiers": map[string]any{"userId": "u"}, "accountIds": []string{"a", "b"}, "consentBody.Data.Status": "Authorised"}},
		{"payment with no account", true, map[string]any{"psuIdentifiers": map[string]any{"userId": "u"}, "consentBody.Data.Status": "Authorised"}},
	}
	forEachEngine(t, func(t *testing.T, e *env) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				body := accountAccessRequest(0)
				if c.payment {
					body = paymentRequest()
				}
				created := e.create(body)
				if got := e.call(http.MethodPatch, "/consents/{consentId}", map[string]string{"consentId": created.ID}, "", c.patch, "", false).errorBody(t).ErrorCode; got != consentmgr.CodeInvalidRequest {
					t.Errorf("errorCode %s", got)
				}
				if s := e.read(created.ID).ConsentBody.Data.Status; s != consentmgr.StatusAwaitingAuthorisation {
					t.Errorf("a refused PATCH changed the status to %s", s)
				}
			})
		}
	})
}

func TestPaymentConsentAuthorisedWithOneAccount(t *testing.T) {
	e := newEnv(t, sqliteURL(t))
	c := e.create(paymentRequest())
	e.authorise(c.ConsentBody.Data.ConsentID, "u-9", "debtor-1")
	if s := e.read(c.ID).ConsentBody.Data.Status; s != consentmgr.StatusAuthorised {
		t.Errorf("status %s", s)
	}
}

func TestPatchStagesPSUBeforeAuthorising(t *testing.T) {
	e := newEnv(t, sqliteURL(t))
	c := e.create(accountAccessRequest(0))
	if r := e.patch(c.ID, map[string]any{"psuIdentifiers": map[string]any{"userId": "u"}}); r.status != http.StatusNoContent {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if r := e.patch(c.ID, map[string]any{"accountIds": []string{"a"}}); r.status != http.StatusNoContent {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if r := e.patch(c.ID, map[string]any{"consentBody.Data.Status": "Authorised"}); r.status != http.StatusNoContent {
		t.Fatalf("%d %s", r.status, r.body)
	}
	// Once authorised, the PSU and the accounts are fixed.
	r := e.call(http.MethodPatch, "/consents/{consentId}", map[string]string{"consentId": c.ID}, "", map[string]any{"accountIds": []string{"b"}}, "", true)
	if got := r.errorBody(t).ErrorCode; got != consentmgr.CodeInvalidTransition {
		t.Errorf("errorCode %s", got)
	}
	if got := e.read(c.ID); !slices.Equal(got.AccountIDs, []string{"a"}) || len(got.ConsentBody.History) != 4 {
		t.Errorf("accounts %v, history %d entries", got.AccountIDs, len(got.ConsentBody.History))
	}
}

func TestPatchRefusesBadRequests(t *testing.T) {
	cases := []struct {
		name        string
		body        any
		contentType string
		code        string
	}{
		{"malformed JSON", `{"consentBody.Data.Status": "Auth`, "", consentmgr.CodeInvalidRequest},
		{"empty body", ``, "", consentmgr.CodeInvalidRequest},
		{"nothing to patch", `{}`, "", consentmgr.CodeInvalidRequest},
		{"unknown status", map[string]any{"consentBody.Data.Status": "Expired"}, "", consentmgr.CodeInvalidRequest},
		{"status not a string", map[string]any{"consentBody.Data.Status": 3}, "", consentmgr.CodeInvalidRequest},
		{"unknown member", map[string]any{"consentBody.Data.Permissions": []string{"ReadBalances"}}, "", consentmgr.CodeInvalidRequest},
		{"empty accountIds", map[string]any{"accountIds": []string{}}, "", consentmgr.CodeInvalidRequest},
		{"blank account id", map[string]any{"accountIds": []string{" "}}, "", consentmgr.CodeInvalidRequest},
		{"repeated account id", map[string]any{"accountIds": []string{"a", "a"}}, "", consentmgr.CodeInvalidRequest},
		{"supplementaryInformation not an object", map[string]any{"supplementaryInformation": "x"}, "", consentmgr.CodeInvalidRequest},
		{"no content type", map[string]any{"consentBody.Data.Status": "Rejected"}, "-", consentmgr.CodeUnsupportedMediaType},
		{"merge patch content type", map[string]any{"consentBody.Data.Status": "Rejected"}, "application/merge-patch+json", consentmgr.CodeUnsupportedMediaType},
		{"oversized body", map[string]any{"supplementaryInformation": map[string]any{"x": strings.Repeat("y", 70<<10)}}, "", consentmgr.CodePayloadTooLarge},
		{"not transitionable", map[string]any{"consentBody.Data.Status": "Consumed"}, "", consentmgr.CodeInvalidTransition},
	}
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.create(accountAccessRequest(0))
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				ct := tc.contentType
				if ct == "-" {
					ct = " "
				}
				r := e.call(http.MethodPatch, "/consents/{consentId}", map[string]string{"consentId": c.ID}, "", tc.body, ct, false)
				if got := r.errorBody(t).ErrorCode; got != tc.code {
					t.Errorf("errorCode %s, want %s (%s)", got, tc.code, r.body)
				}
			})
		}
		if got := e.read(c.ID); got.ConsentBody.Data.Status != consentmgr.StatusAwaitingAuthorisation || len(got.ConsentBody.History) != 1 {
			t.Errorf("refused PATCHes changed the consent: %+v", got.ConsentBody)
		}
		unknown := e.patch("urn:ifconnect:00000000-0000-4000-8000-000000000000", map[string]any{"consentBody.Data.Status": "Rejected"})
		if got := unknown.errorBody(t).ErrorCode; got != consentmgr.CodeConsentNotFound {
			t.Errorf("unknown consent: errorCode %s", got)
		}
	})
}

func TestRevocationKeepsSupplementaryInformationAndHistory(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e *env) {
		c := e.create(accountAccessRequest(0))
		id := c.ConsentBody.Data.ConsentID
		e.authorise(id, "u-1", "acc-1")
		e.clock.Advance(time.Hour)
		if r := e.patch(id, map[string]any{"supplementaryInformation": map[string]any{"channel": "internet-banking", "note": "first"}}); r.status != http.StatusNoContent {
			t.Fatalf("%d %s", r.status, r.body)
		}
		e.clock.Advance(time.Hour)
		revoke := map[string]any{
			"consentBody.Data.Status":  "Revoked",
			"supplementaryInformation": map[string]any{"revokedBy": "PSU", "reason": "customer request", "note": nil},
		}
		if r := e.patch(id, revoke); r.status != http.StatusNoContent {
			t.Fatalf("%d %s", r.status, r.body)
		}
		got := e.read(id)
		info := got.ConsentBody.SupplementaryInformation
		want := map[string]string{"channel": `"internet-banking"`, "revokedBy": `"PSU"`, "reason": `"customer request"`}
		if len(info) != len(want) {
			t.Errorf("supplementaryInformation %v, want %v", info, want)
		}
		for k, v := range want {
			if string(info[k]) != v {
				t.Errorf("supplementaryInformation[%s] = %s, want %s", k, info[k], v)
			}
		}
		h := got.ConsentBody.History
		if len(h) != 4 {
			t.Fatalf("history has %d entries: %+v", len(h), h)
		}
		if h[2].From != consentmgr.StatusAuthorised || h[2].To != consentmgr.StatusAuthorised ||
			!slices.Equal(h[2].Changed, []string{"supplementaryInformation"}) {
			t.Errorf("annotation entry %+v", h[2])
		}
		receipt := h[3]
		if receipt.From != consentmgr.StatusAuthorised || receipt.To != consentmgr.StatusRevoked || !receipt.At.Equal(e.clock.Now()) ||
			string(receipt.SupplementaryInformation["revokedBy"]) != `"PSU"` {
			t.Errorf("revocation entry %+v", receipt)
		}
		if !got.ConsentBody.Data.StatusUpdateDateTime.Equal(e.clock.Now()) {
			t.Errorf("StatusUpdateDateTime %v", got.ConsentBody.Data.StatusUpdateDateTime)
		}
		// The Go API gives the same history.
		sc, err := e.svc.Get(t.Context(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(sc.History) != 4 || sc.History[3].To != consentmgr.StatusRevoked || !strings.HasPrefix(sc.History[3].By, "cert:") {
			t.Errorf("Go API history %+v", sc.History)
		}
		var reason string
		if err := json.Unmarshal(sc.History[3].Supplementary["reason"], &reason); err != nil || reason != "customer request" {
			t.Errorf("Go API history supplementary %v", sc.History[3].Supplementary)
		}
	})
}
