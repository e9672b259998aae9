package tecbanclient_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/paymentbody"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient"
	"github.com/ifconnect/ifconnect/internal/bank/tecbanclient/tecbantest"
	"github.com/ifconnect/ifconnect/internal/contract/bankconnect"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

// TestPaymentConsent reads payment consents from a consent manager over mutual TLS and maps every
// failure to a core code the PIS server can answer with.
func TestPaymentConsent(t *testing.T) {
	ctx := context.Background()
	p := pkitest.New(t)
	bank := p.Client("bank-client")
	cm := tecbantest.NewConsentManager()
	body := bankconnect.PixPaymentConsent{Data: bankconnect.PixPaymentConsentData{
		Creditor: &bankconnect.PixIdentification{PersonType: "PESSOA_NATURAL", CPFCNPJ: core.CompleteCPF("555666777"), Name: "Marcos"},
		Payment:  &bankconnect.PixConsentPayment{Type: "PIX", Currency: "BRL", Amount: "12.34", Date: "2026-06-30"},
	}}
	cm.Put(tecbantest.PixConsent("c/1 x", consentmgr.StatusAuthorised, "u1", []string{"a1"}, body))
	cm.Put(tecbantest.PixConsent("bad", consentmgr.StatusAuthorised, "u1", []string{"a1"}, bankconnect.PixPaymentConsent{}))
	srv := p.NewServer(cm, bank)
	c, err := tecbanclient.NewConsentManager(tecbanclient.Options{BaseURL: srv.URL + "/", TLS: p.ClientConfig(bank)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	pc, err := c.PaymentConsent(ctx, "c/1 x") // escaped in the path
	if err != nil {
		t.Fatal(err)
	}
	if pc.ID != "c/1 x" || pc.Status != core.ConsentAuthorised || pc.UserID != "u1" || pc.AccountIDs[0] != "a1" ||
		pc.Type != core.PaymentPIX || pc.Terms.Amount != 12_34 || pc.TPPClientID != "tpp-client" {
		t.Fatalf("consent = %+v", pc)
	}
	if _, err := c.PaymentConsent(ctx, "missing"); core.ErrorCode(err) != core.ENOTFOUND {
		t.Errorf("unknown consent: %v, want ENOTFOUND", err)
	}
	if _, err := c.PaymentConsent(ctx, "bad"); core.ErrorCode(err) != core.EINVALID {
		t.Errorf("consent that is no payment: %v, want EINVALID", err)
	}

	// A failing platform, one answering for another consent, an unreachable one, and one that does not
	// accept the bank's certificate are all EUNAVAILABLE.
	failing := p.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/other") {
			w.Write([]byte(`{"id":"someone-else","consentType":"domestic-payment-consents","request":{},"requestHeaders":{},"tpp":{}}`))
			return
		}
		w.WriteHeader(http.StatusInternalServerError)
	}), bank)
	stranger := p.NewServer(cm, p.Client("someone-else"))
	closed := httptest.NewTLSServer(cm)
	closed.Close()
	for name, tc := range map[string]struct{ url, id string }{
		"5xx": {failing.URL, "c"}, "another consent": {failing.URL, "other"}, "unreachable": {closed.URL, "c"}, "refused certificate": {stranger.URL, "c"},
	} {
		cl, err := tecbanclient.NewConsentManager(tecbanclient.Options{BaseURL: tc.url, TLS: p.ClientConfig(bank)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cl.PaymentConsent(ctx, tc.id); core.ErrorCode(err) != core.EUNAVAILABLE {
			t.Errorf("%s: %v, want EUNAVAILABLE", name, err)
		}
		cl.Close()
	}
	for _, bad := range []string{"http://127.0.0.1:1", "not a url", ""} {
		if _, err := tecbanclient.NewConsentManager(tecbanclient.Options{BaseURL: bad, TLS: p.ClientConfig(bank)}); err == nil {
			t.Errorf("base URL %q accepted", bad)
		}
	}
	if _, err := tecbanclient.NewConsentManager(tecbanclient.Options{BaseURL: srv.URL}); err == nil {
		t.Errorf("a client without mutual TLS was accepted")
	}
}

// TestPaymentConsentReadsWhatTheFullConsentSays: the payment path decodes only the members it needs;
// for consents full of members it skips (history, supplementary information, unknown members of every
// object) it must give the same payment consent as mapping the contract's full type.
func TestPaymentConsentReadsWhatTheFullConsentSays(t *testing.T) {
	ctx := context.Background()
	p := pkitest.New(t)
	bank := p.Client("bank-client")
	cm := tecbantest.NewConsentManager()
	extra := map[string]json.RawMessage{"x-vendor": json.RawMessage(`{"a":[1,2,{"b":"c"}]}`)}
	pix := bankconnect.PixPaymentConsent{Data: bankconnect.PixPaymentConsentData{
		Creditor: &bankconnect.PixIdentification{PersonType: "PESSOA_NATURAL", CPFCNPJ: core.CompleteCPF("555666777"), Name: "Marcos"},
		Payment:  &bankconnect.PixConsentPayment{Type: "PIX", Currency: "BRL", Amount: "99.01"},
	}}
	rich := tecbantest.PixConsent("rich", consentmgr.StatusAuthorised, "u9", []string{"a9", "a10"}, pix)
	rich.ConsentBody.Extra = extra
	rich.ConsentBody.Data.Extra = extra
	rich.ConsentBody.SupplementaryInformation = extra
	rich.ConsentBody.History = []consentmgr.HistoryEntry{{}, {}}
	rich.TPP.Extra = extra
	rich.TPP.DirectoryRecord = extra
	rich.PSUIdentifiers.Extra = extra
	bare := tecbantest.PixConsent("bare", consentmgr.StatusAwaitingAuthorisation, "", nil, pix)
	bare.ConsentBody = nil
	cm.Put(rich)
	cm.Put(bare)
	srv := p.NewServer(cm, bank)
	c, err := tecbanclient.NewConsentManager(tecbanclient.Options{BaseURL: srv.URL, TLS: p.ClientConfig(bank)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, id := range []string{"rich", "bare"} {
		full, err := c.Consent(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want, err := paymentbody.Consent(full)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.PaymentConsent(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: payment consent\n%+v\nwant (from the full consent)\n%+v", id, got, want)
		}
	}
}
