// Package pkitest gives other packages' tests a complete, throw-away PKI in one line, so every
// black-box HTTPS test runs over real mutual TLS exactly as production does:
//
//	p := pkitest.New(t)                        // CA and a server certificate for localhost, 127.0.0.1, ::1
//	bank := p.Client("bank-client")            // a client identity issued by the CA
//	srv := p.NewServer(handler, bank)          // httptest server requiring a client cert on the allow-list
//	res, err := p.HTTPClient(bank).Get(srv.URL) // succeeds
//	_, err = p.HTTPClient(p.ForeignClient("bank-client")).Get(srv.URL) // refused: other CA
//
// Files live in t.TempDir() (see Identity's CertFile and KeyFile, CAFile), so code that takes PEM
// paths — pki.ServerOptions, the commands' --tls-cert flags — can be tested too. RSA key generation
// is what makes certificates slow, so keys are generated once per test binary and reused across
// PKIs (each identity of one PKI still gets its own key); certificates are issued fresh every time.
// Every method fails the test through t.Fatal on error, so callers need no error handling.
package pkitest

import (
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ifconnect/ifconnect/internal/pki"
)

// keyCache holds the RSA keys generated so far by this test binary, handed out by index.
var keyCache struct {
	sync.Mutex
	keys []*rsa.PrivateKey
}

// Key returns the i-th cached 2048-bit RSA key, generating keys up to i as needed. Tests that issue
// their own certificates with pki.CA.Issue may pass it as pki.Request.Key to stay fast.
func Key(t testing.TB, i int) *rsa.PrivateKey {
	t.Helper()
	keyCache.Lock()
	defer keyCache.Unlock()
	for len(keyCache.keys) <= i {
		k, err := pki.GenerateKey(2048)
		if err != nil {
			t.Fatalf("pkitest: %v", err)
		}
		keyCache.keys = append(keyCache.keys, k)
	}
	return keyCache.keys[i]
}

// PKI is a CA, a second unrelated ("foreign") CA and the identities issued from them, all written
// as PEM files under Dir.
type PKI struct {
	t   testing.TB
	Dir string
	// CA issues the server certificate and every identity except the foreign ones.
	CA *pki.CA
	// CAFile is the CA certificate as PEM: what servers trust for client certificates and clients
	// trust for server certificates.
	CAFile string
	// ForeignCA and ForeignCAFile are an unrelated CA whose identities must be refused.
	ForeignCA     *pki.CA
	ForeignCAFile string

	// named serialises get-or-issue by name so concurrent tests of one PKI agree on an identity.
	named   sync.Mutex
	mu      sync.Mutex
	nextKey int
	serial  map[string]int
	latest  map[string]pki.Identity
	certs   map[string]*x509.Certificate // by CertFile
	server  pki.Identity
	foreign map[string]pki.Identity
}

// New creates the CAs and a server identity named "server" valid for localhost, 127.0.0.1 and ::1.
func New(t testing.TB) *PKI {
	t.Helper()
	p := &PKI{
		t: t, Dir: t.TempDir(),
		serial: map[string]int{}, latest: map[string]pki.Identity{}, certs: map[string]*x509.Certificate{},
		foreign: map[string]pki.Identity{},
	}
	var err error
	if p.CA, err = pki.NewCA(pki.CAOptions{CommonName: "pkitest CA", Key: p.key()}); err != nil {
		t.Fatalf("pkitest: %v", err)
	}
	if p.ForeignCA, err = pki.NewCA(pki.CAOptions{CommonName: "pkitest foreign CA", Key: p.key()}); err != nil {
		t.Fatalf("pkitest: %v", err)
	}
	p.CAFile = p.write("ca.pem", p.CA.CertPEM(), 0o644)
	p.ForeignCAFile = p.write("foreign-ca.pem", p.ForeignCA.CertPEM(), 0o644)
	p.server = p.Issue("server", pki.Request{Kind: pki.KindServer})
	return p
}

func (p *PKI) key() *rsa.PrivateKey {
	k := Key(p.t, p.nextKey)
	p.nextKey++
	return k
}

func (p *PKI) write(name string, data []byte, perm os.FileMode) string {
	path := filepath.Join(p.Dir, name)
	if err := os.WriteFile(path, data, perm); err != nil {
		p.t.Fatalf("pkitest: %v", err)
	}
	return path
}

// Issue issues a certificate from the CA for req (its Key is chosen by the PKI when nil) and writes it
// as NAME.pem and NAME-key.pem (NAME-2.pem … for later certificates of the same name). The newest
// identity of a name is what Client, TPP and Server return afterwards.
func (p *PKI) Issue(name string, req pki.Request) pki.Identity {
	p.t.Helper()
	return p.issue(p.CA, name, req)
}

