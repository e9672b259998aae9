package pki

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// attribute is one known attribute type: the short name RFC 4514 (or OpenSSL, for the Open Banking
// Brasil ones) prints and its OID.
type attribute struct {
	name string
	oid  string
}

var attributes = []attribute{
	{"CN", "2.5.4.3"}, {"SN", "2.5.4.4"}, {"serialNumber", "2.5.4.5"}, {"C", "2.5.4.6"}, {"L", "2.5.4.7"},
	{"ST", "2.5.4.8"}, {"STREET", "2.5.4.9"}, {"O", "2.5.4.10"}, {"OU", "2.5.4.11"}, {"title", "2.5.4.12"},
	{"businessCategory", "2.5.4.15"}, {"postalCode", "2.5.4.17"}, {"GN", "2.5.4.42"},
	{"organizationIdentifier", "2.5.4.97"}, {"UID", "0.9.2342.19200300.100.1.1"},
	{"DC", "0.9.2342.19200300.100.1.25"}, {"emailAddress", "1.2.840.113549.1.9.1"},
	{"jurisdictionC", "1.3.6.1.4.1.311.60.2.1.3"}, {"jurisdictionST", "1.3.6.1.4.1.311.60.2.1.2"},
	{"jurisdictionL", "1.3.6.1.4.1.311.60.2.1.1"},
}

// aliases are other spellings accepted when parsing a DN.
var aliases = map[string]string{
	"commonname": "2.5.4.3", "countryname": "2.5.4.6", "localityname": "2.5.4.7", "s": "2.5.4.8",
	"stateorprovincename": "2.5.4.8", "organizationname": "2.5.4.10", "organizationalunitname": "2.5.4.11",
	"userid": "0.9.2342.19200300.100.1.1", "jurisdictioncountryname": "1.3.6.1.4.1.311.60.2.1.3",
	"e": "1.2.840.113549.1.9.1", "street": "2.5.4.9",
}

func oidForName(name string) (string, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimPrefix(n, "oid.")
	for _, a := range attributes {
		if strings.ToLower(a.name) == n {
			return a.oid, true
		}
	}
	if o, ok := aliases[n]; ok {
		return o, true
	}
	if isDottedOID(n) {
		return n, true
	}
	return "", false
}

func nameForOID(oid string) string {
	for _, a := range attributes {
		if a.oid == oid {
			return a.name
		}
	}
	return oid
}

func isDottedOID(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if _, err := strconv.ParseUint(p, 10, 64); err != nil {
			return false
		}
	}
	return true
}

// SubjectDN renders a certificate's subject as an RFC 4514 string (most specific attribute first),
// naming the Open Banking Brasil attributes (organizationIdentifier, UID, businessCategory,
// jurisdictionC) instead of printing them as OIDs with hex values as pkix.Name.String does.
func SubjectDN(cert *x509.Certificate) string {
	var seq pkix.RDNSequence
	if _, err := asn1.Unmarshal(cert.RawSubject, &seq); err != nil {
		return cert.Subject.String()
	}
	return formatRDNs(seq)
}

func formatRDNs(seq pkix.RDNSequence) string {
	var b strings.Builder
	for i := len(seq) - 1; i >= 0; i-- {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		for j, atv := range seq[i] {
			if j > 0 {
				b.WriteByte('+')
			}
			b.WriteString(nameForOID(atv.Type.String()))
			b.WriteByte('=')
			if s, ok := atv.Value.(string); ok {
				b.WriteString(escapeDNValue(s))
			} else if der, err := asn1.Marshal(atv.Value); err == nil {
				b.WriteString("#" + hex.EncodeToString(der))
			}
		}
	}
	return b.String()
}

