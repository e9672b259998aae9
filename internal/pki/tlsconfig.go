package pki

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
)

// FAPICipherSuites are the TLS 1.2 cipher suites allowed by FAPI 1.0 Advanced §8.5 that Go
// implements (the DHE ones it does not). TLS 1.3 suites are Go's fixed AEAD set and not configurable.
var FAPICipherSuites = []uint16{
	tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
}

// MinVersion is the oldest protocol accepted: TLS 1.2 (FAPI 1.0 Advanced §8.5).
const MinVersion = tls.VersionTLS12

// ServerOptions is a TLS server's material.
type ServerOptions struct {
	// Identity is the server's own certificate and key.
	Identity Identity
	// RequireClientCert demands a client certificate that chains to ClientCAFiles and is on the
	// allow-list (Bank Connect, the platform's headless and consent APIs). False asks for none (the
	// bank's public web pages).
	RequireClientCert bool
	// OptionalClientCert asks for a client certificate and, when one is given, verifies it as
	// RequireClientCert does, but lets clients without one in: an authorization server whose
	// discovery and JWKS are public while its token endpoint checks r.TLS. The allow-list may be empty
	// in this mode (then any certificate chaining to ClientCAFiles passes the handshake).
	OptionalClientCert bool
	// ClientCAFiles are PEM files of the CAs client certificates must chain to.
	ClientCAFiles []string
	// AllowList and the entries of AllowListFile (if set) together are the client certificates
	// accepted; with RequireClientCert at least one entry is required.
	AllowList     AllowList
	AllowListFile string
	// VerifyClient, when set, must also accept every client certificate that chains to
	// ClientCAFiles and passes the allow-list (if it has entries). It serves listeners whose accepted
	// clients live in a database, such as the platform's TPP-facing APIs that accept registered TPPs;
	// with it the allow-list may be empty. Its error refuses the handshake.
	VerifyClient func(*x509.Certificate) error
	// NextProtos are the ALPN protocols. Leave it empty for an http.Server, which fills in what it
	// serves; a Reloader's configuration, which http.Server cannot adjust, defaults to "h2" and
	// "http/1.1".
	NextProtos []string
}

// ClientOptions is a TLS client's material.
type ClientOptions struct {
	// Identity is the client certificate presented to servers that require one; zero presents none.
	Identity Identity
	// RootCAFiles are PEM files of the CAs the server's certificate must chain to; empty uses the
	// system roots.
	RootCAFiles []string
	// ServerName overrides the name checked in the server's certificate (default: the dialled host).
	ServerName string
	// AllowList and AllowListFile, when any entry is given, additionally pin the server certificates
	// accepted.
	AllowList     AllowList
	AllowListFile string
	// NextProtos are the ALPN protocols; leave it empty for an http.Transport, which fills in what
	// it speaks.
	NextProtos []string
}

// ServerConfig loads the server's material once and returns its TLS configuration. Use a Reloader
// for material that changes without a restart.
func ServerConfig(opts ServerOptions) (*tls.Config, error) {
	m, err := loadServerMaterial(opts)
	if err != nil {
		return nil, err
	}
	return m.config, nil
}

// ClientConfig loads the client's material once and returns its TLS configuration.
func ClientConfig(opts ClientOptions) (*tls.Config, error) {
	m, err := loadClientMaterial(opts)
	if err != nil {
		return nil, err
	}
	return m.config, nil
}

// serverMaterial is everything loaded from a server's files, with the configuration built from it.
type serverMaterial struct {
	cert   *tls.Certificate
	pool   *x509.CertPool
	allow  AllowList
	verify func(*x509.Certificate) error
	// required is false when a client certificate is optional (OptionalClientCert).
	required bool
	config   *tls.Config
}

