package pki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
)

// Identity names a certificate and its private key on disk: what a server presents, or what a client
// presents to a server that requires mutual TLS.
type Identity struct {
	// Name is how the identity is known in manifests and logs, e.g. "bank-client".
	Name string
	// CertFile is the PEM file of the certificate, optionally followed by its intermediates.
	CertFile string
	// KeyFile is the PEM file of the private key (PKCS #1, PKCS #8 or SEC 1).
	KeyFile string
}

// IsZero reports whether no files are named.
func (id Identity) IsZero() bool { return id.CertFile == "" && id.KeyFile == "" }

// Load reads the certificate chain and private key and checks that they belong together. The
// returned certificate has Leaf set.
func (id Identity) Load() (tls.Certificate, error) {
	if id.CertFile == "" || id.KeyFile == "" {
		return tls.Certificate{}, fmt.Errorf("identity %q: both a certificate file and a key file are required", id.Name)
	}
	certs, err := LoadCertificates(id.CertFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	key, err := LoadPrivateKey(id.KeyFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	if !publicKeysEqual(certs[0].PublicKey, key.Public()) {
		return tls.Certificate{}, fmt.Errorf("certificate %s and key %s do not match: the key is not the certificate's private key", id.CertFile, id.KeyFile)
	}
	out := tls.Certificate{PrivateKey: key, Leaf: certs[0]}
	for _, c := range certs {
		out.Certificate = append(out.Certificate, c.Raw)
	}
	return out, nil
}

// LoadCertificate reads the first certificate of a PEM file.
func LoadCertificate(file string) (*x509.Certificate, error) {
	certs, err := LoadCertificates(file)
	if err != nil {
		return nil, err
	}
	return certs[0], nil
}

// LoadCertificates reads every certificate of a PEM file, in file order; it fails when the file holds
// none.
func LoadCertificates(file string) ([]*x509.Certificate, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read certificate: %w", err)
	}
	certs, err := ParseCertificatesPEM(b)
	if err != nil {
		return nil, fmt.Errorf("certificate file %s: %w", file, err)
	}
	return certs, nil
}

// ParseCertificatesPEM parses every CERTIFICATE block of b. Other block types (a key stored alongside)
// are skipped; no certificate at all is an error.
func ParseCertificatesPEM(b []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d: %w", len(certs)+1, err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, errors.New("no PEM CERTIFICATE block found (is this a PEM certificate?)")
	}
	return certs, nil
}

// LoadPrivateKey reads the first private key of a PEM file.
func LoadPrivateKey(file string) (crypto.Signer, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read private key: %w", err)
	}
	k, err := ParsePrivateKeyPEM(b)
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", file, err)
	}
	return k, nil
}

// ParsePrivateKeyPEM parses the first private key block of b: "RSA PRIVATE KEY" (PKCS #1),
// "PRIVATE KEY" (PKCS #8) or "EC PRIVATE KEY" (SEC 1).
func ParsePrivateKeyPEM(b []byte) (crypto.Signer, error) {
	for {
		var block *pem.Block
		block, b = pem.Decode(b)
		if block == nil {
			return nil, errors.New("no PEM private key block found (is this a PEM private key?)")
		}
		switch block.Type {
		case "RSA PRIVATE KEY":
			k, err := x509.ParsePKCS1PrivateKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("RSA private key: %w", err)
			}
			return k, nil
		case "EC PRIVATE KEY":
			k, err := x509.ParseECPrivateKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("EC private key: %w", err)
			}
			return k, nil
		case "PRIVATE KEY":
			k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("PKCS #8 private key: %w", err)
			}
			s, ok := k.(crypto.Signer)
			if !ok {
				return nil, fmt.Errorf("PKCS #8 key of type %T cannot sign", k)
			}
			return s, nil
		}
	}
}

// LoadCertPool reads every certificate of every file into a pool of trust anchors.
func LoadCertPool(files ...string) (*x509.CertPool, error) {
	if len(files) == 0 {
		return nil, errors.New("no CA file given")
	}
	pool := x509.NewCertPool()
	for _, f := range files {
		certs, err := LoadCertificates(f)
		if err != nil {
			return nil, fmt.Errorf("CA: %w", err)
		}
		for _, c := range certs {
			pool.AddCert(c)
		}
	}
	return pool, nil
}

// EncodeCertificatePEM returns der as a PEM CERTIFICATE block.
func EncodeCertificatePEM(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// EncodePrivateKeyPEM returns key as a PKCS #8 "PRIVATE KEY" PEM block.
func EncodePrivateKeyPEM(key crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encode private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

func publicKeysEqual(a, b crypto.PublicKey) bool {
	type equaler interface{ Equal(crypto.PublicKey) bool }
	switch k := a.(type) {
	case *rsa.PublicKey, *ecdsa.PublicKey, ed25519.PublicKey:
		return k.(equaler).Equal(b)
	}
	return false
}
