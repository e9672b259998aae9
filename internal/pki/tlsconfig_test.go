package pki_test

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

func TestMutualTLSHandshakes(t *testing.T) {
	p := pkitest.New(t)
	allowed := p.Client("bank-client")
	stranger := p.Client("stranger")
	foreign := p.ForeignClient("bank-client")
	byDN := p.TPP("tpp1")
	opts := p.ServerOptions(allowed)
	// The TPP is allowed by its subject DN, written in OpenSSL's order, to prove DNs normalise.
	dn, err := pki.ParseAllowList("C=BR, ST=SP, L=São Paulo, O=TPP tpp1 LTDA, OU=" + pkitest.TPPSubject("tpp1").OrganizationID +
		", CN=tpp1.localhost, serialNumber=" + pkitest.TPPSubject("tpp1").CNPJ + ", businessCategory=Private Organization" +
		", jurisdictionC=BR, UID=" + pkitest.TPPSubject("tpp1").SoftwareStatementID + ", organizationIdentifier=OFBBR-" + pkitest.TPPSubject("tpp1").OrganizationID)
	if err != nil {
		t.Fatal(err)
	}
	opts.AllowList = opts.AllowList.Merge(dn)
	cfg, err := pki.ServerConfig(opts)
	if err != nil {
		t.Fatal(err)
	}
	addr := serve(t, cfg)

	client := func(id pki.Identity, change func(*tls.Config)) *tls.Config {
		c := p.ClientConfig(id)
		if change != nil {
			change(c)
		}
		return c
	}
	tls12 := func(suite uint16) func(*tls.Config) {
		return func(c *tls.Config) {
			c.MinVersion, c.MaxVersion, c.CipherSuites = tls.VersionTLS12, tls.VersionTLS12, []uint16{suite}
		}
	}
	tests := []struct {
		name   string
		client *tls.Config
		ok     bool
		reason string // what the refusal must say, so a test cannot pass for the wrong reason
	}{
		{"allow-listed client over TLS 1.3 is accepted", client(allowed, nil), true, ""},
		{"allow-listed client over TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256 is accepted", client(allowed, tls12(tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)), true, ""},
		{"allow-listed client over TLS 1.2 with ECDHE-RSA-AES256-GCM-SHA384 is accepted", client(allowed, tls12(tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)), true, ""},
		{"client allowed by subject DN is accepted", client(byDN, nil), true, ""},
		{"client without a certificate is refused", client(pki.Identity{}, nil), false, "certificate required"},
		{"client certificate from another CA is refused", client(foreign, nil), false, "unknown certificate authority"},
		{"valid client certificate not on the allow-list is refused", client(stranger, nil), false, "bad certificate"},
		{"TLS 1.1 client is refused", client(allowed, func(c *tls.Config) { c.MinVersion, c.MaxVersion = tls.VersionTLS11, tls.VersionTLS11 }), false, "protocol version not supported"},
		{"TLS 1.2 client offering only ECDHE-RSA-AES128-CBC-SHA256 is refused", client(allowed, tls12(tls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256)), false, "handshake failure"},
		{"TLS 1.2 client offering only ECDHE-RSA-CHACHA20-POLY1305 is refused", client(allowed, tls12(tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256)), false, "handshake failure"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dial(addr, tt.client)
			if tt.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tt.ok && err == nil {
				t.Fatal("accepted")
			}
			if !tt.ok && !strings.Contains(err.Error(), tt.reason) {
				t.Fatalf("refused with %q, want %q", err, tt.reason)
			}
		})
	}
}

func TestServerWithoutClientAuthAcceptsAnyone(t *testing.T) {
	p := pkitest.New(t)
	addr := serve(t, p.WebServerConfig())
	if _, err := dial(addr, p.ClientConfig(pki.Identity{})); err != nil {
		t.Fatalf("public server refused a client without certificate: %v", err)
	}
}

func TestServerConfigRefusesRequiredClientCertWithoutAllowList(t *testing.T) {
	p := pkitest.New(t)
	_, err := pki.ServerConfig(pki.ServerOptions{Identity: p.Server(), RequireClientCert: true, ClientCAFiles: []string{p.CAFile}})
	if err == nil || !strings.Contains(err.Error(), "allow-list is empty") {
		t.Fatalf("err = %v, want the empty allow-list named", err)
	}
}

func TestClientPinsServerByAllowList(t *testing.T) {
	p := pkitest.New(t)
	addr := serve(t, p.WebServerConfig())
	other := p.Rotate("server")
	cfg, err := pki.ClientConfig(pki.ClientOptions{RootCAFiles: []string{p.CAFile}, AllowList: p.AllowList(other)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dial(addr, cfg); err == nil {
		t.Fatal("client accepted a server certificate that is not on its allow-list")
	}
}

func TestConfigsFollowFAPI(t *testing.T) {
	p := pkitest.New(t)
	for name, cfg := range map[string]*tls.Config{"server": p.ServerConfig(p.Client("c")), "client": p.ClientConfig(p.Client("c"))} {
		if cfg.MinVersion != tls.VersionTLS12 {
			t.Errorf("%s MinVersion = %x, want TLS 1.2", name, cfg.MinVersion)
		}
		if len(cfg.CipherSuites) != 2 || cfg.CipherSuites[0] != tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 || cfg.CipherSuites[1] != tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 {
			t.Errorf("%s CipherSuites = %v, want the two FAPI suites", name, cfg.CipherSuites)
		}
	}
}

func TestVerifyClientDecidesWithoutAllowList(t *testing.T) {
	p := pkitest.New(t)
	registered, unknown := p.TPP("tpp1"), p.TPP("tpp2")
	cfg, err := pki.ServerConfig(pki.ServerOptions{
		Identity: p.Server(), RequireClientCert: true, ClientCAFiles: []string{p.CAFile},
		VerifyClient: func(c *x509.Certificate) error {
			s, err := pki.ParseTPPSubject(c)
			if err != nil || s.OrganizationID != pkitest.TPPSubject("tpp1").OrganizationID {
				return errors.New("not a registered TPP")
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	addr := serve(t, cfg)
	if _, err := dial(addr, p.ClientConfig(registered)); err != nil {
		t.Fatalf("registered TPP refused: %v", err)
	}
	if _, err := dial(addr, p.ClientConfig(unknown)); err == nil {
		t.Fatal("unregistered TPP accepted")
	}
	if _, err := dial(addr, p.ClientConfig(p.ForeignClient("tpp1"))); err == nil {
		t.Fatal("certificate from another CA accepted")
	}
}

func TestOptionalClientCertificate(t *testing.T) {
	p := pkitest.New(t)
	addr := serve(t, p.OptionalClientCertConfig())
	for _, tt := range []struct {
		name string
		id   pki.Identity
		ok   bool
	}{
		{"client without a certificate is let in", pki.Identity{}, true},
		{"client with a certificate from the CA is let in", p.TPP("tpp1"), true},
		{"client with a certificate from another CA is refused", p.ForeignClient("tpp1"), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dial(addr, p.ClientConfig(tt.id))
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
		})
	}
}
