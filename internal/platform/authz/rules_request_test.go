package authz_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/ifconnect/ifconnect/internal/contract/heimdall"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
)

// unsigned builds an "alg":"none" JWT by hand: no library will make one, which is the point.
func unsigned(claims map[string]any) string {
	h := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`))
	b, _ := json.Marshal(claims)
	return h + "." + base64.RawURLEncoding.EncodeToString(b) + "."
}

// TestRequestObjectRules checks each FAPI 1.0 Advanced / OBB rule on the authorization request at
// GET /auth, each with the request that satisfies it (outcome 200) and one that breaks it. A broken
// rule the server cannot attribute to a registered redirect URI is 400 noRedirect; any other is a
// 302 to the TPP with the error and state.
func TestRequestObjectRules(t *testing.T) {
	e := newEnv(t)
	other := e.tpp2Key
	hour := int64(time.Hour / time.Second)
	type outcome struct {
		status int
		err    string
	}
	ok := outcome{http.StatusOK, ""}
	noRedirect := func(code string) outcome { return outcome{http.StatusBadRequest, code} }
	redirectErr := func(code string) outcome { return outcome{http.StatusFound, code} }
	cases := []struct {
		rule   string
		mutate func(e *env, c map[string]any)
		// request builds the request parameter; nil signs the claims with tpp1's key and PS256.
		request func(c map[string]any) string
		want    outcome
	}{
		{"signed PS256 request object accepted", nil, nil, ok},
		{"RS256 refused", nil, func(c map[string]any) string { return sign(t, e.tpp1Key, jose.RS256, "tpp1-sig", c) }, noRedirect("invalid_request_object")},
		{"alg none refused", nil, unsigned, noRedirect("invalid_request_object")},
		{"signature by a key not in the client's JWKS refused", nil, func(c map[string]any) string { return sign(t, other, jose.PS256, "tpp1-sig", c) }, noRedirect("invalid_request_object")},
		{"garbage request refused", nil, func(map[string]any) string { return "not.a.jwt" }, noRedirect("invalid_request_object")},
		{"encrypted request object refused", nil, func(map[string]any) string { return "a.b.c.d.e" }, noRedirect("invalid_request_object")},
		{"exp required", func(_ *env, c map[string]any) { delete(c, "exp") }, nil, redirectErr("invalid_request_object")},
		{"expired request object refused", func(e *env, c map[string]any) { c["exp"] = e.clock.Now().Unix() - 1 }, nil, redirectErr("invalid_request_object")},
		{"exp at most 60 minutes after nbf", func(e *env, c map[string]any) { c["exp"] = e.clock.Now().Unix() + hour + 60 }, nil, redirectErr("invalid_request_object")},
		{"exp exactly 60 minutes after nbf accepted", func(e *env, c map[string]any) { c["exp"] = e.clock.Now().Unix() + hour }, nil, ok},
		{"nbf required", func(_ *env, c map[string]any) { delete(c, "nbf") }, nil, redirectErr("invalid_request_object")},
		{"nbf at most 60 minutes old", func(e *env, c map[string]any) {
			c["nbf"] = e.clock.Now().Unix() - hour - 60
			c["exp"] = e.clock.Now().Unix() + 60
		}, nil, redirectErr("invalid_request_object")},
		{"nbf in the future refused", func(e *env, c map[string]any) { c["nbf"] = e.clock.Now().Unix() + 600 }, nil, redirectErr("invalid_request_object")},
		{"aud containing the issuer accepted", func(e *env, c map[string]any) { c["aud"] = []string{"https://other", e.issuer} }, nil, ok},
		{"aud must be the issuer", func(_ *env, c map[string]any) { c["aud"] = "https://other.example" }, nil, redirectErr("invalid_request_object")},
		{"iss must be the client", func(_ *env, c map[string]any) { c["iss"] = "tpp2" }, nil, redirectErr("invalid_request_object")},
		{"nonce required", func(_ *env, c map[string]any) { delete(c, "nonce") }, nil, redirectErr("invalid_request")},
		{"redirect_uri must be registered", func(_ *env, c map[string]any) { c["redirect_uri"] = "https://evil.example/cb" }, nil, noRedirect("invalid_request")},
		{"redirect_uri matched exactly", func(_ *env, c map[string]any) { c["redirect_uri"] = tpp1Redirect + "/" }, nil, noRedirect("invalid_request")},
		{"redirect_uri required", func(_ *env, c map[string]any) { delete(c, "redirect_uri") }, nil, noRedirect("invalid_request")},
		{"scope must include openid", func(_ *env, c map[string]any) { c["scope"] = "accounts" }, nil, redirectErr("invalid_scope")},
		{"scope must be the client's", func(_ *env, c map[string]any) { c["scope"] = "openid admin" }, nil, redirectErr("invalid_scope")},
		{"consent as dynamic scope accepted", func(_ *env, c map[string]any) {
			id := c["claims"].(map[string]any)["id_token"].(map[string]any)["openbanking_intent_id"].(map[string]any)["value"]
			delete(c, "claims")
			c["scope"] = "openid accounts consent:" + id.(string)
		}, nil, ok},
		{"consent id required", func(_ *env, c map[string]any) { delete(c, "claims") }, nil, redirectErr("invalid_request")},
		{"consent scope and claim must agree", func(_ *env, c map[string]any) { c["scope"] = "openid accounts consent:urn:x:other" }, nil, redirectErr("invalid_request")},
		{"consent must exist", func(_ *env, c map[string]any) {
			c["claims"] = map[string]any{"id_token": map[string]any{"openbanking_intent_id": map[string]any{"value": "urn:x:missing"}}}
		}, nil, redirectErr("invalid_request")},
		{"consent must await authorisation", func(e *env, c map[string]any) {
			id := e.newConsent("tpp1")
			e.authorise(id)
			c["claims"] = map[string]any{"id_token": map[string]any{"openbanking_intent_id": map[string]any{"value": id}}}
		}, nil, redirectErr("invalid_request")},
		{"consent must be the client's", func(e *env, c map[string]any) {
			id := e.newConsent("tpp2")
			c["claims"] = map[string]any{"id_token": map[string]any{"openbanking_intent_id": map[string]any{"value": id}}}
		}, nil, redirectErr("invalid_request")},
		{"response_type code accepted", func(_ *env, c map[string]any) { c["response_type"] = "code" }, nil, ok},
		{"response_type token refused", func(_ *env, c map[string]any) { c["response_type"] = "token" }, nil, redirectErr("unsupported_response_type")},
		{"PKCE S256 accepted", func(_ *env, c map[string]any) {
			c["code_challenge"], c["code_challenge_method"] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256"
		}, nil, ok},
		{"PKCE plain refused", func(_ *env, c map[string]any) {
			c["code_challenge"], c["code_challenge_method"] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "plain"
		}, nil, redirectErr("invalid_request")},
		{"request object may not nest request_uri", func(_ *env, c map[string]any) { c["request_uri"] = "urn:x" }, nil, redirectErr("invalid_request_object")},
		{"claim of the wrong type refused", func(_ *env, c map[string]any) { c["nonce"] = 42 }, nil, redirectErr("invalid_request_object")},
	}
	for _, tc := range cases {
		t.Run(tc.rule, func(t *testing.T) {
			c := e.requestClaims(e.newConsent("tpp1"), "")
			if tc.mutate != nil {
				tc.mutate(e, c)
			}
			var raw string
			if tc.request != nil {
				raw = tc.request(c)
			} else {
				raw = sign(t, e.tpp1Key, jose.PS256, "tpp1-sig", c)
			}
			rt, _ := c["response_type"].(string)
			res := e.headlessAuth(authQuery("tpp1", rt, "openid", raw))
			checkHeadless(t, e, res, c, tc.want.status, tc.want.err)
		})
	}
}

// checkHeadless checks a GET /auth answer against the expected status and error, and the contract.
func checkHeadless(t *testing.T, e *env, res *http.Response, c map[string]any, status int, code string) {
	t.Helper()
	switch status {
	case http.StatusOK:
		var ok heimdall.AuthSuccessResponse
		body := decode(t, res, &ok)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("got %d %s, want 200", res.StatusCode, body)
		}
		checkContract(t, specAuth, http.MethodGet, 200, body)
		if ok.Interaction.Params.ConsentID() == "" {
			t.Fatalf("no consent id in %s", body)
		}
	case http.StatusBadRequest:
		var er heimdall.AuthErrorResponse
		body := decode(t, res, &er)
		if res.StatusCode != http.StatusBadRequest || !er.NoRedirect || er.Error != code {
			t.Fatalf("got %d %s, want 400 noRedirect %s", res.StatusCode, body, code)
		}
		checkContract(t, specAuth, http.MethodGet, 400, body)
	case http.StatusFound:
		checkContract(t, specAuth, http.MethodGet, 302, nil)
		u, v := redirectParams(t, res)
		if u.Scheme+"://"+u.Host+u.Path != tpp1Redirect {
			t.Fatalf("redirected to %s", u)
		}
		if v.Get("error") != code || v.Get("state") != c["state"] {
			t.Fatalf("redirect parameters %v, want error %s and the state", v, code)
		}
	}
}

// TestOnlyRequestObjectParametersCount: parameters outside the request object are ignored
// (FAPI 1.0 Advanced §5.2.2-10), except response_type and client_id, which must agree (OIDC §6.1).
func TestOnlyRequestObjectParametersCount(t *testing.T) {
	e := newEnv(t)
	c := e.requestClaims(e.newConsent("tpp1"), "")
	raw := sign(t, e.tpp1Key, jose.PS256, "tpp1-sig", c)
	q := authQuery("tpp1", "code id_token", "openid payments", raw)
	q.Set("redirect_uri", "https://evil.example/cb")
	q.Set("state", "outer")
	var ok heimdall.AuthSuccessResponse
	res := e.headlessAuth(q)
	if decode(t, res, &ok); res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	p := ok.Interaction.Params
	if p.RedirectURI != tpp1Redirect || p.State != c["state"] || p.Request != raw {
		t.Fatalf("outer parameters leaked into %+v", p)
	}
	q = authQuery("tpp1", "code", "openid", sign(t, e.tpp1Key, jose.PS256, "tpp1-sig", e.requestClaims(e.newConsent("tpp1"), "")))
	c2 := e.requestClaims(e.newConsent("tpp1"), "")
	q.Set("request", sign(t, e.tpp1Key, jose.PS256, "tpp1-sig", c2))
	checkHeadless(t, e, e.headlessAuth(q), c2, http.StatusFound, "invalid_request")
}

// TestHeadlessUnverifiableClient: without a known client or a request object the bank gets
// 400 noRedirect and must show its own error page.
func TestHeadlessUnverifiableClient(t *testing.T) {
	e := newEnv(t)
	raw := sign(t, e.tpp1Key, jose.PS256, "tpp1-sig", e.requestClaims(e.newConsent("tpp1"), ""))
	for name, tc := range map[string]struct {
		q    url.Values
		code string
	}{
		"unknown client":          {authQuery("nobody", "code id_token", "openid", raw), "invalid_client"},
		"no client_id":            {url.Values{"request": {raw}}, "invalid_request"},
		"no request object":       {url.Values{"client_id": {"tpp1"}, "response_type": {"code"}, "scope": {"openid"}, "redirect_uri": {tpp1Redirect}}, "invalid_request"},
		"request signed for tpp1": {authQuery("tpp2", "code id_token", "openid", raw), "invalid_request_object"},
		"unknown request_uri":     {url.Values{"client_id": {"tpp1"}, "request_uri": {"urn:ietf:params:oauth:request_uri:nope"}}, "invalid_request_uri"},
		"request and request_uri": {url.Values{"client_id": {"tpp1"}, "request": {raw}, "request_uri": {"urn:x"}}, "invalid_request"},
		"parameter given twice":   {url.Values{"client_id": {"tpp1", "tpp1"}, "request": {raw}}, "invalid_request"},
	} {
		t.Run(name, func(t *testing.T) {
			res := e.headlessAuth(tc.q)
			var er heimdall.AuthErrorResponse
			body := decode(t, res, &er)
			if res.StatusCode != http.StatusBadRequest || !er.NoRedirect || er.Error != tc.code {
				t.Fatalf("got %d %s, want 400 noRedirect %s", res.StatusCode, body, tc.code)
			}
			checkContract(t, specAuth, http.MethodGet, 400, body)
		})
	}
}

// TestPARRequiresPKCE: with PAR the request object is checked at push time, PKCE S256 is required,
// and the request_uri is single use and tied to its client.
func TestPARRequiresPKCE(t *testing.T) {
	e := newEnv(t)
	par := func(c map[string]any) *http.Response {
		return e.postForm(e.tpp1, e.issuer+authz.PathPAR, with(e.tpp1Auth(), url.Values{"request": {sign(t, e.tpp1Key, jose.PS256, "tpp1-sig", c)}}))
	}
	t.Run("without PKCE refused", func(t *testing.T) {
		wantOAuthError(t, par(e.requestClaims(e.newConsent("tpp1"), "")), http.StatusBadRequest, "invalid_request")
	})
	t.Run("RS256 refused", func(t *testing.T) {
		c := e.requestClaims(e.newConsent("tpp1"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
		res := e.postForm(e.tpp1, e.issuer+authz.PathPAR, with(e.tpp1Auth(), url.Values{"request": {sign(t, e.tpp1Key, jose.RS256, "tpp1-sig", c)}}))
		wantOAuthError(t, res, http.StatusBadRequest, "invalid_request_object")
	})
	t.Run("without request object refused", func(t *testing.T) {
		res := e.postForm(e.tpp1, e.issuer+authz.PathPAR, with(e.tpp1Auth(), url.Values{"scope": {"openid"}, "redirect_uri": {tpp1Redirect}}))
		wantOAuthError(t, res, http.StatusBadRequest, "invalid_request")
	})
	t.Run("with PKCE S256 accepted, request_uri single use", func(t *testing.T) {
		c := e.requestClaims(e.newConsent("tpp1"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
		res := e.postForm(e.tpp1, e.issuer+authz.PathPAR, with(e.tpp1Auth(), url.Values{"request": {sign(t, e.tpp1Key, jose.PS256, "tpp1-sig", c)}}))
		var pr struct {
			RequestURI string `json:"request_uri"`
			ExpiresIn  int    `json:"expires_in"`
		}
		if decode(t, res, &pr); res.StatusCode != http.StatusCreated || pr.RequestURI == "" || pr.ExpiresIn <= 0 || pr.ExpiresIn > 600 {
			t.Fatalf("PAR: %d %+v", res.StatusCode, pr)
		}
		q := url.Values{"client_id": {"tpp1"}, "request_uri": {pr.RequestURI}}
		checkHeadless(t, e, e.headlessAuth(q), c, http.StatusOK, "")
		checkHeadless(t, e, e.headlessAuth(q), c, http.StatusBadRequest, "invalid_request_uri")
	})
}

// TestDoConfirmAndDoFail covers the end of the interaction: single use, expiry, the heimdall.*
// controls and doFail's redirect.
func TestDoConfirmAndDoFail(t *testing.T) {
	e := newEnv(t)
	start := func() (heimdall.AuthSuccessResponse, map[string]any) {
		consent := e.newConsent("tpp1")
		c := e.requestClaims(consent, "")
		it := e.startInteraction(c)
		e.authorise(consent)
		return it, c
	}
	exchange := func(code string) map[string]any {
		var tok map[string]any
		res := e.postForm(e.tpp1, e.issuer+authz.PathToken, with(e.tpp1Auth(), url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {tpp1Redirect}}))
		if decode(t, res, &tok); res.StatusCode != http.StatusOK {
			t.Fatalf("exchange: %d %v", res.StatusCode, tok)
		}
		return tok
	}
	t.Run("doFail redirects with error, description and state", func(t *testing.T) {
		it, c := start()
		res := e.postForm(e.bank, e.bankURL+heimdall.FailPath(it.Interaction.InteractionID), heimdall.Fail{Error: "access_denied", ErrorDescription: "the customer refused"}.Form())
		checkContract(t, specDoFail, http.MethodPost, res.StatusCode, nil)
		_, v := redirectParams(t, res)
		if v.Get("error") != "access_denied" || v.Get("error_description") != "the customer refused" || v.Get("state") != c["state"] {
			t.Fatalf("doFail redirect %v", v)
		}
		// The interaction is over: confirming it now is refused without redirect.
		res = e.postForm(e.bank, e.bankURL+heimdall.ConfirmPath(it.Interaction.InteractionID), url.Values{})
		var er heimdall.AuthErrorResponse
		if decode(t, res, &er); res.StatusCode != http.StatusBadRequest || !er.NoRedirect {
			t.Fatalf("second completion: %d %+v", res.StatusCode, er)
		}
	})
	t.Run("response_type code answers in the query without id_token", func(t *testing.T) {
		consent := e.newConsent("tpp1")
		c := e.requestClaims(consent, "")
		c["response_type"] = "code"
		raw := sign(t, e.tpp1Key, jose.PS256, "tpp1-sig", c)
		var ok heimdall.AuthSuccessResponse
		res := e.headlessAuth(authQuery("tpp1", "code", "openid", raw))
		if decode(t, res, &ok); res.StatusCode != http.StatusOK {
			t.Fatalf("GET /auth: %d", res.StatusCode)
		}
		e.authorise(consent)
		res = e.postForm(e.bank, e.bankURL+heimdall.ConfirmPath(ok.Interaction.InteractionID), url.Values{})
		u, v := redirectParams(t, res)
		if u.Fragment != "" || v.Get("code") == "" || v.Get("state") != c["state"] || v.Has("id_token") {
			t.Fatalf("redirect %s", u)
		}
	})
	t.Run("interaction is single use", func(t *testing.T) {
		it, _ := start()
		e.confirm(it.Interaction.InteractionID, url.Values{})
		res := e.postForm(e.bank, e.bankURL+heimdall.ConfirmPath(it.Interaction.InteractionID), url.Values{})
		var er heimdall.AuthErrorResponse
		if decode(t, res, &er); res.StatusCode != http.StatusBadRequest || er.Error != "invalid_request" {
			t.Fatalf("second doConfirm: %d %+v", res.StatusCode, er)
		}
	})
	t.Run("interaction expires", func(t *testing.T) {
		it, _ := start()
		e.clock.Advance(11 * time.Minute)
		res := e.postForm(e.bank, e.bankURL+heimdall.ConfirmPath(it.Interaction.InteractionID), url.Values{})
		if decode(t, res, nil); res.StatusCode != http.StatusBadRequest {
			t.Fatalf("expired interaction: %d", res.StatusCode)
		}
	})
	t.Run("suppressRefreshToken honoured", func(t *testing.T) {
		it, _ := start()
		v := e.confirm(it.Interaction.InteractionID, heimdall.Confirm{SuppressRefreshToken: true}.Form())
		if tok := exchange(v.Get("code")); tok["refresh_token"] != nil {
			t.Fatalf("refresh token issued: %v", tok)
		}
	})
	t.Run("accessTokenValidity honoured", func(t *testing.T) {
		it, _ := start()
		v := e.confirm(it.Interaction.InteractionID, heimdall.Confirm{AccessTokenValidity: 300 * time.Second}.Form())
		if tok := exchange(v.Get("code")); tok["expires_in"] != float64(300) {
			t.Fatalf("expires_in %v, want 300", tok["expires_in"])
		}
	})
	t.Run("accessTokenValidity outside 300-900 refused", func(t *testing.T) {
		it, _ := start()
		res := e.postForm(e.bank, e.bankURL+heimdall.ConfirmPath(it.Interaction.InteractionID), heimdall.Confirm{AccessTokenValidity: 3600 * time.Second}.Form())
		var er heimdall.AuthErrorResponse
		if decode(t, res, &er); res.StatusCode != http.StatusBadRequest || er.Error != "invalid_request" {
			t.Fatalf("got %d %+v", res.StatusCode, er)
		}
		// The refused call did not consume the interaction.
		e.confirm(it.Interaction.InteractionID, url.Values{})
	})
	t.Run("refreshTokenValidity honoured", func(t *testing.T) {
		it, _ := start()
		v := e.confirm(it.Interaction.InteractionID, heimdall.Confirm{RefreshTokenValidity: 600 * time.Second}.Form())
		tok := exchange(v.Get("code"))
		var in map[string]any
		res := e.postForm(e.tpp1, e.issuer+authz.PathIntrospect, with(e.tpp1Auth(), url.Values{"token": {tok["refresh_token"].(string)}}))
		decode(t, res, &in)
		if in["active"] != true || in["exp"] != float64(e.clock.Now().Add(600*time.Second).Unix()) {
			t.Fatalf("refresh token introspection %v", in)
		}
	})
	t.Run("form fields become id_token claims, reserved ones refused", func(t *testing.T) {
		it, _ := start()
		res := e.postForm(e.bank, e.bankURL+heimdall.ConfirmPath(it.Interaction.InteractionID), url.Values{"nonce": {"x"}})
		if decode(t, res, nil); res.StatusCode != http.StatusBadRequest {
			t.Fatalf("reserved claim accepted: %d", res.StatusCode)
		}
		v := e.confirm(it.Interaction.InteractionID, url.Values{"psu_name": {"Maria"}, "acr": {"urn:brasil:openbanking:loa3"}})
		var claims map[string]any
		idt, _ := jose.ParseSignedCompact(v.Get("id_token"), []jose.SignatureAlgorithm{jose.PS256})
		json.Unmarshal(idt.UnsafePayloadWithoutVerification(), &claims)
		if claims["psu_name"] != "Maria" || claims["acr"] != "urn:brasil:openbanking:loa3" {
			t.Fatalf("claims %v", claims)
		}
	})
	t.Run("wrong content type refused", func(t *testing.T) {
		it, _ := start()
		res, err := e.client(e.bank).Post(e.bankURL+heimdall.ConfirmPath(it.Interaction.InteractionID), "application/json", nil)
		if err != nil {
			t.Fatal(err)
		}
		var er heimdall.AuthErrorResponse
		if decode(t, res, &er); res.StatusCode != http.StatusBadRequest || er.Error != "invalid_request" {
			t.Fatalf("got %d %+v", res.StatusCode, er)
		}
	})
}
