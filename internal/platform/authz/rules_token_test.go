package authz_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
)

// issueCode runs the authorisation up to the code, with PKCE.
func (e *env) issueCode() (code, verifier, consent string) {
	consent = e.newConsent("tpp1")
	verifier = oauth2.GenerateVerifier()
	it := e.startInteraction(e.requestClaims(consent, oauth2.S256ChallengeFromVerifier(verifier)))
	e.authorise(consent)
	return e.confirm(it.Interaction.InteractionID, url.Values{}).Get("code"), verifier, consent
}

func codeForm(code, verifier string) url.Values {
	return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {tpp1Redirect}, "code_verifier": {verifier}}
}

// TestAuthorizationCodeRules checks each rule of the code exchange with a success and a failure.
func TestAuthorizationCodeRules(t *testing.T) {
	e := newEnv(t)
	token := func(id pki.Identity, form url.Values) *http.Response {
		return e.postForm(id, e.issuer+authz.PathToken, form)
	}
	okExchange := func(t *testing.T, res *http.Response) map[string]any {
		t.Helper()
		var tok map[string]any
		if decode(t, res, &tok); res.StatusCode != http.StatusOK {
			t.Fatalf("exchange: %d %v", res.StatusCode, tok)
		}
		return tok
	}
	active := func(tok string) bool {
		var in map[string]any
		decode(t, e.postForm(e.tpp1, e.issuer+authz.PathIntrospect, with(e.tpp1Auth(), url.Values{"token": {tok}})), &in)
		return in["active"] == true
	}

	t.Run("code single use; reuse revokes the tokens", func(t *testing.T) {
		code, verifier, _ := e.issueCode()
		tok := okExchange(t, token(e.tpp1, with(e.tpp1Auth(), codeForm(code, verifier))))
		wantOAuthError(t, token(e.tpp1, with(e.tpp1Auth(), codeForm(code, verifier))), http.StatusBadRequest, "invalid_grant")
		if active(tok["access_token"].(string)) || active(tok["refresh_token"].(string)) {
			t.Fatal("tokens from a reused code are still active")
		}
	})
	t.Run("concurrent reuse of a code leaves no token active", func(t *testing.T) {
		code, verifier, _ := e.issueCode()
		const n = 6
		got := make(chan map[string]any, n)
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var tok map[string]any
				res := token(e.tpp1, with(e.tpp1Auth(), codeForm(code, verifier)))
				if decode(t, res, &tok); res.StatusCode == http.StatusOK {
					got <- tok
				}
			}()
		}
		wg.Wait()
		close(got)
		for tok := range got {
			if active(tok["access_token"].(string)) {
				t.Fatal("a token from a code used several times is active")
			}
		}
	})
	t.Run("code bound to the client", func(t *testing.T) {
		code, verifier, _ := e.issueCode()
		wantOAuthError(t, token(e.tpp2, with(url.Values{"client_id": {"tpp2"}}, codeForm(code, verifier))), http.StatusBadRequest, "invalid_grant")
	})
	t.Run("code lives at most 60 s", func(t *testing.T) {
		code, verifier, _ := e.issueCode()
		e.clock.Advance(59 * time.Second)
		okExchange(t, token(e.tpp1, with(e.tpp1Auth(), codeForm(code, verifier))))
		code, verifier, _ = e.issueCode()
		e.clock.Advance(61 * time.Second)
		wantOAuthError(t, token(e.tpp1, with(e.tpp1Auth(), codeForm(code, verifier))), http.StatusBadRequest, "invalid_grant")
	})
	t.Run("redirect_uri must match the request's", func(t *testing.T) {
		code, verifier, _ := e.issueCode()
		f := codeForm(code, verifier)
		f.Set("redirect_uri", tpp1Redirect+"/other")
		wantOAuthError(t, token(e.tpp1, with(e.tpp1Auth(), f)), http.StatusBadRequest, "invalid_grant")
	})
	t.Run("PKCE verifier must match", func(t *testing.T) {
		code, _, _ := e.issueCode()
		wantOAuthError(t, token(e.tpp1, with(e.tpp1Auth(), codeForm(code, oauth2.GenerateVerifier()))), http.StatusBadRequest, "invalid_grant")
		code, _, _ = e.issueCode()
		f := codeForm(code, "")
		f.Del("code_verifier")
		wantOAuthError(t, token(e.tpp1, with(e.tpp1Auth(), f)), http.StatusBadRequest, "invalid_grant")
	})
	t.Run("consent must be Authorised at exchange", func(t *testing.T) {
		consent := e.newConsent("tpp1")
		it := e.startInteraction(e.requestClaims(consent, ""))
		code := e.confirm(it.Interaction.InteractionID, url.Values{}).Get("code")
		f := codeForm(code, "")
		f.Del("code_verifier")
		wantOAuthError(t, token(e.tpp1, with(e.tpp1Auth(), f)), http.StatusBadRequest, "invalid_grant")
	})
	t.Run("refresh token bound to client and certificate", func(t *testing.T) {
		code, verifier, _ := e.issueCode()
		tok := okExchange(t, token(e.tpp1, with(e.tpp1Auth(), codeForm(code, verifier))))
		rf := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}}
		okExchange(t, token(e.tpp1, with(e.tpp1Auth(), rf)))
		// tpp1's assertion over tpp2's connection: the certificate differs.
		wantOAuthError(t, token(e.tpp2, with(e.tpp1Auth(), rf)), http.StatusBadRequest, "invalid_grant")
		// tpp2 itself.
		wantOAuthError(t, token(e.tpp2, with(url.Values{"client_id": {"tpp2"}}, rf)), http.StatusBadRequest, "invalid_grant")
		// An access token is not a refresh token.
		rf.Set("refresh_token", tok["access_token"].(string))
		wantOAuthError(t, token(e.tpp1, with(e.tpp1Auth(), rf)), http.StatusBadRequest, "invalid_grant")
	})
	t.Run("refresh refused once the consent is no longer Authorised", func(t *testing.T) {
		// The platform leaves a consumed payment consent's access tokens alive for replays of its
		// payment; its refresh token must not mint new ones.
		for _, ended := range []consentmgr.Status{consentmgr.StatusConsumed, consentmgr.StatusRevoked} {
			code, verifier, consent := e.issueCode()
			tok := okExchange(t, token(e.tpp1, with(e.tpp1Auth(), codeForm(code, verifier))))
			c, _ := e.consents.Consent(context.Background(), consent)
			c.Status = ended
			e.consents.set(c)
			rf := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tok["refresh_token"].(string)}}
			wantOAuthError(t, token(e.tpp1, with(e.tpp1Auth(), rf)), http.StatusBadRequest, "invalid_grant")
		}
	})
	t.Run("refresh token revoked with its grant", func(t *testing.T) {
		code, verifier, _ := e.issueCode()
		tok := okExchange(t, token(e.tpp1, with(e.tpp1Auth(), codeForm(code, verifier))))
		res := e.postForm(e.tpp1, e.issuer+authz.PathRevoke, with(e.tpp1Auth(), url.Values{"token": {tok["refresh_token"].(string)}}))
		if decode(t, res, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("revoke: %d", res.StatusCode)
		}
		if active(tok["access_token"].(string)) {
			t.Fatal("access token survived the revocation of its refresh token")
		}
	})
}