func (p *PKI) issue(ca *pki.CA, name string, req pki.Request) pki.Identity {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	if req.Key == nil {
		req.Key = p.key()
	}
	if req.CommonName == "" && req.Kind == pki.KindClient {
		req.CommonName = name
	}
	iss, err := ca.Issue(req)
	if err != nil {
		p.t.Fatalf("pkitest: issue %q: %v", name, err)
	}
	p.serial[name]++
	base := name
	if n := p.serial[name]; n > 1 {
		base = fmt.Sprintf("%s-%d", name, n)
	}
	id := pki.Identity{
		Name:     name,
		CertFile: p.write(base+".pem", iss.CertPEM(), 0o644),
		KeyFile:  p.write(base+"-key.pem", iss.KeyPEM(), 0o600),
	}
	p.certs[id.CertFile] = iss.Cert
	if ca == p.CA {
		p.latest[name] = id
	}
	return id
}

// Server is the server identity (CN localhost; SANs localhost, 127.0.0.1, ::1).
func (p *PKI) Server() pki.Identity { return p.server }

// Client returns the client identity called name (CN = name), issuing it on first use.
func (p *PKI) Client(name string) pki.Identity {
	p.t.Helper()
	p.named.Lock()
	defer p.named.Unlock()
	p.mu.Lock()
	id, ok := p.latest[name]
	p.mu.Unlock()
	if ok {
		return id
	}
	return p.Issue(name, pki.Request{Kind: pki.KindClient, CommonName: name})
}

// TPP returns a third party's identity called name, issuing it on first use, with an Open Banking
// Brasil subject derived deterministically from name (see TPPSubject).
func (p *PKI) TPP(name string) pki.Identity {
	p.t.Helper()
	p.named.Lock()
	defer p.named.Unlock()
	p.mu.Lock()
	id, ok := p.latest[name]
	p.mu.Unlock()
	if ok {
		return id
	}
	s := TPPSubject(name)
	return p.Issue(name, pki.Request{Kind: pki.KindTPP, TPP: &s})
}

// TPPSubject is the subject TPP(name) uses: CN NAME.localhost, organisation and software statement
// ids that are name-based UUIDs (so a test can compute them), a CNPJ with valid check digits derived
// from name, São Paulo/SP.
func TPPSubject(name string) pki.TPPSubject {
	ns := uuid.MustParse("6f1f2c1e-6a43-4c8e-9d0b-2b1f6c0e6b11")
	h := sha256.Sum256([]byte(name))
	base := ""
	for _, b := range h[:8] {
		base += fmt.Sprint(int(b) % 10)
	}
	return pki.TPPSubject{
		CommonName:          name + ".localhost",
		OrganizationID:      uuid.NewSHA1(ns, []byte("org:"+name)).String(),
		SoftwareStatementID: uuid.NewSHA1(ns, []byte("software:"+name)).String(),
		CNPJ:                completeCNPJ(base + "0001"),
		Organization:        "TPP " + name + " LTDA",
		Locality:            "São Paulo",
		State:               "SP",
	}
}

// completeCNPJ appends the two modulo-11 check digits to a 12-digit base (Receita Federal's rule).
// pkitest cannot import bank/core, which the platform's tests must not depend on.
func completeCNPJ(base string) string {
	digit := func(s string) string {
		w := []int{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}[13-len(s):]
		sum := 0
		for i := range len(s) {
			sum += int(s[i]-'0') * w[i]
		}
		if r := sum % 11; r >= 2 {
			return fmt.Sprint(11 - r)
		}
		return "0"
	}
	s := base + digit(base)
	return s + digit(s)
}

// ForeignClient returns a client identity called name issued by the foreign CA: same look, wrong
// issuer, for negative tests.
func (p *PKI) ForeignClient(name string) pki.Identity {
	p.t.Helper()
	p.named.Lock()
	defer p.named.Unlock()
	p.mu.Lock()
	id, ok := p.foreign[name]
	p.mu.Unlock()
	if ok {
		return id
	}
	id = p.issue(p.ForeignCA, "foreign-"+name, pki.Request{Kind: pki.KindClient, CommonName: name})
	p.mu.Lock()
	p.foreign[name] = id
	p.mu.Unlock()
	return id
}

// Rotate issues a new certificate and key for the client or TPP identity called name (as a
// certificate rotation would) and returns it; the old one stays valid from the CA's point of view.
func (p *PKI) Rotate(name string) pki.Identity {
	p.t.Helper()
	p.mu.Lock()
	old, ok := p.latest[name]
	p.mu.Unlock()
	if !ok {
		p.t.Fatalf("pkitest: rotate %q: no such identity", name)
	}
	c := p.Certificate(old)
	req := pki.Request{Kind: pki.KindClient, CommonName: c.Subject.CommonName}
	if s, err := pki.ParseTPPSubject(c); err == nil {
		req = pki.Request{Kind: pki.KindTPP, TPP: &s}
	} else if name == "server" {
		req = pki.Request{Kind: pki.KindServer}
	}
	id := p.Issue(name, req)
	if name == "server" {
		p.mu.Lock()
		p.server = id
		p.mu.Unlock()
	}
	return id
}

// ShortLived issues a client identity called name whose certificate expires d from now (d may be
// negative for one that has already expired), for expiry tests.
func (p *PKI) ShortLived(name string, d time.Duration) pki.Identity {
	p.t.Helper()
	notAfter := time.Now().Add(d)
	validity := time.Hour
	if d > validity {
		validity = d
	}
	// Issue(Now = at) yields NotAfter = at + validity.
	at := notAfter.Add(-validity)
	return p.Issue(name, pki.Request{Kind: pki.KindClient, CommonName: name, Validity: validity, Now: func() time.Time { return at }})
}

