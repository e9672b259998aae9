package pki

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"time"
)

// Validity limits. The design allows certificates to live at most one year; the CA itself lives
// longer so that leaves can be rotated under it.
const (
	MaxLeafValidity     = 365 * 24 * time.Hour
	DefaultLeafValidity = MaxLeafValidity
	DefaultCAValidity   = 5 * 365 * 24 * time.Hour
	// MinRSABits is the smallest RSA modulus accepted for any key (design: RSA ≥ 2048).
	MinRSABits = 2048
	// clockSkew backdates NotBefore so a peer whose clock runs slightly behind accepts a fresh certificate.
	clockSkew = 5 * time.Minute
)

// CA is a certificate authority able to issue leaf certificates.
type CA struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

// CAOptions describes a new CA. Zero values choose sensible development defaults.
type CAOptions struct {
	CommonName   string // default "ifconnect development CA"
	Organization string // default "ifconnect"
	// Key is the CA's key; nil generates an RSA key of Bits bits (default 3072).
	Key      *rsa.PrivateKey
	Bits     int
	Validity time.Duration    // default DefaultCAValidity
	Now      func() time.Time // default time.Now
}

// NewCA creates a self-signed CA certificate (SHA-256 with RSA, path length 0: it signs only leaves).
func NewCA(opts CAOptions) (*CA, error) {
	if opts.CommonName == "" {
		opts.CommonName = "ifconnect development CA"
	}
	if opts.Organization == "" {
		opts.Organization = "ifconnect"
	}
	if opts.Validity <= 0 {
		opts.Validity = DefaultCAValidity
	}
	key, err := keyOrGenerate(opts.Key, opts.Bits, 3072)
	if err != nil {
		return nil, err
	}
	now := nowFunc(opts.Now)()
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: opts.CommonName, Organization: []string{opts.Organization}, Country: []string{"BR"}},
		NotBefore:             now.Add(-clockSkew),
		NotAfter:              now.Add(-clockSkew).Add(opts.Validity),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLen:            0,
		MaxPathLenZero:        true,
		SubjectKeyId:          subjectKeyID(&key.PublicKey),
		SignatureAlgorithm:    x509.SHA256WithRSA,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("create CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parse CA certificate: %w", err)
	}
	return &CA{Cert: cert, Key: key}, nil
}

// LoadCA reads a CA certificate and its key from PEM files and checks that they match and that the
// certificate is a CA.
func LoadCA(certFile, keyFile string) (*CA, error) {
	tc, err := Identity{Name: "CA", CertFile: certFile, KeyFile: keyFile}.Load()
	if err != nil {
		return nil, fmt.Errorf("load CA: %w", err)
	}
	if !tc.Leaf.IsCA {
		return nil, fmt.Errorf("load CA: %s is not a CA certificate", certFile)
	}
	return &CA{Cert: tc.Leaf, Key: tc.PrivateKey.(crypto.Signer)}, nil
}

// CertPEM returns the CA certificate as PEM.
func (ca *CA) CertPEM() []byte { return EncodeCertificatePEM(ca.Cert.Raw) }

// Kind is what a leaf certificate is for.
type Kind string

// The kinds of leaf certificate the CA issues.
const (
	// KindServer is a TLS server certificate with DNS and IP subject alternative names.
	KindServer Kind = "server"
	// KindClient is a TLS client certificate identified by its common name.
	KindClient Kind = "client"
	// KindTPP is a TLS client certificate of a third party (Instituição Receptora) whose subject follows
	// the Open Banking Brasil certificate standard (see TPPSubject).
	KindTPP Kind = "tpp"
)

// ParseKind validates a kind given as text.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(s); k {
	case KindServer, KindClient, KindTPP:
		return k, nil
	}
	return "", fmt.Errorf("unknown certificate kind %q (want server, client or tpp)", s)
}

// Request describes one leaf certificate to issue.
type Request struct {
	Kind Kind
	// CommonName is the subject CN; for servers and TPPs a host name. Default: the first DNS name.
	CommonName   string
	Organization string
	// DNSNames and IPAddresses are the server's subject alternative names; a server certificate with
	// neither gets DefaultServerNames. Client certificates may carry them too.
	DNSNames    []string
	IPAddresses []net.IP
	// TPP is the Open Banking Brasil subject of a KindTPP certificate.
	TPP *TPPSubject
	// Validity defaults to DefaultLeafValidity and may not exceed MaxLeafValidity.
	Validity time.Duration
	// Key is the leaf's key; nil generates an RSA key of Bits bits (default 2048).
	Key  *rsa.PrivateKey
	Bits int
	// Now is the issuing time; default time.Now.
	Now func() time.Time
}

// DefaultServerNames are the subject alternative names of a server certificate that names none:
// everything that reaches a server on loopback.
var (
	DefaultServerDNSNames = []string{"localhost"}
	DefaultServerIPs      = []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}
)

// Issued is a freshly issued certificate and its key.
type Issued struct {
	Cert *x509.Certificate
	Key  *rsa.PrivateKey
}

// CertPEM returns the certificate as PEM.
func (i *Issued) CertPEM() []byte { return EncodeCertificatePEM(i.Cert.Raw) }

