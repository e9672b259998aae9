package tecbanclient_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

// headlessPlatform answers the headless API the way the contract allows, chosen by the query.
func headlessPlatform(t *testing.T, seen chan<- url.Values) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /auth", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		switch q.Get("case") {
		case "ok":
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(heimdall.AuthSuccessResponse{
				Interaction: heimdall.Interaction{InteractionID: "i-1", Status: "started", Params: heimdall.Params{
					Claims: &heimdall.RequestedClaims{IDToken: map[string]*heimdall.ClaimRequest{heimdall.ClaimIntentID: {Value: "urn:x:1"}}}}},
				TPP: heimdall.TPP{ClientID: "c1", TPPName: "Fintech"}})
		case "redirect":
			w.Header().Set("Location", "https://tpp.example/cb#error=invalid_request&state=s")
			w.WriteHeader(http.StatusFound)
		case "relative":
			w.Header().Set("Location", "/elsewhere")
			w.WriteHeader(http.StatusFound)
		case "bad":
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(heimdall.AuthErrorResponse{NoRedirect: true, Error: "invalid_client"})
		case "down":
			w.WriteHeader(http.StatusServiceUnavailable)
		case "slow":
			time.Sleep(2 * time.Second)
		}
	})
	end := func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(b))
		form.Set("path", r.URL.Path)
		seen <- form
		if r.PathValue("id") == "gone" {
			w.WriteHeader(http.StatusBadRequest)
			json.NewEncoder(w).Encode(heimdall.AuthErrorResponse{NoRedirect: true, Error: "invalid_request"})
			return
		}
		w.Header().Set("Location", "https://tpp.example/cb?code=abc&state=s")
		w.WriteHeader(http.StatusFound)
	}
	mux.HandleFunc("POST /auth/{id}/doConfirm", end)
	mux.HandleFunc("POST /auth/{id}/doFail", end)
	return mux
}

func TestHeadlessOverMutualTLS(t *testing.T) {
	p := pkitest.New(t)
	bank := p.Client("bank")
	seen := make(chan url.Values, 4)
	srv := p.NewServer(headlessPlatform(t, seen), bank)
	hc := p.HTTPClient(bank)
	hc.Timeout = time.Second
	h, err := tecbanclient.NewHeadless(srv.URL, hc)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	res, err := h.Auth(ctx, "case=ok&request=eyJ")
	if err != nil || res.Outcome != tecbanclient.AuthStarted || res.Started.Interaction.InteractionID != "i-1" ||
		res.Started.Interaction.Params.ConsentID() != "urn:x:1" || res.Started.TPP.TPPName != "Fintech" {
		t.Fatalf("200: %+v %v", res, err)
	}
	res, err = h.Auth(ctx, "case=redirect")
	if err != nil || res.Outcome != tecbanclient.AuthRedirect || res.Location != "https://tpp.example/cb#error=invalid_request&state=s" {
		t.Fatalf("302 must be passed on unmodified: %+v %v", res, err)
	}
	res, err = h.Auth(ctx, "case=bad")
	if err != nil || res.Outcome != tecbanclient.AuthRejected || !res.Rejected.NoRedirect {
		t.Fatalf("400: %+v %v", res, err)
	}
	if _, err := h.Auth(ctx, "case=relative"); core.ErrorCode(err) != core.EINTERNAL {
		t.Fatalf("a relative Location must be refused: %v", err)
	}
	if _, err := h.Auth(ctx, "case=down"); core.ErrorCode(err) != core.EUNAVAILABLE {
		t.Fatalf("5xx: %v", err)
	}
	if _, err := h.Auth(ctx, "case=slow"); core.ErrorCode(err) != core.EUNAVAILABLE {
		t.Fatalf("timeout: %v", err)
	}

	loc, err := h.DoConfirm(ctx, "i/1", heimdall.Confirm{Claims: map[string]string{heimdall.ClaimIntentID: "urn:x:1"}})
	got := <-seen
	if err != nil || loc != "https://tpp.example/cb?code=abc&state=s" || got.Get(heimdall.ClaimIntentID) != "urn:x:1" || got.Get("path") != "/auth/i/1/doConfirm" {
		t.Fatalf("doConfirm: %q %v %v", loc, got, err)
	}
	if _, err := h.DoFail(ctx, "gone", heimdall.Fail{Error: "access_denied"}); core.ErrorCode(err) != core.ENOTFOUND {
		t.Fatalf("doFail on a closed interaction: %v", err)
	}
	if got := <-seen; got.Get("error") != "access_denied" {
		t.Fatalf("doFail form %v", got)
	}

	// A client without the bank's certificate is refused by the platform.
	stranger, _ := tecbanclient.NewHeadless(srv.URL, p.HTTPClient(p.ForeignClient("bank")))
	if _, err := stranger.Auth(ctx, "case=ok"); core.ErrorCode(err) != core.EUNAVAILABLE {
		t.Fatalf("foreign client: %v", err)
	}
	if _, err := tecbanclient.NewHeadless("http://127.0.0.1", hc); err == nil {
		t.Fatal("a plain-http base URL must be refused")
	}
}
