package pki_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

func TestIdentityLoadErrorsNameTheFile(t *testing.T) {
	p := pkitest.New(t)
	a, b := p.Client("a"), p.Client("b")
	notPEM := filepath.Join(t.TempDir(), "garbage.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing.pem")
	tests := []struct {
		name string
		id   pki.Identity
		want []string
	}{
		{"unreadable certificate", pki.Identity{CertFile: missing, KeyFile: a.KeyFile}, []string{missing}},
		{"unreadable key", pki.Identity{CertFile: a.CertFile, KeyFile: missing}, []string{missing}},
		{"certificate file is not PEM", pki.Identity{CertFile: notPEM, KeyFile: a.KeyFile}, []string{notPEM, "no PEM CERTIFICATE"}},
		{"key file is not PEM", pki.Identity{CertFile: a.CertFile, KeyFile: notPEM}, []string{notPEM, "no PEM private key"}},
		{"certificate and key do not match", pki.Identity{CertFile: a.CertFile, KeyFile: b.KeyFile}, []string{a.CertFile, b.KeyFile, "do not match"}},
		{"key file missing from the identity", pki.Identity{Name: "x", CertFile: a.CertFile}, []string{"both a certificate file and a key file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.id.Load()
			if err == nil {
				t.Fatal("loaded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	if _, err := a.Load(); err != nil {
		t.Fatalf("a matching pair failed to load: %v", err)
	}
}

func TestLoadCertPoolNamesBadFile(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(bad, []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := pki.LoadCertPool(bad); err == nil || !strings.Contains(err.Error(), bad) {
		t.Fatalf("err = %v, want it to name %s", err, bad)
	}
}

func FuzzParsePEM(f *testing.F) {
	p := pkitest.New(f)
	for _, file := range []string{p.CAFile, p.Server().CertFile, p.Server().KeyFile} {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
	f.Add([]byte("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"))
	f.Add([]byte("garbage"))
	f.Fuzz(func(t *testing.T, b []byte) {
		// Files come from operators; anything must give certificates or an error, never a panic.
		if certs, err := pki.ParseCertificatesPEM(b); err == nil && len(certs) == 0 {
			t.Fatal("no error and no certificate")
		}
		if k, err := pki.ParsePrivateKeyPEM(b); err == nil && k == nil {
			t.Fatal("no error and no key")
		}
	})
}
