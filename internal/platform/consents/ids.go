package consents

import (
	"crypto/x509"
	"fmt"
	"regexp"

	"github.com/google/uuid"

	"github.com/ifconnect/ifconnect/internal/pki"
)

// consentIDPattern is the Open Banking Brasil consentId rule (swagger_consents_apis.yaml,
// ResponseConsent.data.consentId): a URN, "urn:<namespace>:<id>".
var consentIDPattern = regexp.MustCompile(`^urn:[a-zA-Z0-9][a-zA-Z0-9-]{0,31}:[a-zA-Z0-9()+,\-.:=@;$_!*'%/?#]+$`)

// namespacePattern is the namespace part of that URN.
var namespacePattern = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9-]{0,31}$`)

// maxConsentIDLength bounds ConsentIDs (OBB: maxLength 256).
const maxConsentIDLength = 256

// ValidConsentID reports whether id is a consent id TPPs may see: a URN within 256 characters.
func ValidConsentID(id string) bool {
	return len(id) <= maxConsentIDLength && consentIDPattern.MatchString(id)
}

// isInternalID reports whether id is shaped like the consent manager's own ids (a uuid in canonical
// form), which no ConsentID can be since those are URNs.
func isInternalID(id string) bool {
	if len(id) != 36 {
		return false
	}
	_, err := uuid.Parse(id)
	return err == nil
}

// newIDs returns a fresh internal id and a fresh ConsentID in namespace ns.
func newIDs(ns string) (id, consentID string, err error) {
	u, err := uuid.NewRandom()
	if err != nil {
		return "", "", fmt.Errorf("consent id: %w", err)
	}
	v, err := uuid.NewRandom()
	if err != nil {
		return "", "", fmt.Errorf("consent id: %w", err)
	}
	return u.String(), "urn:" + ns + ":" + v.String(), nil
}

// CertificateCaller names the holder of a client certificate for history entries:
// "cert:<subject DN> sha256:<fingerprint>", enough to tell rotated certificates of one subject apart.
func CertificateCaller(cert *x509.Certificate) string {
	return "cert:" + pki.SubjectDN(cert) + " sha256:" + pki.Fingerprint(cert)
}
