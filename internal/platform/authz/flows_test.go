package authz_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
)

// halfHash is the OIDC left-half SHA-256 hash, computed here independently of the server.
func halfHash(v string) string {
	h := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(h[:16])
}

// thumbprint is RFC 8705's x5t#S256 of an identity's certificate, computed here independently of
// the server.
func (e *env) thumbprint(id pki.Identity) string {
	h := sha256.Sum256(e.pki.Certificate(id).Raw)
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// TestAuthorizationCodeFlow drives the whole data-sharing authorisation with independent clients:
// the TPP signs its request object with go-jose, the bank calls the headless API, the TPP exchanges
// the code with golang.org/x/oauth2 and verifies the id_tokens with coreos/go-oidc. It runs on every
// database engine available.
func TestAuthorizationCodeFlow(t *testing.T) {
	for name, dbURL := range databasetest.Engines(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnvOn(t, dbURL(t))
			ctx := oidc.ClientContext(context.Background(), e.client(e.tpp1))
			provider, err := oidc.NewProvider(ctx, e.issuer)
			if err != nil {
				t.Fatalf("discovery: %v", err)
			}
			if provider.Endpoint().AuthURL != "https://bank.localhost/auth" {
				t.Fatalf("authorization_endpoint = %s, want the bank's /auth", provider.Endpoint().AuthURL)
			}
			idVerifier := provider.Verifier(&oidc.Config{ClientID: "tpp1", SupportedSigningAlgs: []string{oidc.PS256}, Now: e.clock.Now})

			consent := e.newConsent("tpp1")
			verifier := oauth2.GenerateVerifier()
			claims := e.requestClaims(consent, oauth2.S256ChallengeFromVerifier(verifier))

			// Step 3003: the bank starts the interaction.
			req := sign(t, e.tpp1Key, "PS256", "tpp1-sig", claims)
			res := e.headlessAuth(authQuery("tpp1", "code id_token", "openid accounts", req))
			var started heimdall.AuthSuccessResponse
			body := decode(t, res, &started)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("GET /auth: %d %s", res.StatusCode, body)
			}
			checkContract(t, specAuth, http.MethodGet, res.StatusCode, body)
			it := started.Interaction
			if it.Params.ConsentID() != consent || it.Status != "started" || started.TPP.ClientID != "tpp1" || started.TPP.TPPName != "TPP One" {
				t.Fatalf("interaction = %+v, tpp = %+v", it, started.TPP)
			}
			if !slices.Contains(it.Params.Scopes, "consent:"+consent) || it.Params.Nonce != claims["nonce"] {
				t.Fatalf("params = %+v", it.Params)
			}

			// Steps 4003–4005: the bank authorises the consent and confirms.
			e.authorise(consent)
			confirmRes := e.postForm(e.bank, e.bankURL+heimdall.ConfirmPath(it.InteractionID), url.Values{"sub": {"psu-123"}, "openbanking_intent_id": {consent}})
			checkContract(t, specDoConfirm, http.MethodPost, confirmRes.StatusCode, nil)
			loc, v := redirectParams(t, confirmRes)
			if got := loc.Scheme + "://" + loc.Host + loc.Path; got != tpp1Redirect {
				t.Fatalf("redirected to %s", got)
			}
			code := v.Get("code")
			if code == "" || v.Get("state") != claims["state"] {
				t.Fatalf("redirect parameters %v", v)
			}
			// The hybrid flow's id_token: c_hash, s_hash, nonce, acr, the consent.
			frontIDT, err := idVerifier.Verify(ctx, v.Get("id_token"))
			if err != nil {
				t.Fatalf("front-channel id_token: %v", err)
			}
			var fc map[string]any
			frontIDT.Claims(&fc)
			if fc["c_hash"] != halfHash(code) || fc["s_hash"] != halfHash(claims["state"].(string)) || frontIDT.Nonce != claims["nonce"] ||
				fc["acr"] != "urn:brasil:openbanking:loa2" || fc["openbanking_intent_id"] != consent || frontIDT.Subject != "psu-123" {
				t.Fatalf("front-channel id_token claims %v", fc)
			}

			// Step 5003: the TPP exchanges the code with x/oauth2, authenticating by private_key_jwt.
			conf := oauth2.Config{ClientID: "tpp1", RedirectURL: tpp1Redirect, Endpoint: provider.Endpoint()}
			conf.Endpoint.AuthStyle = oauth2.AuthStyleInParams
			tok, err := conf.Exchange(ctx, code, oauth2.VerifierOption(verifier),
				oauth2.SetAuthURLParam("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
				oauth2.SetAuthURLParam("client_assertion", e.assertion("tpp1", e.tpp1Key, "tpp1-sig", nil)))
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			if !expiresInRange(tok) || tok.RefreshToken == "" || tok.TokenType != "Bearer" {
				t.Fatalf("token = %+v", tok)
			}
			if scope, _ := tok.Extra("scope").(string); !slices.Contains(strings.Fields(scope), "consent:"+consent) {
				t.Fatalf("scope %q lacks the consent", scope)
			}
			rawIDT, _ := tok.Extra("id_token").(string)
			idt, err := idVerifier.Verify(ctx, rawIDT)
			if err != nil {
				t.Fatalf("id_token: %v", err)
			}
			if err := idt.VerifyAccessToken(tok.AccessToken); err != nil {
				t.Fatalf("at_hash: %v", err)
			}
			if idt.Nonce != claims["nonce"] {
				t.Fatal("id_token nonce differs")
			}
			// The id_token is PS256: a relying party that accepts only RS256 refuses it.
			rsOnly := provider.Verifier(&oidc.Config{ClientID: "tpp1", SupportedSigningAlgs: []string{oidc.RS256}, Now: e.clock.Now})
			if _, err := rsOnly.Verify(ctx, rawIDT); err == nil {
				t.Fatal("the id_token verified as RS256")
			}

			// The access token is bound to tpp1's certificate (cnf.x5t#S256).
			var in map[string]any
			res = e.postForm(e.tpp1, e.issuer+authz.PathIntrospect, with(e.tpp1Auth(), url.Values{"token": {tok.AccessToken}}))
			decode(t, res, &in)
			cnf, _ := in["cnf"].(map[string]any)
			if in["active"] != true || cnf["x5t#S256"] != e.thumbprint(e.tpp1) || in["consent_id"] != consent {
				t.Fatalf("introspection %v", in)
			}

			// Refresh with the same client and certificate works.
			var refreshed map[string]any
			res = e.postForm(e.tpp1, e.issuer+authz.PathToken, with(e.tpp1Auth(), url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok.RefreshToken}}))
			if decode(t, res, &refreshed); res.StatusCode != http.StatusOK || refreshed["access_token"] == "" {
				t.Fatalf("refresh: %d %v", res.StatusCode, refreshed)
			}

			// Revoking the consent revokes its tokens.
			c, _ := e.consents.Consent(context.Background(), consent)
			c.Status = consentmgr.StatusRevoked
			e.consents.set(c)
			if err := e.server.RevokeConsent(context.Background(), consent); err != nil {
				t.Fatal(err)
			}
			res = e.postForm(e.tpp1, e.issuer+authz.PathIntrospect, with(e.tpp1Auth(), url.Values{"token": {tok.AccessToken}}))
			in = nil
			if decode(t, res, &in); in["active"] != false {
				t.Fatalf("token still active after its consent was revoked: %v", in)
			}
		})
	}
}

