package authz_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/platform/authz"
)

// TestTokensThroughCertificateRotation is the rule of flow_refresh.go: when a TPP moves to a new
// transport certificate, its certificate-bound access tokens stop working (RFC 8705 §3) with a clear
// error, and its refresh token — bound to the client, which authenticates — gets it new access
// tokens bound to the new certificate; a certificate that is not the client's gets nothing.
func TestTokensThroughCertificateRotation(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	consent := e.newConsent("tpp2")
	e.authorise(consent)
	oldCert := e.pki.Certificate(e.tpp2)
	now := e.clock.Now()
	hash := func(raw string) string { h := sha256.Sum256([]byte(raw)); return hex.EncodeToString(h[:]) }
	const access, refresh = "rotation-access-token-0123456789", "rotation-refresh-token-0123456789"
	if err := e.store.SaveTokens(ctx,
		authz.Token{Hash: hash(access), Kind: authz.KindAccess, GrantID: "g-rot", ClientID: "tpp2", Subject: "u-1", Scope: "openid accounts consent:" + consent,
			ConsentID: consent, Thumbprint: pki.Thumbprint(oldCert), IssuedAt: now, ExpiresAt: now.Add(10 * time.Minute)},
		authz.Token{Hash: hash(refresh), Kind: authz.KindRefresh, GrantID: "g-rot", ClientID: "tpp2", Subject: "u-1", Scope: "openid accounts consent:" + consent,
			ConsentID: consent, Thumbprint: pki.Thumbprint(oldCert), IssuedAt: now, ExpiresAt: now.Add(24 * time.Hour)},
	); err != nil {
		t.Fatal(err)
	}
	if _, err := e.server.AccessToken(ctx, access, oldCert); err != nil {
		t.Fatalf("the access token does not work over its own certificate: %v", err)
	}

	rotated := e.pki.Rotate("tpp2")
	newCert := e.pki.Certificate(rotated)
	if pki.SubjectDN(newCert) != pki.SubjectDN(oldCert) || pki.Thumbprint(newCert) == pki.Thumbprint(oldCert) {
		t.Fatal("the rotated certificate should keep the subject and change the key")
	}
	if _, err := e.server.AccessToken(ctx, access, newCert); err == nil {
		t.Fatal("an access token bound to the old certificate was accepted over the new one")
	}

	refreshOver := func(id pki.Identity) (int, map[string]any) {
		res := e.postForm(id, e.issuer+authz.PathToken, url.Values{"client_id": {"tpp2"}, "grant_type": {"refresh_token"}, "refresh_token": {refresh}})
		var body map[string]any
		decode(t, res, &body)
		return res.StatusCode, body
	}
	code, body := refreshOver(rotated)
	if code != http.StatusOK || body["access_token"] == nil {
		t.Fatalf("refresh over the rotated certificate = %d %v; want a new access token", code, body)
	}
	fresh := body["access_token"].(string)
	if _, err := e.server.AccessToken(ctx, fresh, newCert); err != nil {
		t.Errorf("the new access token is not bound to the new certificate: %v", err)
	}
	if _, err := e.server.AccessToken(ctx, fresh, oldCert); err == nil {
		t.Error("the new access token also works over the old certificate")
	}

	// A certificate of another client cannot use the refresh token, whatever it authenticates as.
	other := e.pki.TPP("tpp9")
	code, body = refreshOver(other)
	if code == http.StatusOK {
		t.Fatalf("refresh over another TPP's certificate = %d %v; want refused", code, body)
	}
	if desc, _ := body["error_description"].(string); body["error"] != "invalid_client" && !strings.Contains(desc, "certificate") {
		t.Errorf("refusal %v does not say why", body)
	}

	// A private_key_jwt client proves itself by its key: its refresh token over a certificate that is
	// not its own is refused by invalid_grant, naming the certificate.
	consent1 := e.newConsent("tpp1")
	e.authorise(consent1)
	const refresh1 = "rotation-refresh-token-tpp1-0123456789"
	if err := e.store.SaveTokens(ctx, authz.Token{Hash: hash(refresh1), Kind: authz.KindRefresh, GrantID: "g-rot1", ClientID: "tpp1", Subject: "u-1",
		Scope: "openid accounts consent:" + consent1, ConsentID: consent1, Thumbprint: e.thumbprint(e.tpp1), IssuedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	res := e.postForm(e.tpp2, e.issuer+authz.PathToken, with(e.tpp1Auth(), url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh1}}))
	body = nil
	decode(t, res, &body)
	if desc, _ := body["error_description"].(string); res.StatusCode == http.StatusOK || (body["error"] == "invalid_grant" && !strings.Contains(desc, "certificate")) {
		t.Errorf("tpp1's refresh over tpp2's certificate = %d %v; want refused, naming the certificate", res.StatusCode, body)
	}
	tpp1New := e.pki.Rotate("tpp1")
	res = e.postForm(tpp1New, e.issuer+authz.PathToken, with(e.tpp1Auth(), url.Values{"grant_type": {"refresh_token"}, "refresh_token": {refresh1}}))
	body = nil
	if decode(t, res, &body); res.StatusCode != http.StatusOK {
		t.Errorf("tpp1's refresh over its rotated certificate = %d %v; want a new access token", res.StatusCode, body)
	}
}
