package pkitest_test

import (
	"crypto/rsa"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

func TestHTTPSServerAcceptsOnlyAllowedClients(t *testing.T) {
	p := pkitest.New(t)
	bank := p.Client("bank-client")
	srv := p.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, r.TLS.PeerCertificates[0].Subject.CommonName)
	}), bank)

	res, err := p.HTTPClient(bank).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(b) != "bank-client" {
		t.Fatalf("server saw %q", b)
	}
	for name, id := range map[string]pki.Identity{
		"no certificate":          {},
		"foreign CA":              p.ForeignClient("bank-client"),
		"not allow-listed":        p.Client("someone-else"),
		"rotated, not yet listed": p.Rotate("bank-client"),
	} {
		if _, err := p.HTTPClient(id).Get(srv.URL); err == nil {
			t.Errorf("%s: request succeeded", name)
		}
	}
}

func TestPublicServerNeedsNoClientCertificate(t *testing.T) {
	p := pkitest.New(t)
	srv := p.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	res, err := p.HTTPClient(pki.Identity{}).Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
}

func TestIdentitiesAreStableAndDistinct(t *testing.T) {
	p := pkitest.New(t)
	first := p.Client("a")
	if p.Client("a") != first {
		t.Error("the same name gave two identities")
	}
	if p.Fingerprint(p.Client("a")) == p.Fingerprint(p.Client("b")) {
		t.Error("two names share a certificate")
	}
	if p.Certificate(p.Client("a")).PublicKey.(*rsa.PublicKey).Equal(p.Certificate(p.Client("b")).PublicKey) {
		t.Error("two identities of one PKI share a key")
	}
	tpp := pkitest.TPPSubject("tpp1")
	if tpp != pkitest.TPPSubject("tpp1") || tpp.OrganizationID == pkitest.TPPSubject("tpp2").OrganizationID {
		t.Error("TPP subjects must be deterministic per name and distinct across names")
	}
	if !strings.HasPrefix(p.Certificate(p.TPP("tpp1")).Subject.SerialNumber, tpp.CNPJ[:8]) {
		t.Error("TPP certificate does not carry the subject's CNPJ")
	}
}

func TestShortLived(t *testing.T) {
	p := pkitest.New(t)
	soon := p.Certificate(p.ShortLived("soon", 10*24*time.Hour))
	if left := time.Until(soon.NotAfter); left <= 9*24*time.Hour || left > 10*24*time.Hour {
		t.Errorf("short-lived certificate expires in %v", left)
	}
	gone := p.Certificate(p.ShortLived("gone", -time.Hour))
	if !gone.NotAfter.Before(time.Now()) {
		t.Errorf("expired certificate has NotAfter %v", gone.NotAfter)
	}
}

func TestConcurrentUseAgreesOnIdentities(t *testing.T) {
	p := pkitest.New(t)
	ids := make(chan pki.Identity, 8)
	for range 8 {
		go func() { ids <- p.Client("shared") }()
	}
	first := <-ids
	for range 7 {
		if id := <-ids; id != first {
			t.Fatalf("concurrent callers got %v and %v", first, id)
		}
	}
}