// Certificate returns the parsed certificate of an identity this PKI issued.
func (p *PKI) Certificate(id pki.Identity) *x509.Certificate {
	p.t.Helper()
	p.mu.Lock()
	c, ok := p.certs[id.CertFile]
	p.mu.Unlock()
	if !ok {
		var err error
		if c, err = pki.LoadCertificate(id.CertFile); err != nil {
			p.t.Fatalf("pkitest: %v", err)
		}
	}
	return c
}

// Fingerprint is pki.Fingerprint of the identity's certificate.
func (p *PKI) Fingerprint(id pki.Identity) string { return pki.Fingerprint(p.Certificate(id)) }

// AllowList returns an allow-list of the fingerprints of ids.
func (p *PKI) AllowList(ids ...pki.Identity) pki.AllowList {
	p.t.Helper()
	var certs []*x509.Certificate
	for _, id := range ids {
		certs = append(certs, p.Certificate(id))
	}
	return pki.AllowCertificates(certs...)
}

// ServerOptions are the options of a server presenting Server() and requiring a client certificate
// from the CA whose fingerprint is one of allowed's.
func (p *PKI) ServerOptions(allowed ...pki.Identity) pki.ServerOptions {
	p.t.Helper()
	if len(allowed) == 0 {
		p.t.Fatalf("pkitest: a mutual-TLS server needs at least one allowed client identity")
	}
	return pki.ServerOptions{
		Identity:          p.Server(),
		RequireClientCert: true,
		ClientCAFiles:     []string{p.CAFile},
		AllowList:         p.AllowList(allowed...),
	}
}

// ServerConfig is the TLS configuration of a server requiring a client certificate from the CA on
// the allow-list of allowed (at least one identity).
func (p *PKI) ServerConfig(allowed ...pki.Identity) *tls.Config {
	p.t.Helper()
	cfg, err := pki.ServerConfig(p.ServerOptions(allowed...))
	if err != nil {
		p.t.Fatalf("pkitest: %v", err)
	}
	return cfg
}

// WebServerConfig is the TLS configuration of a server that asks for no client certificate (the
// bank's public web pages).
func (p *PKI) WebServerConfig() *tls.Config {
	p.t.Helper()
	cfg, err := pki.ServerConfig(pki.ServerOptions{Identity: p.Server()})
	if err != nil {
		p.t.Fatalf("pkitest: %v", err)
	}
	return cfg
}

// OptionalClientCertConfig is the TLS configuration of a server that asks for a client certificate,
// verifies one from the CA when given (any identity of the CA; no allow-list), and lets clients
// without one in: the platform's authorization server, whose handlers look at r.TLS.
func (p *PKI) OptionalClientCertConfig() *tls.Config {
	p.t.Helper()
	cfg, err := pki.ServerConfig(pki.ServerOptions{Identity: p.Server(), OptionalClientCert: true, ClientCAFiles: []string{p.CAFile}})
	if err != nil {
		p.t.Fatalf("pkitest: %v", err)
	}
	return cfg
}

// ClientConfig is the TLS configuration of a client presenting id (none when id is zero) and
// trusting the CA for server certificates.
func (p *PKI) ClientConfig(id pki.Identity) *tls.Config {
	p.t.Helper()
	cfg, err := pki.ClientConfig(pki.ClientOptions{Identity: id, RootCAFiles: []string{p.CAFile}})
	if err != nil {
		p.t.Fatalf("pkitest: %v", err)
	}
	return cfg
}

// HTTPClient is an HTTP client presenting id (none when id is zero), trusting the CA, with its idle
// connections closed when the test ends.
func (p *PKI) HTTPClient(id pki.Identity) *http.Client {
	p.t.Helper()
	tr := &http.Transport{TLSClientConfig: p.ClientConfig(id), ForceAttemptHTTP2: true}
	p.t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: time.Minute}
}

// NewServer starts h on 127.0.0.1 over TLS with ServerConfig(allowed...) — or WebServerConfig when
// allowed is empty — and closes it when the test ends. Its URL is https://127.0.0.1:PORT.
func (p *PKI) NewServer(h http.Handler, allowed ...pki.Identity) *httptest.Server {
	p.t.Helper()
	srv := httptest.NewUnstartedServer(h)
	if len(allowed) == 0 {
		srv.TLS = p.WebServerConfig()
	} else {
		srv.TLS = p.ServerConfig(allowed...)
	}
	// Refused handshakes are the point of many tests; log them with the test instead of on stderr.
	srv.Config.ErrorLog = log.New(testWriter{p.t}, "", 0)
	srv.StartTLS()
	p.t.Cleanup(srv.Close)
	return srv
}

// testWriter sends a server's log lines to the test's log.
type testWriter struct{ t testing.TB }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Logf("server: %s", strings.TrimSpace(string(b)))
	return len(b), nil
}
