package pki_test

import (
	"crypto/x509"
	"encoding/asn1"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

func TestIssuedCertificatesFollowTheDesignLimits(t *testing.T) {
	p := pkitest.New(t)
	for _, id := range []pki.Identity{p.Server(), p.Client("c"), p.TPP("t")} {
		c := p.Certificate(id)
		if c.SignatureAlgorithm != x509.SHA256WithRSA {
			t.Errorf("%s: signature %v, want SHA256-RSA", id.Name, c.SignatureAlgorithm)
		}
		if life := c.NotAfter.Sub(c.NotBefore); life > pki.MaxLeafValidity {
			t.Errorf("%s: valid for %v, more than a year", id.Name, life)
		}
		if _, err := c.Verify(x509.VerifyOptions{Roots: pool(t, p.CAFile), KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
			t.Errorf("%s does not chain to the CA: %v", id.Name, err)
		}
	}
	srv := p.Certificate(p.Server())
	if err := srv.VerifyHostname("localhost"); err != nil {
		t.Error(err)
	}
	for _, ip := range []string{"127.0.0.1", "::1"} {
		if err := srv.VerifyHostname(ip); err != nil {
			t.Error(err)
		}
	}
}

func pool(t *testing.T, file string) *x509.CertPool {
	t.Helper()
	p, err := pki.LoadCertPool(file)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestIssueRefuses(t *testing.T) {
	p := pkitest.New(t)
	sub := pkitest.TPPSubject("x")
	bad := sub
	bad.CNPJ = "12.345.678/0001-95"
	noOrg := sub
	noOrg.OrganizationID = "not-a-uuid"
	tests := []struct {
		name string
		req  pki.Request
		want string
	}{
		{"validity over a year", pki.Request{Kind: pki.KindClient, CommonName: "a", Validity: 366 * 24 * time.Hour, Key: pkitest.Key(t, 0)}, "at most one year"},
		{"client without a name", pki.Request{Kind: pki.KindClient, Key: pkitest.Key(t, 0)}, "common name"},
		{"TPP without a subject", pki.Request{Kind: pki.KindTPP, Key: pkitest.Key(t, 0)}, "subject is required"},
		{"TPP with a punctuated CNPJ", pki.Request{Kind: pki.KindTPP, TPP: &bad, Key: pkitest.Key(t, 0)}, "14 digits"},
		{"TPP with an organisation id that is not a UUID", pki.Request{Kind: pki.KindTPP, TPP: &noOrg, Key: pkitest.Key(t, 0)}, "not a UUID"},
		{"unknown kind", pki.Request{Kind: "ca", CommonName: "x", Key: pkitest.Key(t, 0)}, "unknown kind"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.CA.Issue(tt.req)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := pki.GenerateKey(1024); err == nil {
		t.Error("a 1024-bit key was generated")
	}
}

func TestServerCertificateWithGivenNames(t *testing.T) {
	p := pkitest.New(t)
	iss, err := p.CA.Issue(pki.Request{Kind: pki.KindServer, DNSNames: []string{"bank.example"}, IPAddresses: []net.IP{net.ParseIP("10.0.0.1")}, Key: pkitest.Key(t, 1)})
	if err != nil {
		t.Fatal(err)
	}
	if iss.Cert.Subject.CommonName != "bank.example" || iss.Cert.VerifyHostname("10.0.0.1") != nil || iss.Cert.VerifyHostname("localhost") == nil {
		t.Fatalf("names: CN %q, DNS %v, IP %v", iss.Cert.Subject.CommonName, iss.Cert.DNSNames, iss.Cert.IPAddresses)
	}
}

func TestTPPCertificateCarriesTheOpenBankingBrasilSubject(t *testing.T) {
	p := pkitest.New(t)
	want := pkitest.TPPSubject("tpp1")
	c := p.Certificate(p.TPP("tpp1"))
	attr := map[string]string{}
	for _, atv := range c.Subject.Names {
		attr[atv.Type.String()], _ = atv.Value.(string)
	}
	for oid, v := range map[string]string{
		"2.5.4.97":                  "OFBBR-" + want.OrganizationID,
		"0.9.2342.19200300.100.1.1": want.SoftwareStatementID,
		"2.5.4.5":                   want.CNPJ,
		"2.5.4.3":                   "tpp1.localhost",
		"2.5.4.10":                  want.Organization,
		"2.5.4.11":                  want.OrganizationID,
		"2.5.4.6":                   "BR",
		"2.5.4.7":                   "São Paulo",
		"2.5.4.8":                   "SP",
		"2.5.4.15":                  "Private Organization",
		"1.3.6.1.4.1.311.60.2.1.3":  "BR",
	} {
		if attr[oid] != v {
			t.Errorf("subject attribute %s = %q, want %q", oid, attr[oid], v)
		}
	}
	got, err := pki.ParseTPPSubject(c)
	if err != nil {
		t.Fatal(err)
	}
	want.BusinessCategory = "Private Organization"
	if got != want {
		t.Errorf("ParseTPPSubject = %+v, want %+v", got, want)
	}
	if _, err := pki.ParseTPPSubject(p.Certificate(p.Client("plain"))); err == nil {
		t.Error("a plain client certificate parsed as a TPP's")
	}
	dn := pki.SubjectDN(c)
	for _, part := range []string{"CN=tpp1.localhost", "organizationIdentifier=OFBBR-" + want.OrganizationID, "UID=" + want.SoftwareStatementID, "serialNumber=" + want.CNPJ} {
		if !strings.Contains(dn, part) {
			t.Errorf("SubjectDN %q lacks %q", dn, part)
		}
	}
	if !asn1.ObjectIdentifier(pki.OIDOrganizationIdentifier).Equal(asn1.ObjectIdentifier{2, 5, 4, 97}) {
		t.Error("organizationIdentifier OID")
	}
}

func TestLoadCA(t *testing.T) {
	p := pkitest.New(t)
	dir := t.TempDir()
	key := dir + "/ca-key.pem"
	replace(t, key, mustKeyPEM(t, p.CA))
	ca, err := pki.LoadCA(p.CAFile, key)
	if err != nil {
		t.Fatal(err)
	}
	if !ca.Cert.Equal(p.CA.Cert) {
		t.Fatal("loaded another CA")
	}
	if _, err := pki.LoadCA(p.Server().CertFile, p.Server().KeyFile); err == nil || !strings.Contains(err.Error(), "not a CA") {
		t.Fatalf("a leaf loaded as a CA: %v", err)
	}
	if _, err := pki.LoadCA(p.CAFile, p.Server().KeyFile); err == nil || !strings.Contains(err.Error(), "do not match") {
		t.Fatalf("mismatched CA key: %v", err)
	}
}

func mustKeyPEM(t *testing.T, ca *pki.CA) []byte {
	t.Helper()
	b, err := pki.EncodePrivateKeyPEM(ca.Key)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
