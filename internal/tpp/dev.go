package tpp

import (
	"crypto"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"path/filepath"

	"github.com/go-jose/go-jose/v4"

	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/state"
)

// DefaultRedirectURI is the redirect URI `ifconnect platform` registers for the development TPPs; the
// TPP web app listens there.
const DefaultRedirectURI = "https://127.0.0.1:8446/callback"

// DefaultIssuer is where `ifconnect platform` serves TPPs when endpoints.json does not say.
const DefaultIssuer = "https://127.0.0.1:9443"

// DevTPP is one development TPP of `ifconnect pki init` and `ifconnect platform`.
type DevTPP struct {
	ClientID, Identity, AuthMethod string
}

// DevTPPs are the two development TPPs (docs/platform-authorization-server.md).
var DevTPPs = []DevTPP{
	{ClientID: "tpp1", Identity: "tpp1-client", AuthMethod: AuthPrivateKeyJWT},
	{ClientID: "tpp2", Identity: "tpp2-client", AuthMethod: AuthTLSClientAuth},
}

// DevConfig is the configuration of the development TPP clientID from the state directory: its
// certificate and signing key in STATE/pki, the platform's issuer from endpoints.json (issuer, when
// not empty, overrides it) and the redirect URI.
func DevConfig(st state.Dir, clientID, issuer, redirectURI string) (Config, error) {
	var d *DevTPP
	for i := range DevTPPs {
		if DevTPPs[i].ClientID == clientID {
			d = &DevTPPs[i]
		}
	}
	if d == nil {
		return Config{}, fmt.Errorf("tpp: %q is not a development TPP (tpp1 or tpp2)", clientID)
	}
	dir := st.PKIDir()
	if issuer == "" {
		issuer = DefaultIssuer
		if ep, err := st.Endpoint("platform-tpp"); err == nil {
			issuer = ep.URL
		}
	}
	if redirectURI == "" {
		redirectURI = DefaultRedirectURI
	}
	tlsCfg, err := pki.ClientConfig(pki.ClientOptions{Identity: pki.DevIdentity(dir, d.Identity), RootCAFiles: []string{pki.DevCAFile(dir)}})
	if err != nil {
		return Config{}, fmt.Errorf("tpp: %s's certificate (run 'ifconnect pki init'): %w", clientID, err)
	}
	keyFile := filepath.Join(dir, clientID+"-signing-key.pem")
	key, err := pki.LoadPrivateKey(keyFile)
	if err != nil {
		return Config{}, fmt.Errorf("tpp: %s's signing key %s (the platform creates it at its first start): %w", clientID, keyFile, err)
	}
	kid, err := KeyID(key)
	if err != nil {
		return Config{}, err
	}
	return Config{Issuer: issuer, ClientID: clientID, AuthMethod: d.AuthMethod, TLS: tlsCfg, SigningKey: key, KeyID: kid, RedirectURI: redirectURI}, nil
}

// KeyID is the RFC 7638 thumbprint of key's public half, the kid the platform registers for it.
func KeyID(key crypto.Signer) (string, error) {
	tp, err := (&jose.JSONWebKey{Key: key.Public()}).Thumbprint(crypto.SHA256)
	if err != nil {
		return "", fmt.Errorf("tpp: key thumbprint: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(tp), nil
}

// DevBrowserTLS trusts the development CA, for a browser visiting the bank's pages.
func DevBrowserTLS(st state.Dir) (*tls.Config, error) {
	cfg, err := pki.ClientConfig(pki.ClientOptions{RootCAFiles: []string{pki.DevCAFile(st.PKIDir())}})
	if err != nil {
		return nil, fmt.Errorf("tpp: the development CA (run 'ifconnect pki init'): %w", err)
	}
	return cfg, nil
}
