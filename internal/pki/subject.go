package pki

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// Attribute types of the Open Banking Brasil certificate subject ("Padrão de Certificados Open
// Finance Brasil", client transport certificate) beyond those pkix.Name has fields for.
var (
	OIDOrganizationIdentifier  = asn1.ObjectIdentifier{2, 5, 4, 97}                     // "OFBBR-<organisation id>"
	OIDUID                     = asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 1} // software statement id
	OIDBusinessCategory        = asn1.ObjectIdentifier{2, 5, 4, 15}                     // "Private Organization"
	OIDJurisdictionCountryName = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 60, 2, 1, 3}
	OIDSerialNumber            = asn1.ObjectIdentifier{2, 5, 4, 5} // the CNPJ
	OIDOrganizationalUnit      = asn1.ObjectIdentifier{2, 5, 4, 11}
)

// TPPSubject is the subject of a third party's (Instituição Receptora's) transport certificate as
// the Open Banking Brasil certificate standard lays it out: CN is the host name, serialNumber the
// company's CNPJ, UID the software statement id, organizationIdentifier "OFBBR-" followed by the
// organisation id of the directory, OU the organisation id, plus O, L, ST, C=BR, businessCategory and
// jurisdictionCountryName.
type TPPSubject struct {
	CommonName          string // host name, e.g. "tpp1.localhost"
	OrganizationID      string // directory organisation id (UUID)
	SoftwareStatementID string // software statement id (UUID)
	CNPJ                string // 14 digits with valid check digits
	Organization        string // legal name
	Locality            string // L, e.g. "São Paulo"
	State               string // ST, the UF, e.g. "SP"
	BusinessCategory    string // default "Private Organization"
}

// OrganizationIdentifier is the value of the organizationIdentifier attribute: "OFBBR-" + org id.
func (s TPPSubject) OrganizationIdentifier() string { return "OFBBR-" + s.OrganizationID }

// Name checks the fields and returns the distinguished name. The CNPJ is checked for form (14 digits)
// only: check digits are the caller's business (core.ValidCNPJ), which keeps this package free of the
// bank's domain.
func (s TPPSubject) Name() (pkix.Name, error) {
	var missing []string
	for _, f := range []struct{ name, v string }{
		{"CN (host name)", s.CommonName}, {"organisation id", s.OrganizationID},
		{"software statement id", s.SoftwareStatementID}, {"CNPJ", s.CNPJ}, {"organisation name (O)", s.Organization},
		{"locality (L)", s.Locality}, {"state (ST)", s.State},
	} {
		if strings.TrimSpace(f.v) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return pkix.Name{}, fmt.Errorf("TPP subject: missing %s", strings.Join(missing, ", "))
	}
	if _, err := uuid.Parse(s.OrganizationID); err != nil {
		return pkix.Name{}, fmt.Errorf("TPP subject: organisation id %q is not a UUID", s.OrganizationID)
	}
	if _, err := uuid.Parse(s.SoftwareStatementID); err != nil {
		return pkix.Name{}, fmt.Errorf("TPP subject: software statement id %q is not a UUID", s.SoftwareStatementID)
	}
	if len(s.CNPJ) != 14 || strings.Trim(s.CNPJ, "0123456789") != "" {
		return pkix.Name{}, fmt.Errorf("TPP subject: CNPJ %q must be 14 digits without punctuation", s.CNPJ)
	}
	bc := s.BusinessCategory
	if bc == "" {
		bc = "Private Organization"
	}
	return pkix.Name{
		Country:            []string{"BR"},
		Province:           []string{s.State},
		Locality:           []string{s.Locality},
		Organization:       []string{s.Organization},
		OrganizationalUnit: []string{s.OrganizationID},
		CommonName:         s.CommonName,
		SerialNumber:       s.CNPJ,
		ExtraNames: []pkix.AttributeTypeAndValue{
			{Type: OIDBusinessCategory, Value: bc},
			{Type: OIDJurisdictionCountryName, Value: "BR"},
			{Type: OIDUID, Value: s.SoftwareStatementID},
			{Type: OIDOrganizationIdentifier, Value: s.OrganizationIdentifier()},
		},
	}, nil
}

// ParseTPPSubject reads the Open Banking Brasil fields back from a certificate's subject. It fails
// when the organizationIdentifier, UID or serialNumber is absent, i.e. the certificate is not a TPP's.
func ParseTPPSubject(cert *x509.Certificate) (TPPSubject, error) {
	s := TPPSubject{CommonName: cert.Subject.CommonName, CNPJ: cert.Subject.SerialNumber}
	if len(cert.Subject.Organization) > 0 {
		s.Organization = cert.Subject.Organization[0]
	}
	if len(cert.Subject.Locality) > 0 {
		s.Locality = cert.Subject.Locality[0]
	}
	if len(cert.Subject.Province) > 0 {
		s.State = cert.Subject.Province[0]
	}
	for _, atv := range cert.Subject.Names {
		v, _ := atv.Value.(string)
		switch {
		case atv.Type.Equal(OIDOrganizationIdentifier):
			s.OrganizationID = strings.TrimPrefix(v, "OFBBR-")
		case atv.Type.Equal(OIDUID):
			s.SoftwareStatementID = v
		case atv.Type.Equal(OIDBusinessCategory):
			s.BusinessCategory = v
		}
	}
	if s.OrganizationID == "" || s.SoftwareStatementID == "" || s.CNPJ == "" {
		return s, errors.New("certificate subject lacks the Open Banking Brasil organizationIdentifier, UID or serialNumber")
	}
	return s, nil
}