func loadServerMaterial(opts ServerOptions) (*serverMaterial, error) {
	cert, err := opts.Identity.Load()
	if err != nil {
		return nil, fmt.Errorf("server TLS: %w", err)
	}
	m := &serverMaterial{cert: &cert}
	cfg := &tls.Config{
		MinVersion:   MinVersion,
		CipherSuites: FAPICipherSuites,
		Certificates: []tls.Certificate{cert},
		NextProtos:   opts.NextProtos,
		ClientAuth:   tls.NoClientCert,
	}
	if opts.RequireClientCert || opts.OptionalClientCert {
		if m.pool, err = LoadCertPool(opts.ClientCAFiles...); err != nil {
			return nil, fmt.Errorf("server TLS: client %w", err)
		}
		if m.allow, err = loadAllow(opts.AllowList, opts.AllowListFile); err != nil {
			return nil, fmt.Errorf("server TLS: %w", err)
		}
		m.verify = opts.VerifyClient
		cfg.ClientCAs = m.pool
		cfg.VerifyConnection = m.verifyClient
		cfg.ClientAuth = tls.VerifyClientCertIfGiven
		if opts.RequireClientCert {
			if m.allow.Len() == 0 && opts.VerifyClient == nil {
				return nil, errors.New("server TLS: client certificates are required but the allow-list is empty, so every client would be refused")
			}
			m.required = true
			cfg.ClientAuth = tls.RequireAndVerifyClientCert
		}
	}
	m.config = cfg
	return m, nil
}

// verifyClient enforces the allow-list on every handshake, resumed ones included (VerifyConnection,
// unlike VerifyPeerCertificate, runs on resumption). A resumed session is also re-verified against
// the current CA pool, so a CA removed by a reload stops being honoured at once.
func (m *serverMaterial) verifyClient(cs tls.ConnectionState) error {
	if len(cs.PeerCertificates) == 0 {
		if !m.required {
			return nil
		}
		return errors.New("tls: client certificate required")
	}
	leaf := cs.PeerCertificates[0]
	if cs.DidResume {
		inter := x509.NewCertPool()
		for _, c := range cs.PeerCertificates[1:] {
			inter.AddCert(c)
		}
		if _, err := leaf.Verify(x509.VerifyOptions{Roots: m.pool, Intermediates: inter, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}); err != nil {
			return fmt.Errorf("tls: resumed client certificate no longer verifies: %w", err)
		}
	}
	if m.allow.Len() > 0 {
		if err := m.allow.Check(leaf); err != nil {
			return err
		}
	}
	if m.verify != nil {
		if err := m.verify(leaf); err != nil {
			return fmt.Errorf("client certificate %s refused: %w", Fingerprint(leaf), err)
		}
	}
	return nil
}

type clientMaterial struct {
	cert   *tls.Certificate
	pool   *x509.CertPool
	allow  AllowList
	config *tls.Config
}

func loadClientMaterial(opts ClientOptions) (*clientMaterial, error) {
	m := &clientMaterial{}
	cfg := &tls.Config{
		MinVersion:   MinVersion,
		CipherSuites: FAPICipherSuites,
		ServerName:   opts.ServerName,
		NextProtos:   opts.NextProtos,
	}
	if !opts.Identity.IsZero() {
		cert, err := opts.Identity.Load()
		if err != nil {
			return nil, fmt.Errorf("client TLS: %w", err)
		}
		m.cert = &cert
		// Present the certificate whatever CAs the server names as acceptable, as curl and OpenSSL
		// do: Go's own selection would silently send none when the server's list does not match,
		// which hides the real problem behind "certificate required".
		cfg.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) { return m.cert, nil }
	}
	if len(opts.RootCAFiles) > 0 {
		pool, err := LoadCertPool(opts.RootCAFiles...)
		if err != nil {
			return nil, fmt.Errorf("client TLS: server %w", err)
		}
		m.pool = pool
		cfg.RootCAs = pool
	}
	allow, err := loadAllow(opts.AllowList, opts.AllowListFile)
	if err != nil {
		return nil, fmt.Errorf("client TLS: %w", err)
	}
	m.allow = allow
	if allow.Len() > 0 {
		cfg.VerifyConnection = m.verifyServer
	}
	m.config = cfg
	return m, nil
}

func (m *clientMaterial) verifyServer(cs tls.ConnectionState) error {
	if len(cs.PeerCertificates) == 0 {
		return errors.New("tls: server presented no certificate")
	}
	if err := m.allow.Check(cs.PeerCertificates[0]); err != nil {
		return fmt.Errorf("server %w", err)
	}
	return nil
}

func loadAllow(inline AllowList, file string) (AllowList, error) {
	if file == "" {
		return inline, nil
	}
	fromFile, err := LoadAllowList(file)
	if err != nil {
		return AllowList{}, err
	}
	return inline.Merge(fromFile), nil
}