// TestClientAuthenticationRules: tls_client_auth and private_key_jwt (PS256) succeed; everything
// else is invalid_client.
func TestClientAuthenticationRules(t *testing.T) {
	e := newEnv(t)
	cc := url.Values{"grant_type": {"client_credentials"}, "scope": {"consents"}}
	assertion := func(mutate func(map[string]any)) url.Values {
		return with(cc, url.Values{"client_assertion_type": {"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"},
			"client_assertion": {e.assertion("tpp1", e.tpp1Key, "tpp1-sig", mutate)}})
	}
	post := func(id pki.Identity, form url.Values) *http.Response {
		return e.postForm(id, e.issuer+authz.PathToken, form)
	}
	succeed := func(t *testing.T, res *http.Response) {
		t.Helper()
		if b := decode(t, res, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("status %d %s", res.StatusCode, b)
		}
	}
	t.Run("tls_client_auth with the registered certificate", func(t *testing.T) { succeed(t, post(e.tpp2, with(cc, url.Values{"client_id": {"tpp2"}}))) })
	t.Run("tls_client_auth with another client's certificate", func(t *testing.T) {
		wantOAuthError(t, post(e.tpp1, with(cc, url.Values{"client_id": {"tpp2"}})), http.StatusUnauthorized, "invalid_client")
	})
	t.Run("no client certificate", func(t *testing.T) {
		wantOAuthError(t, post(pki.Identity{}, with(cc, url.Values{"client_id": {"tpp2"}})), http.StatusUnauthorized, "invalid_client")
	})
	t.Run("private_key_jwt PS256", func(t *testing.T) { succeed(t, post(e.tpp1, assertion(nil))) })
	t.Run("private_key_jwt client may not use tls_client_auth", func(t *testing.T) {
		wantOAuthError(t, post(e.tpp1, with(cc, url.Values{"client_id": {"tpp1"}})), http.StatusUnauthorized, "invalid_client")
	})
	t.Run("private_key_jwt RS256 refused", func(t *testing.T) {
		f := assertion(nil)
		f.Set("client_assertion", sign(t, e.tpp1Key, jose.RS256, "tpp1-sig", map[string]any{"iss": "tpp1", "sub": "tpp1", "aud": e.issuer, "jti": "x", "exp": e.clock.Now().Add(time.Minute).Unix()}))
		wantOAuthError(t, post(e.tpp1, f), http.StatusUnauthorized, "invalid_client")
	})
	t.Run("private_key_jwt signed by another key", func(t *testing.T) {
		f := assertion(nil)
		f.Set("client_assertion", sign(t, e.tpp2Key, jose.PS256, "tpp1-sig", map[string]any{"iss": "tpp1", "sub": "tpp1", "aud": e.issuer, "jti": "y", "exp": e.clock.Now().Add(time.Minute).Unix()}))
		wantOAuthError(t, post(e.tpp1, f), http.StatusUnauthorized, "invalid_client")
	})
	for name, mutate := range map[string]func(map[string]any){
		"wrong aud":         func(c map[string]any) { c["aud"] = "https://elsewhere" },
		"expired":           func(c map[string]any) { c["exp"] = e.clock.Now().Add(-time.Second).Unix() },
		"no exp":            func(c map[string]any) { delete(c, "exp") },
		"no jti":            func(c map[string]any) { delete(c, "jti") },
		"sub not client":    func(c map[string]any) { c["sub"] = "tpp2" },
		"exp too far ahead": func(c map[string]any) { c["exp"] = e.clock.Now().Add(2 * time.Hour).Unix() },
	} {
		t.Run("private_key_jwt "+name, func(t *testing.T) {
			wantOAuthError(t, post(e.tpp1, assertion(mutate)), http.StatusUnauthorized, "invalid_client")
		})
	}
	t.Run("private_key_jwt replayed jti", func(t *testing.T) {
		f := assertion(nil)
		succeed(t, post(e.tpp1, f))
		wantOAuthError(t, post(e.tpp1, f), http.StatusUnauthorized, "invalid_client")
	})
	t.Run("client secret refused", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, e.issuer+authz.PathToken, strings.NewReader(cc.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth("tpp2", "secret")
		res, err := e.client(e.tpp2).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		wantOAuthError(t, res, http.StatusUnauthorized, "invalid_client")
	})
	t.Run("unknown client", func(t *testing.T) {
		wantOAuthError(t, post(e.tpp2, with(cc, url.Values{"client_id": {"nobody"}})), http.StatusUnauthorized, "invalid_client")
	})
}