// escapeDNValue escapes a value per RFC 4514 §2.4.
func escapeDNValue(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch {
		case strings.ContainsRune(",+\"\\<>;=", r),
			i == 0 && (r == ' ' || r == '#'),
			i == len(s)-1 && r == ' ':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(&b, "\\%02x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// dnKey is the normalised form two DNs are compared by: every attribute as OID=value with the value
// case-folded and its spaces collapsed (the caseIgnoreMatch of RFC 4517 §4.2.11), sorted, so that the
// RFC 4514 order (CN first) and the OpenSSL order (C first) of the same subject compare equal.
type dnKey string

func certDNKey(cert *x509.Certificate) dnKey {
	var seq pkix.RDNSequence
	if _, err := asn1.Unmarshal(cert.RawSubject, &seq); err != nil {
		return ""
	}
	var parts []string
	for _, rdn := range seq {
		for _, atv := range rdn {
			v, ok := atv.Value.(string)
			if !ok {
				der, err := asn1.Marshal(atv.Value)
				if err != nil {
					continue
				}
				v = "#" + hex.EncodeToString(der)
			}
			parts = append(parts, atv.Type.String()+"="+normaliseValue(v))
		}
	}
	return joinKey(parts)
}

func joinKey(parts []string) dnKey {
	slices.Sort(parts)
	return dnKey(strings.Join(parts, "\x00"))
}

func normaliseValue(v string) string {
	return strings.ToLower(strings.Join(strings.FieldsFunc(v, unicode.IsSpace), " "))
}

// parseDN parses a distinguished name written as RFC 4514 ("CN=a,O=b"), with spaces around the
// separators tolerated ("C = BR, O = b" as OpenSSL prints), or in the OpenSSL slash form
// ("/C=BR/O=b/CN=a"). Attribute types are short names, long names or dotted OIDs.
func parseDN(s string) (dnKey, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", fmt.Errorf("empty distinguished name")
	}
	sep := ','
	if strings.HasPrefix(s, "/") {
		sep = '/'
		s = s[1:]
	}
	var parts []string
	for _, field := range splitUnescaped(s, sep) {
		for _, av := range splitUnescaped(field, '+') {
			eq := strings.IndexByte(av, '=')
			if eq <= 0 {
				return "", fmt.Errorf("%q is not type=value", strings.TrimSpace(av))
			}
			oid, ok := oidForName(av[:eq])
			if !ok {
				return "", fmt.Errorf("unknown attribute type %q", strings.TrimSpace(av[:eq]))
			}
			v, err := unescapeDNValue(av[eq+1:])
			if err != nil {
				return "", fmt.Errorf("attribute %s: %w", strings.TrimSpace(av[:eq]), err)
			}
			parts = append(parts, oid+"="+normaliseValue(v))
		}
	}
	return joinKey(parts), nil
}

// splitUnescaped splits s at every sep not preceded by a backslash and not inside double quotes.
func splitUnescaped(s string, sep rune) []string {
	var out []string
	start, quoted, escaped := 0, false, false
	for i, r := range s {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
		case r == sep && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// unescapeDNValue decodes an RFC 4514 value: backslash escapes of special characters and of hex
// pairs, a #-prefixed BER encoding, or (RFC 2253 legacy) a double-quoted string.
func unescapeDNValue(raw string) (string, error) {
	v := strings.TrimSpace(raw)
	if strings.HasPrefix(v, "#") {
		der, err := hex.DecodeString(v[1:])
		if err != nil {
			return "", fmt.Errorf("bad hex value %q", v)
		}
		var rv asn1.RawValue
		if _, err := asn1.Unmarshal(der, &rv); err == nil && rv.Class == asn1.ClassUniversal {
			switch rv.Tag {
			case asn1.TagUTF8String, asn1.TagPrintableString, asn1.TagIA5String, asn1.TagT61String, asn1.TagNumericString:
				return string(rv.Bytes), nil
			}
		}
		return "#" + strings.ToLower(v[1:]), nil
	}
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	var b []byte
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c != '\\' {
			b = append(b, c)
			continue
		}
		if i+1 >= len(v) {
			return "", fmt.Errorf("value %q ends in a lone backslash", raw)
		}
		if i+2 < len(v) && isHex(v[i+1]) && isHex(v[i+2]) {
			x, _ := hex.DecodeString(v[i+1 : i+3])
			b = append(b, x[0])
			i += 2
			continue
		}
		b = append(b, v[i+1])
		i++
	}
	return string(b), nil
}

func isHex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}
