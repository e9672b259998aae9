package pki

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Fingerprint is the lower-case hex SHA-256 of a certificate's DER encoding: the form allow-lists,
// manifests and `ifconnect pki check` use.
func Fingerprint(cert *x509.Certificate) string {
	h := sha256.Sum256(cert.Raw)
	return hex.EncodeToString(h[:])
}

// Thumbprint is the base64url (unpadded) SHA-256 of a certificate's DER encoding: the x5t#S256
// confirmation claim binding an access token to the client certificate (RFC 8705 §3.1). It is the
// same hash as Fingerprint, encoded differently.
func Thumbprint(cert *x509.Certificate) string {
	h := sha256.Sum256(cert.Raw)
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// AllowList is the set of peer certificates a mutual-TLS endpoint accepts, beyond chaining to its
// CA: each entry is a SHA-256 fingerprint or a subject DN. Several entries at once let an old and a
// new certificate both work while a peer rotates. The zero value allows nothing.
type AllowList struct {
	fingerprints map[string]bool
	subjects     map[dnKey]bool
	entries      []string
}

// ParseAllowList parses entries separated by newlines or semicolons. Within one entry a comma
// separates fingerprints, but a comma inside a subject DN belongs to the DN, so write several DNs on
// separate lines or separate them with ';'. A fingerprint is 64 hex digits, colons optional, any case,
// optionally prefixed "sha256:" or "SHA256 Fingerprint=" as OpenSSL prints it. A DN is RFC 4514
// ("CN=tpp1.localhost,O=Example,C=BR"), OpenSSL's "C = BR, O = Example" or "/C=BR/O=Example" form;
// DNs compare attribute by attribute, case-insensitively, whatever the order. Blank lines and lines
// starting with '#' are ignored.
func ParseAllowList(s string) (AllowList, error) {
	a := AllowList{fingerprints: map[string]bool{}, subjects: map[dnKey]bool{}}
	for n, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, entry := range strings.Split(line, ";") {
			if err := a.addEntry(strings.TrimSpace(entry)); err != nil {
				return AllowList{}, fmt.Errorf("allow-list line %d: %w", n+1, err)
			}
		}
	}
	return a, nil
}

// LoadAllowList reads an allow-list file in the ParseAllowList format.
func LoadAllowList(file string) (AllowList, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return AllowList{}, fmt.Errorf("read allow-list: %w", err)
	}
	a, err := ParseAllowList(string(b))
	if err != nil {
		return AllowList{}, fmt.Errorf("allow-list file %s: %w", file, err)
	}
	return a, nil
}

// AllowCertificates returns an allow-list of the fingerprints of certs.
func AllowCertificates(certs ...*x509.Certificate) AllowList {
	a := AllowList{fingerprints: map[string]bool{}, subjects: map[dnKey]bool{}}
	for _, c := range certs {
		fp := Fingerprint(c)
		a.fingerprints[fp] = true
		a.entries = append(a.entries, fp)
	}
	return a
}

func (a *AllowList) addEntry(entry string) error {
	if entry == "" {
		return nil
	}
	// Walk comma-separated fields: a fingerprint stands alone; consecutive other fields are one DN.
	var dn []string
	flush := func() error {
		if len(dn) == 0 {
			return nil
		}
		s := strings.Join(dn, ",")
		dn = nil
		k, err := parseDN(s)
		if err != nil {
			return fmt.Errorf("%q is neither a SHA-256 fingerprint nor a subject DN: %w", s, err)
		}
		if !a.subjects[k] {
			a.subjects[k] = true
			a.entries = append(a.entries, s)
		}
		return nil
	}
	for _, field := range splitUnescaped(entry, ',') {
		if fp, ok := parseFingerprint(field); ok {
			if err := flush(); err != nil {
				return err
			}
			if !a.fingerprints[fp] {
				a.fingerprints[fp] = true
				a.entries = append(a.entries, fp)
			}
			continue
		}
		if strings.TrimSpace(field) == "" {
			continue
		}
		dn = append(dn, field)
	}
	return flush()
}

// parseFingerprint recognises a SHA-256 fingerprint and returns it as lower-case hex.
func parseFingerprint(s string) (string, bool) {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	for _, p := range []string{"sha256 fingerprint=", "sha256:", "sha-256:"} {
		if strings.HasPrefix(lower, p) {
			lower = strings.TrimSpace(lower[len(p):])
			break
		}
	}
	lower = strings.ReplaceAll(lower, ":", "")
	if len(lower) != 64 {
		return "", false
	}
	if _, err := hex.DecodeString(lower); err != nil {
		return "", false
	}
	return lower, true
}

// Len is the number of distinct entries.
func (a AllowList) Len() int { return len(a.entries) }

// Entries returns the entries as given (fingerprints normalised to lower-case hex).
func (a AllowList) Entries() []string { return append([]string(nil), a.entries...) }

// Merge returns the union of a and b.
func (a AllowList) Merge(b AllowList) AllowList {
	out := AllowList{fingerprints: map[string]bool{}, subjects: map[dnKey]bool{}}
	for _, l := range []AllowList{a, b} {
		for fp := range l.fingerprints {
			out.fingerprints[fp] = true
		}
		for k := range l.subjects {
			out.subjects[k] = true
		}
		out.entries = append(out.entries, l.entries...)
	}
	return out
}

// Allows reports whether cert's fingerprint or subject DN is on the list.
func (a AllowList) Allows(cert *x509.Certificate) bool {
	if a.fingerprints[Fingerprint(cert)] {
		return true
	}
	return len(a.subjects) > 0 && a.subjects[certDNKey(cert)]
}

// ErrNotAllowed is wrapped by Check when a certificate is not on the allow-list.
var ErrNotAllowed = errors.New("certificate not on the allow-list")

// Check returns nil when cert is allowed and otherwise an error naming its subject and fingerprint,
// which is what an operator needs to add it.
func (a AllowList) Check(cert *x509.Certificate) error {
	if a.Allows(cert) {
		return nil
	}
	return fmt.Errorf("%w: subject %q, sha256 fingerprint %s", ErrNotAllowed, SubjectDN(cert), Fingerprint(cert))
}
