package pki

import (
	"cmp"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// ManifestFile is the name of the manifest in a PKI directory.
const ManifestFile = "pki.json"

// Manifest lists a PKI directory's CA and identities — files, fingerprints, subjects, expiry — for
// tools and commands to find certificates by name instead of by guessing paths. File names in it are
// relative to the directory, so the directory can move.
type Manifest struct {
	// Dir is the directory the manifest was read from; file names resolve against it.
	Dir        string          `json:"-"`
	CA         ManifestEntry   `json:"ca"`
	Identities []ManifestEntry `json:"identities"`
}

// ManifestEntry describes one certificate and its key.
type ManifestEntry struct {
	Name        string    `json:"name"`
	Kind        Kind      `json:"kind,omitempty"`
	CertFile    string    `json:"cert"`
	KeyFile     string    `json:"key"`
	Fingerprint string    `json:"fingerprint"`
	Thumbprint  string    `json:"x5tS256"`
	Subject     string    `json:"subject"`
	NotAfter    time.Time `json:"notAfter"`
	DNSNames    []string  `json:"dnsNames,omitempty"`
	IPAddresses []string  `json:"ipAddresses,omitempty"`
	// TPP holds the Open Banking Brasil identifiers of a TPP certificate.
	TPP *ManifestTPP `json:"tpp,omitempty"`
}

// ManifestTPP is what the platform's registry needs to know about a TPP certificate.
type ManifestTPP struct {
	OrganizationID      string `json:"organisationId"`
	SoftwareStatementID string `json:"softwareStatementId"`
	CNPJ                string `json:"cnpj"`
}

// EntryFor describes cert stored as certFile and keyFile (names relative to the directory).
func EntryFor(name string, kind Kind, certFile, keyFile string, cert *x509.Certificate) ManifestEntry {
	e := ManifestEntry{
		Name: name, Kind: kind, CertFile: certFile, KeyFile: keyFile,
		Fingerprint: Fingerprint(cert), Thumbprint: Thumbprint(cert), Subject: SubjectDN(cert),
		NotAfter: cert.NotAfter.UTC(), DNSNames: cert.DNSNames,
	}
	for _, ip := range cert.IPAddresses {
		e.IPAddresses = append(e.IPAddresses, ip.String())
	}
	if s, err := ParseTPPSubject(cert); err == nil {
		e.TPP = &ManifestTPP{OrganizationID: s.OrganizationID, SoftwareStatementID: s.SoftwareStatementID, CNPJ: s.CNPJ}
	}
	return e
}

// ReadManifest reads dir/pki.json. A missing manifest is reported with the hint to run `ifconnect pki
// init`; errors.Is(err, fs.ErrNotExist) holds for it.
func ReadManifest(dir string) (*Manifest, error) {
	path := filepath.Join(dir, ManifestFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no PKI manifest %s (run 'ifconnect pki init'): %w", path, err)
	}
	if err != nil {
		return nil, fmt.Errorf("read PKI manifest: %w", err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("PKI manifest %s is corrupt: %w", path, err)
	}
	m.Dir = dir
	return &m, nil
}

// Marshal returns the manifest as indented JSON, identities sorted by name.
func (m *Manifest) Marshal() ([]byte, error) {
	slices.SortFunc(m.Identities, func(a, b ManifestEntry) int { return cmp.Compare(a.Name, b.Name) })
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Put adds or replaces the entry with e's name.
func (m *Manifest) Put(e ManifestEntry) {
	m.Identities = slices.DeleteFunc(m.Identities, func(x ManifestEntry) bool { return x.Name == e.Name })
	m.Identities = append(m.Identities, e)
}

// Entry returns the entry called name.
func (m *Manifest) Entry(name string) (ManifestEntry, bool) {
	i := slices.IndexFunc(m.Identities, func(e ManifestEntry) bool { return e.Name == name })
	if i < 0 {
		return ManifestEntry{}, false
	}
	return m.Identities[i], true
}

// Identity returns the files of the identity called name, resolved against the manifest's directory.
func (m *Manifest) Identity(name string) (Identity, error) {
	e, ok := m.Entry(name)
	if !ok {
		return Identity{}, fmt.Errorf("no identity %q in the PKI manifest %s", name, filepath.Join(m.Dir, ManifestFile))
	}
	return Identity{Name: name, CertFile: m.path(e.CertFile), KeyFile: m.path(e.KeyFile)}, nil
}

// CAFile is the CA certificate's path.
func (m *Manifest) CAFile() string { return m.path(m.CA.CertFile) }

func (m *Manifest) path(name string) string {
	if name == "" || filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(m.Dir, name)
}

// DevIdentity is the identity called name in the layout `ifconnect pki init` writes: dir/NAME.pem and
// dir/NAME-key.pem.
func DevIdentity(dir, name string) Identity {
	return Identity{Name: name, CertFile: filepath.Join(dir, name+".pem"), KeyFile: filepath.Join(dir, name+"-key.pem")}
}

// DevCAFile is the CA certificate in the layout `ifconnect pki init` writes.
func DevCAFile(dir string) string { return filepath.Join(dir, "ca.pem") }