// TestTokenEndpointBadInput: malformed requests get the OAuth error the RFCs name, never a 500.
func TestTokenEndpointBadInput(t *testing.T) {
	e := newEnv(t)
	c := e.client(e.tpp2)
	auth := url.Values{"client_id": {"tpp2"}}
	for name, tc := range map[string]struct {
		contentType, body string
		status            int
		code              string
	}{
		"JSON body":              {"application/json", `{"grant_type":"client_credentials"}`, 400, "invalid_request"},
		"no content type":        {"", "grant_type=client_credentials&client_id=tpp2", 400, "invalid_request"},
		"oversized body":         {"application/x-www-form-urlencoded", "client_id=tpp2&grant_type=client_credentials&x=" + strings.Repeat("a", 70<<10), 400, "invalid_request"},
		"malformed form":         {"application/x-www-form-urlencoded", "client_id=tpp2&grant_type=%zz", 400, "invalid_request"},
		"parameter twice":        {"application/x-www-form-urlencoded", "client_id=tpp2&grant_type=client_credentials&grant_type=client_credentials", 400, "invalid_request"},
		"no grant_type":          {"application/x-www-form-urlencoded", auth.Encode(), 400, "invalid_request"},
		"unsupported grant_type": {"application/x-www-form-urlencoded", with(auth, url.Values{"grant_type": {"password"}}).Encode(), 400, "unsupported_grant_type"},
		"openid with client_credentials": {"application/x-www-form-urlencoded",
			with(auth, url.Values{"grant_type": {"client_credentials"}, "scope": {"openid"}}).Encode(), 400, "invalid_scope"},
		"code grant without code": {"application/x-www-form-urlencoded",
			with(auth, url.Values{"grant_type": {"authorization_code"}, "redirect_uri": {tpp2Redirect}}).Encode(), 400, "invalid_request"},
		"unknown code": {"application/x-www-form-urlencoded",
			with(auth, url.Values{"grant_type": {"authorization_code"}, "code": {"nope"}, "redirect_uri": {tpp2Redirect}}).Encode(), 400, "invalid_grant"},
		"refresh without token": {"application/x-www-form-urlencoded",
			with(auth, url.Values{"grant_type": {"refresh_token"}}).Encode(), 400, "invalid_request"},
		"bad assertion type": {"application/x-www-form-urlencoded",
			with(auth, url.Values{"grant_type": {"client_credentials"}, "client_assertion_type": {"x"}, "client_assertion": {"y"}}).Encode(), 401, "invalid_client"},
	} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, e.issuer+authz.PathToken, strings.NewReader(tc.body))
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			res, err := c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			wantOAuthError(t, res, tc.status, tc.code)
		})
	}
	t.Run("introspection without token", func(t *testing.T) {
		wantOAuthError(t, e.postForm(e.tpp2, e.issuer+authz.PathIntrospect, auth), 400, "invalid_request")
	})
	t.Run("revocation of an unknown token is 200", func(t *testing.T) {
		res := e.postForm(e.tpp2, e.issuer+authz.PathRevoke, with(auth, url.Values{"token": {"nope"}}))
		if decode(t, res, nil); res.StatusCode != http.StatusOK {
			t.Fatalf("status %d", res.StatusCode)
		}
	})
}

// TestDiscoveryAndJWKSWithoutCertificate: discovery and the JWKS need no client certificate.
func TestDiscoveryAndJWKSWithoutCertificate(t *testing.T) {
	e := newEnv(t)
	var d map[string]any
	res, err := e.client(pki.Identity{}).Get(e.issuer + authz.PathDiscovery)
	if err != nil {
		t.Fatal(err)
	}
	decode(t, res, &d)
	if d["issuer"] != e.issuer || d["authorization_endpoint"] != "https://bank.localhost/auth" || d["tls_client_certificate_bound_access_tokens"] != true {
		t.Fatalf("discovery %v", d)
	}
	var set jose.JSONWebKeySet
	res, err = e.client(pki.Identity{}).Get(e.issuer + authz.PathJWKS)
	if err != nil {
		t.Fatal(err)
	}
	if decode(t, res, &set); len(set.Keys) != 1 || set.Keys[0].Algorithm != "PS256" || !set.Keys[0].IsPublic() {
		t.Fatalf("JWKS %+v", set)
	}
}