// KeyPEM returns the private key as PKCS #8 PEM.
func (i *Issued) KeyPEM() []byte {
	b, err := EncodePrivateKeyPEM(i.Key)
	if err != nil {
		// An *rsa.PrivateKey this package generated or accepted always marshals.
		return nil
	}
	return b
}

// Issue signs a new leaf certificate with SHA-256 with RSA.
func (ca *CA) Issue(req Request) (*Issued, error) {
	if req.Validity == 0 {
		req.Validity = DefaultLeafValidity
	}
	if req.Validity < 0 || req.Validity > MaxLeafValidity {
		return nil, fmt.Errorf("issue %s certificate: validity %v must be positive and at most one year", req.Kind, req.Validity)
	}
	tmpl := &x509.Certificate{
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		BasicConstraintsValid: true,
		SignatureAlgorithm:    x509.SHA256WithRSA,
		DNSNames:              req.DNSNames,
		IPAddresses:           req.IPAddresses,
	}
	switch req.Kind {
	case KindServer:
		if len(tmpl.DNSNames) == 0 && len(tmpl.IPAddresses) == 0 {
			tmpl.DNSNames = DefaultServerDNSNames
			tmpl.IPAddresses = DefaultServerIPs
		}
		if req.CommonName == "" && len(tmpl.DNSNames) > 0 {
			req.CommonName = tmpl.DNSNames[0]
		}
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		tmpl.Subject = pkix.Name{CommonName: req.CommonName, Organization: orgList(req.Organization), Country: []string{"BR"}}
	case KindClient:
		if req.CommonName == "" {
			return nil, errors.New("issue client certificate: a common name is required")
		}
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
		tmpl.Subject = pkix.Name{CommonName: req.CommonName, Organization: orgList(req.Organization), Country: []string{"BR"}}
	case KindTPP:
		if req.TPP == nil {
			return nil, errors.New("issue TPP certificate: the Open Banking Brasil subject is required")
		}
		s := *req.TPP
		if s.CommonName == "" {
			s.CommonName = req.CommonName
		}
		name, err := s.Name()
		if err != nil {
			return nil, fmt.Errorf("issue TPP certificate: %w", err)
		}
		tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}
		tmpl.Subject = name
		if len(tmpl.DNSNames) == 0 {
			tmpl.DNSNames = []string{s.CommonName}
		}
	default:
		return nil, fmt.Errorf("issue certificate: unknown kind %q", req.Kind)
	}
	if tmpl.Subject.CommonName == "" {
		return nil, fmt.Errorf("issue %s certificate: a common name is required", req.Kind)
	}
	key, err := keyOrGenerate(req.Key, req.Bits, 2048)
	if err != nil {
		return nil, err
	}
	serial, err := randomSerial()
	if err != nil {
		return nil, err
	}
	now := nowFunc(req.Now)()
	tmpl.SerialNumber = serial
	// The lifetime from NotBefore stays within MaxLeafValidity even with the backdating.
	tmpl.NotBefore = now.Add(-clockSkew)
	tmpl.NotAfter = now.Add(req.Validity)
	if tmpl.NotAfter.Sub(tmpl.NotBefore) > MaxLeafValidity {
		tmpl.NotAfter = tmpl.NotBefore.Add(MaxLeafValidity)
	}
	if tmpl.NotAfter.After(ca.Cert.NotAfter) {
		tmpl.NotAfter = ca.Cert.NotAfter
	}
	tmpl.SubjectKeyId = subjectKeyID(&key.PublicKey)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, &key.PublicKey, ca.Key)
	if err != nil {
		return nil, fmt.Errorf("issue %s certificate %q: %w", req.Kind, tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("parse issued certificate: %w", err)
	}
	return &Issued{Cert: cert, Key: key}, nil
}

// GenerateKey returns a new RSA key of bits bits, refusing anything below MinRSABits.
func GenerateKey(bits int) (*rsa.PrivateKey, error) {
	if bits < MinRSABits {
		return nil, fmt.Errorf("RSA key size %d is below the minimum of %d bits", bits, MinRSABits)
	}
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		return nil, fmt.Errorf("generate RSA key: %w", err)
	}
	return k, nil
}

func keyOrGenerate(key *rsa.PrivateKey, bits, def int) (*rsa.PrivateKey, error) {
	if key != nil {
		if key.N.BitLen() < MinRSABits {
			return nil, fmt.Errorf("RSA key size %d is below the minimum of %d bits", key.N.BitLen(), MinRSABits)
		}
		return key, nil
	}
	if bits == 0 {
		bits = def
	}
	return GenerateKey(bits)
}

func randomSerial() (*big.Int, error) {
	// RFC 5280 §4.1.2.2: positive, at most 20 octets; 128 random bits are unguessable.
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, fmt.Errorf("serial number: %w", err)
	}
	return n.Add(n, big.NewInt(1)), nil
}

// subjectKeyID is method (1) of RFC 5280 §4.2.1.2: the SHA-1 of the subject public key bits. SHA-1
// here is an identifier, not a signature.
func subjectKeyID(pub *rsa.PublicKey) []byte {
	h := sha1.Sum(x509.MarshalPKCS1PublicKey(pub))
	return h[:]
}

func orgList(o string) []string {
	if o == "" {
		return nil
	}
	return []string{o}
}

func nowFunc(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}
