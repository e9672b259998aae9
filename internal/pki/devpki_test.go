package pki_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ifconnect/ifconnect/internal/pki"
	"github.com/ifconnect/ifconnect/internal/pki/pkitest"
)

func devSpecs(t *testing.T) []pki.DevSpec {
	s := pkitest.TPPSubject("tpp1")
	return []pki.DevSpec{
		{Name: "srv", Request: pki.Request{Kind: pki.KindServer, Key: pkitest.Key(t, 0)}},
		{Name: "cli", Request: pki.Request{Kind: pki.KindClient, CommonName: "cli", Key: pkitest.Key(t, 1)}},
		{Name: "tpp1", Request: pki.Request{Kind: pki.KindTPP, TPP: &s, Key: pkitest.Key(t, 2)}},
	}
}

func TestInitDevForceFailureLeavesThePreviousPKI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	if _, err := pki.InitDev(dir, pki.InitOptions{Specs: devSpecs(t), CABits: 2048}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(dir, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	bad := pkitest.TPPSubject("broken")
	bad.OrganizationID = "not-a-uuid"
	specs := append(devSpecs(t), pki.DevSpec{Name: "broken", Request: pki.Request{Kind: pki.KindTPP, TPP: &bad, Key: pkitest.Key(t, 3)}})
	_, err = pki.InitDev(dir, pki.InitOptions{Specs: specs, Force: true, CABits: 2048})
	if err == nil || !strings.Contains(err.Error(), "broken") {
		t.Fatalf("err = %v, want the failing identity named", err)
	}
	after, err := os.ReadFile(filepath.Join(dir, "ca.pem"))
	if err != nil || string(after) != string(before) {
		t.Fatalf("the failed --force changed the CA (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "broken.pem")); err == nil {
		t.Error("a half-made identity was left behind")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".pki.*"))
	if len(left) > 0 {
		t.Errorf("temporary directories left: %v", left)
	}
	m, err := pki.ReadManifest(dir)
	if err != nil || len(m.Identities) != 3 {
		t.Fatalf("manifest after the failed --force: %v, %v", m, err)
	}
}

func TestInitDevRefusesIdentitiesWithoutCA(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cli.pem"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := pki.InitDev(dir, pki.InitOptions{Specs: devSpecs(t), CABits: 2048}); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("err = %v", err)
	}
}

func TestManifestResolvesIdentities(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	rep, err := pki.InitDev(dir, pki.InitOptions{Specs: devSpecs(t), CABits: 2048})
	if err != nil {
		t.Fatal(err)
	}
	m, err := pki.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	id, err := m.Identity("cli")
	if err != nil || id != pki.DevIdentity(dir, "cli") {
		t.Fatalf("Identity(cli) = %+v, %v", id, err)
	}
	if m.CAFile() != pki.DevCAFile(dir) {
		t.Errorf("CAFile %s", m.CAFile())
	}
	if _, err := m.Identity("nobody"); err == nil {
		t.Error("unknown identity resolved")
	}
	e, _ := m.Entry("tpp1")
	if e.TPP == nil || e.TPP.OrganizationID != pkitest.TPPSubject("tpp1").OrganizationID || e.Thumbprint == "" {
		t.Errorf("tpp1 entry %+v", e)
	}
	if len(rep.Issued) != 3 || !rep.Created {
		t.Errorf("report %+v", rep)
	}
	if _, err := pki.IssueDev(dir, pki.DevSpec{Name: "cli", Request: pki.Request{Kind: pki.KindClient, CommonName: "cli"}}, false, nil); err == nil {
		t.Error("IssueDev replaced an identity without force")
	}
}