// TestClientCredentials gets tokens with golang.org/x/oauth2/clientcredentials by both client
// authentication methods.
func TestClientCredentials(t *testing.T) {
	e := newEnv(t)
	t.Run("tls_client_auth", func(t *testing.T) {
		ctx := context.WithValue(context.Background(), oauth2.HTTPClient, e.client(e.tpp2))
		cc := clientcredentials.Config{ClientID: "tpp2", TokenURL: e.issuer + authz.PathToken, Scopes: []string{"consents", "payments"}, AuthStyle: oauth2.AuthStyleInParams}
		tok, err := cc.Token(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !expiresInRange(tok) || tok.RefreshToken != "" || tok.Extra("scope") != "consents payments" {
			t.Fatalf("token %+v", tok)
		}
		if _, err := e.server.AccessToken(context.Background(), tok.AccessToken, e.pki.Certificate(e.tpp2)); err != nil {
			t.Fatalf("token not bound to tpp2's certificate: %v", err)
		}
		if _, err := e.server.AccessToken(context.Background(), tok.AccessToken, e.pki.Certificate(e.tpp1)); err == nil {
			t.Fatal("token accepted with another certificate")
		}
	})
	t.Run("private_key_jwt", func(t *testing.T) {
		ctx := context.WithValue(context.Background(), oauth2.HTTPClient, e.client(e.tpp1))
		cc := clientcredentials.Config{ClientID: "tpp1", TokenURL: e.issuer + authz.PathToken, Scopes: []string{"accounts"}, AuthStyle: oauth2.AuthStyleInParams,
			EndpointParams: url.Values{"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
				"client_assertion": {e.assertion("tpp1", e.tpp1Key, "tpp1-sig", nil)}}}
		if _, err := cc.Token(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

// expiresInRange reports whether the token response's expires_in is within 300–900 s (OBB).
func expiresInRange(tok *oauth2.Token) bool {
	n, ok := tok.Extra("expires_in").(float64)
	return ok && n >= 300 && n <= 900
}
