package platform_test

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"github.com/google/uuid"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
	"github.com/ifconnect/ifconnect/internal/database"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
	"github.com/ifconnect/ifconnect/internal/platform"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
	"github.com/ifconnect/ifconnect/internal/platform/keys"
	"github.com/ifconnect/ifconnect/internal/platform/registry"
)

const redirectURI = "https://tpp1.localhost/callback"

// TestPlatformEndToEnd runs the assembled platform on its two listeners with the real consent
// manager: a consent lodged in the consent manager is authorised through the headless API, its code
// exchanged for certificate-bound tokens, and revoking the consent revokes the tokens.
func TestPlatformEndToEnd(t *testing.T) {
	ctx := context.Background()
	p := pkitest.New(t)
	tpp, bank := p.TPP("tpp1"), p.Client("bank-client")
	tppKey := pkitest.Key(t, 10)

	db, err := database.Open(ctx, databasetest.SQLiteURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tppLn, _ := net.Listen("tcp", "127.0.0.1:0")
	bankLn, _ := net.Listen("tcp", "127.0.0.1:0")
	issuer := "https://" + tppLn.Addr().String()
	plat, err := platform.New(ctx, db, platform.Options{Issuer: issuer, BankAuthURL: "https://127.0.0.1:8444/auth",
		Keys: keys.Options{Generate: func() (*rsa.PrivateKey, error) { return pkitest.Key(t, 11), nil }}})
	if err != nil {
		t.Fatal(err)
	}
	if err := plat.Registry.Put(ctx, registry.Client{ID: "tpp1", Name: "TPP 1", RedirectURIs: []string{redirectURI},
		JWKS:      jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &tppKey.PublicKey, KeyID: "k1", Use: "sig"}}},
		SubjectDN: pki.SubjectDN(p.Certificate(tpp)), TokenEndpointAuthMethod: registry.AuthTLSClientAuth}); err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() {
		served <- plat.Serve(sctx, platform.Listener{Net: tppLn, TLS: p.OptionalClientCertConfig()}, platform.Listener{Net: bankLn, TLS: p.ServerConfig(bank)}, 5*time.Second)
	}()
	defer func() {
		stop()
		if err := <-served; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	bankURL := "https://" + bankLn.Addr().String()
	noFollow := func(c *http.Client) *http.Client {
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		return c
	}
	tppClient, bankClient := noFollow(p.HTTPClient(tpp)), noFollow(p.HTTPClient(bank))

	// Discovery needs no certificate; the bank listener refuses a caller without one.
	if res, err := p.HTTPClient(pki.Identity{}).Get(issuer + "/.well-known/openid-configuration"); err != nil || res.StatusCode != 200 {
		t.Fatalf("discovery without certificate: %v %v", res, err)
	}
	if _, err := p.HTTPClient(pki.Identity{}).Get(bankURL + "/healthz"); err == nil {
		t.Fatal("bank listener accepted a caller without certificate")
	}
	if _, err := p.HTTPClient(tpp).Get(bankURL + "/healthz"); err == nil {
		t.Fatal("bank listener accepted a certificate off its allow-list")
	}

	c, err := plat.Consents.Create(ctx, consents.NewConsent{Type: consentmgr.TypeAccountAccess,
		Request: json.RawMessage(`{"Data":{"Permissions":["ReadAccountsBasic"]}}`), RequestHeaders: json.RawMessage(`{}`),
		TPP: consentmgr.TPP{ClientID: "tpp1"}, By: "test"})
	if err != nil {
		t.Fatal(err)
	}
	// The consent manager is mounted on the bank listener.
	if res, err := bankClient.Get(bankURL + "/consents/" + url.PathEscape(c.ConsentID)); err != nil || res.StatusCode != 200 {
		t.Fatalf("GET /consents/{id}: %v %v", res, err)
	}

	now := time.Now()
	signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.PS256, Key: jose.JSONWebKey{Key: tppKey, KeyID: "k1"}}, nil)
	req, _ := jwt.Signed(signer).Claims(map[string]any{
		"iss": "tpp1", "aud": issuer, "client_id": "tpp1", "response_type": "code id_token", "redirect_uri": redirectURI,
		"scope": "openid accounts consent:" + c.ConsentID, "nonce": uuid.NewString(), "state": "st",
		"exp": now.Add(5 * time.Minute).Unix(), "nbf": now.Unix(),
	}).Serialize()
	res, err := bankClient.Get(bankURL + "/auth?" + url.Values{"client_id": {"tpp1"}, "response_type": {"code id_token"}, "request": {req}}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	var started heimdall.AuthSuccessResponse
	json.NewDecoder(res.Body).Decode(&started)
	res.Body.Close()
	if res.StatusCode != 200 || started.Interaction.Params.ConsentID() != c.ConsentID {
		t.Fatalf("GET /auth: %d %+v", res.StatusCode, started)
	}
	if _, err := plat.Consents.Patch(ctx, c.ConsentID, consents.Patch{Status: consentmgr.StatusAuthorised,
		PSU: &consentmgr.PSUIdentifiers{UserID: "psu-1"}, AccountIDs: []string{"acc-1"}, By: "bank"}); err != nil {
		t.Fatal(err)
	}
	res, err = bankClient.PostForm(bankURL+heimdall.ConfirmPath(started.Interaction.InteractionID), url.Values{"sub": {"psu-1"}})
	if err != nil || res.StatusCode != http.StatusFound {
		t.Fatalf("doConfirm: %v %v", res, err)
	}
	loc, _ := url.Parse(res.Header.Get("Location"))
	frag, _ := url.ParseQuery(loc.Fragment)
	res, err = tppClient.PostForm(issuer+"/token", url.Values{"grant_type": {"authorization_code"}, "client_id": {"tpp1"},
		"code": {frag.Get("code")}, "redirect_uri": {redirectURI}})
	if err != nil {
		t.Fatal(err)
	}
	var tok map[string]any
	json.NewDecoder(res.Body).Decode(&tok)
	res.Body.Close()
	if res.StatusCode != 200 || tok["access_token"] == nil {
		t.Fatalf("token: %d %v", res.StatusCode, tok)
	}
	introspect := func() map[string]any {
		res, err := tppClient.PostForm(issuer+"/token/introspection", url.Values{"client_id": {"tpp1"}, "token": {tok["access_token"].(string)}})
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var in map[string]any
		json.NewDecoder(res.Body).Decode(&in)
		return in
	}
	if in := introspect(); in["active"] != true || in["consent_id"] != c.ConsentID {
		t.Fatalf("introspection %v", in)
	}
	if _, err := plat.Consents.Patch(ctx, c.ConsentID, consents.Patch{Status: consentmgr.StatusRevoked, By: "bank"}); err != nil {
		t.Fatal(err)
	}
	if in := introspect(); in["active"] != false {
		t.Fatalf("token active after its consent was revoked: %v", in)
	}
}
