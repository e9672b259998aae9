package tecbanclient_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

func TestJourneyConsentCalls(t *testing.T) {
	p := pkitest.New(t)
	bank := p.Client("bank")
	stored := consentmgr.ConsentGetResponse{ID: "7c0b0c4e-0000-4000-8000-000000000001", ConsentType: consentmgr.TypeAccountAccess,
		Request: json.RawMessage(`{}`), RequestHeaders: json.RawMessage(`{}`),
		ConsentBody:    &consentmgr.ConsentBody{Data: consentmgr.ConsentData{ConsentID: "urn:ifconnect:1", Status: consentmgr.StatusAuthorised}},
		PSUIdentifiers: &consentmgr.PSUIdentifiers{UserID: "u 1"}}
	var patched consentmgr.ConsentPatchRequest
	mux := http.NewServeMux()
	mux.HandleFunc("GET /consents/{id}", func(w http.ResponseWriter, r *http.Request) {
		if id := r.PathValue("id"); id != stored.ID && id != "urn:ifconnect:1" {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(consentmgr.Error{ErrorCode: consentmgr.CodeConsentNotFound, ErrorMessage: "no"})
			return
		}
		json.NewEncoder(w).Encode(stored)
	})
	mux.HandleFunc("PATCH /consents/{id}", func(w http.ResponseWriter, r *http.Request) {
		json.NewDecoder(r.Body).Decode(&patched)
		if patched.Status == consentmgr.StatusAuthorised {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(consentmgr.Error{ErrorCode: consentmgr.CodeInvalidTransition, ErrorMessage: "Authorised cannot become Authorised"})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /psu/{user}/consents", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("user") != "u 1" {
			w.Write([]byte("[]"))
			return
		}
		json.NewEncoder(w).Encode(consentmgr.ConsentsGetResponse{stored})
	})
	mux.HandleFunc("GET /psu/boom/consents", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	srv := p.NewServer(mux, bank)
	cm, err := tecbanclient.NewConsentManager(tecbanclient.Options{BaseURL: srv.URL, TLS: p.ClientConfig(bank)})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, id := range []string{"urn:ifconnect:1", stored.ID} {
		c, err := cm.ReadConsent(ctx, id)
		if err != nil || c.ConsentBody.Data.ConsentID != "urn:ifconnect:1" {
			t.Fatalf("ReadConsent(%s): %+v %v", id, c, err)
		}
	}
	if _, err := cm.ReadConsent(ctx, "urn:ifconnect:2"); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("unknown consent: %v", err)
	}
	err = cm.PatchConsent(ctx, "urn:ifconnect:1", consentmgr.ConsentPatchRequest{Status: consentmgr.StatusRevoked,
		SupplementaryInformation: map[string]json.RawMessage{"revocation": json.RawMessage(`{"receipt":"REV-1"}`)}})
	if err != nil || patched.Status != consentmgr.StatusRevoked || string(patched.SupplementaryInformation["revocation"]) != `{"receipt":"REV-1"}` {
		t.Fatalf("patch: %+v %v", patched, err)
	}
	if err := cm.PatchConsent(ctx, "urn:ifconnect:1", consentmgr.ConsentPatchRequest{Status: consentmgr.StatusAuthorised}); core.ErrorCode(err) != core.ECONFLICT {
		t.Fatalf("refused transition: %v", err)
	}
	list, err := cm.ConsentsOfPSU(ctx, "u 1")
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %v %v", list, err)
	}
	if _, err := cm.ConsentsOfPSU(ctx, "boom"); core.ErrorCode(err) != core.EUNAVAILABLE {
		t.Fatalf("5xx: %v", err)
	}
}
